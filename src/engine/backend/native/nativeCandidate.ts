/**
 * Loading tfjs-node / tfjs-node-gpu from wherever it was found, into the engine's tfjs-core.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as tf from '../tfjs';
import type { BackendCandidate, BackendDetail, LoadedBackend } from '../types';
import { describeCudaProblem, GPU_GUIDE, probeCuda, type CudaProbe } from './cudaProbe';
import { restoreLegacyUtil } from './legacyNodeUtil';
import type { NativePackageLocation } from './nativeLocations';
import { applyNativeThreads, quietTensorFlowLogs } from './nativeThreads';
import { shareTfjsWith } from './tfjsSharing';

const TF_BACKEND = 'tensorflow';

export interface NativeLoadDeps {
  /** Loads a package folder; Node's require by default. Tests inject fakes. */
  requireFn?: (packageDir: string) => unknown;
  /** Checks CUDA before a GPU package is loaded; probeCuda() by default. */
  cudaProbe?: () => CudaProbe;
  /** Native thread count (see nativeThreads.ts); undefined: $SER_NATIVE_THREADS or TF's default. */
  threads?: number;
  env?: NodeJS.ProcessEnv;
}

/** The live tfjs-node backend's fields we report (not part of tfjs' public typings). */
interface NodeBackendFields {
  binding?: { TF_Version?: string };
  isUsingGpuDevice?: boolean;
}

const nodeRequire = createRequire(__filename);
/**
 * The 'tensorflow' backend factory and kernels each package registered, so a second selection in the process can
 * reuse them (a module loads once: requiring it again registers nothing), and the thread count TensorFlow started
 * with (fixed from then on, whatever a later call asks).
 */
const loadedPackages = new Map<string, { factory: Parameters<typeof tf.registerBackend>[1]; kernels: tf.KernelConfig[]; threads: number | undefined }>();

function packageVersion(packageDir: string): string {
  try {
    return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

export function nativeCandidate(loc: NativePackageLocation, deps: NativeLoadDeps = {}): BackendCandidate {
  const gpu = loc.flavor === 'gpu';
  return {
    name: gpu ? 'node-gpu' : 'node',
    from: loc.from,
    async load(): Promise<LoadedBackend> {
      if (gpu) {
        // Before loading: once a libtensorflow is in the process it cannot be unloaded, and without CUDA the GPU
        // build would quietly compute on the CPU.
        const probe = (deps.cudaProbe ?? (() => probeCuda()))();
        if (!probe.ok) throw new Error(describeCudaProblem(probe));
      }
      const env = deps.env ?? process.env;
      const known = loadedPackages.get(loc.packageDir);
      const threads = known ? known.threads : applyNativeThreads(deps.threads, env);
      quietTensorFlowLogs(env);
      shareTfjsWith(loc.root);
      // An earlier candidate (e.g. a GPU package without a GPU) may have registered 'tensorflow': make room.
      if (tf.findBackendFactory(TF_BACKEND)) tf.removeBackend(TF_BACKEND);
      if (known) {
        // A discard (a rejected selection) or the other package may have removed or replaced the kernels: put this
        // package's own back with its factory.
        for (const k of tf.getKernelsForBackend(TF_BACKEND)) tf.unregisterKernel(k.kernelName, TF_BACKEND);
        for (const k of known.kernels) tf.registerKernel(k);
        tf.registerBackend(TF_BACKEND, known.factory, 3);
      } else {
        restoreLegacyUtil();
        try {
          (deps.requireFn ?? nodeRequire)(loc.packageDir);
        } catch (err) {
          throw new Error(`cannot load ${loc.packageName} from ${loc.packageDir}: ${message(err)}`);
        }
        const factory = tf.findBackendFactory(TF_BACKEND);
        if (!factory) throw new Error(`${loc.packageName} loaded from ${loc.packageDir} but registered no '${TF_BACKEND}' backend with the engine's tfjs-core`);
        loadedPackages.set(loc.packageDir, { factory, kernels: tf.getKernelsForBackend(TF_BACKEND), threads });
      }
      const detail: BackendDetail = {
        tfjsVersion: tf.version_core,
        backendPackage: `${loc.packageName} ${packageVersion(loc.packageDir)}`,
        loadedFrom: loc.packageDir,
        threads: threads ?? availableParallelism(),
        threadsConfigured: threads !== undefined,
      };
      return {
        tfBackendName: TF_BACKEND,
        device: gpu ? 'GPU' : 'CPU native',
        detail,
        confirm() {
          const live = tf.backend() as unknown as NodeBackendFields;
          const tensorflowVersion = live.binding?.TF_Version ?? loc.manifest?.tensorflowVersion;
          if (gpu && live.isUsingGpuDevice !== true) {
            throw new Error(
              `TensorFlow found no usable GPU (${loc.packageName} loaded, TensorFlow ${tensorflowVersion ?? '?'}); check the driver (nvidia-smi) and that CUDA 12 / cuDNN 9 are on LD_LIBRARY_PATH (see ${GPU_GUIDE})`,
            );
          }
          return { detail: { ...detail, ...(tensorflowVersion ? { tensorflowVersion } : {}), ...(gpu ? { gpuDevice: true } : {}) } };
        },
        discard() {
          if (tf.findBackendFactory(TF_BACKEND)) tf.removeBackend(TF_BACKEND);
          // Its kernels too, so the next package registers its own without ~160 "already registered" warnings.
          for (const k of tf.getKernelsForBackend(TF_BACKEND)) tf.unregisterKernel(k.kernelName, TF_BACKEND);
        },
      };
    },
  };
}

/** A candidate for a native backend that is not set up anywhere: tried, it says where it looked and what to run. */
export function absentNativeCandidate(name: 'node' | 'node-gpu', searched: string[], skipped: { dir: string; problem: string }[]): BackendCandidate {
  return {
    name,
    from: 'not set up',
    async load(): Promise<LoadedBackend> {
      const why = skipped.length ? `; unusable: ${skipped.map((s) => `${s.dir}: ${s.problem}`).join('; ')}` : '';
      const how = name === 'node-gpu' ? 'ser setup-backend --gpu' : 'ser setup-backend (or npm run setup:native in the repository)';
      throw new Error(`not set up (looked in ${searched.join(', ')}${why}); run ${how}`);
    },
  };
}

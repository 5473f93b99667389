/** The two backends that ship with the engine's dependencies: wasm (SIMD, one thread in Node) and pure-JS cpu. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from './tfjs';
import type { BackendCandidate, LoadedBackend } from './types';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';

const nodeRequire = createRequire(__filename);

interface WasmModule {
  version_wasm: string;
  getThreadsCount(): number;
}

export function wasmCandidate(): BackendCandidate {
  return {
    name: 'wasm',
    from: 'node_modules',
    async load(): Promise<LoadedBackend> {
      // Loaded only when tried: its import registers the backend and ~160 kernels.
      const wasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as WasmModule;
      registerWasmTrainingKernels();
      const detail = {
        tfjsVersion: tf.version_core,
        backendPackage: `@tensorflow/tfjs-backend-wasm ${wasm.version_wasm}`,
        loadedFrom: dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
        threads: 1,
        threadsConfigured: false,
      };
      return {
        tfBackendName: 'wasm',
        device: 'WASM',
        detail,
        confirm() {
          // The SIMD flag is evaluated (asynchronously) while the backend initialises; read the settled value.
          const simd = (tf.env() as unknown as { flags: Record<string, unknown> }).flags.WASM_HAS_SIMD_SUPPORT;
          return { detail: { ...detail, threads: wasm.getThreadsCount(), ...(typeof simd === 'boolean' ? { simd } : {}) } };
        },
      };
    },
  };
}

export function cpuCandidate(): BackendCandidate {
  return {
    name: 'cpu',
    from: 'built in',
    async load(): Promise<LoadedBackend> {
      const cpuVersion = (nodeRequire('@tensorflow/tfjs-backend-cpu') as { version_cpu: string }).version_cpu;
      return {
        tfBackendName: 'cpu',
        device: 'CPU',
        detail: { tfjsVersion: tf.version_core, backendPackage: `@tensorflow/tfjs-backend-cpu ${cpuVersion}`, threads: 1, threadsConfigured: false },
        confirm() {
          // The cpu backend prints a "use tfjs-node" banner on its first tensor; the engine prints nothing itself.
          const live = tf.backend() as unknown as { firstUse?: boolean };
          if ('firstUse' in live) live.firstUse = false;
        },
      };
    },
  };
}

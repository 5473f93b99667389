/** The two backends that ship with the engine: wasm (SIMD, one thread in Node) and pure-JS cpu. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as tf from './tfjs';
import type { BackendCandidate, LoadedBackend } from './types';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';

/** For paths only found from the sources (esbuild leaves a createRequire alone). */
const nodeRequire = createRequire(__filename);

/** The binary Node loads when it has WebAssembly SIMD (every Node >= 16), and the one without. */
const WASM_BINARY = 'tfjs-backend-wasm-simd.wasm';

/**
 * The folder holding the wasm backend's binaries: next to the bundle (esbuild.mjs copies them into dist/), else the
 * package's own dist/ (TypeScript under tsx).
 */
function wasmBinaryDir(): string {
  if (existsSync(join(__dirname, WASM_BINARY))) return __dirname;
  return join(dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

let wasmPathsSet = false;

export function wasmCandidate(): BackendCandidate {
  return {
    name: 'wasm',
    from: 'built in',
    async load(): Promise<LoadedBackend> {
      // Loaded only when tried: its import registers the backend and ~160 kernels.
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof WasmBackend;
      const binaries = wasmBinaryDir();
      // Said explicitly rather than left to Emscripten's guess (the folder of the script that contains it), which
      // a bundler or a different layout silently changes. Only allowed before the backend first initialises.
      if (!wasmPathsSet) wasm.setWasmPaths(`${binaries}/`);
      wasmPathsSet = true;
      registerWasmTrainingKernels();
      const detail = {
        tfjsVersion: tf.version_core,
        backendPackage: `@tensorflow/tfjs-backend-wasm ${wasm.version_wasm}`,
        loadedFrom: binaries,
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
      return {
        tfBackendName: 'cpu',
        device: 'CPU',
        detail: { tfjsVersion: tf.version_core, backendPackage: `@tensorflow/tfjs-backend-cpu ${version_cpu}`, threads: 1, threadsConfigured: false },
        confirm() {
          // The cpu backend prints a "use tfjs-node" banner on its first tensor; the engine prints nothing itself.
          const live = tf.backend() as unknown as { firstUse?: boolean };
          if ('firstUse' in live) live.firstUse = false;
        },
      };
    },
  };
}

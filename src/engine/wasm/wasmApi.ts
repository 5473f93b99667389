/**
 * The part of the WebAssembly JavaScript API the engine's kernels use (see wasmBinary.ts), typed here because the
 * host tsconfig has no DOM lib (which is where TypeScript declares WebAssembly). Node and Electron always provide it.
 */
import { SerError } from '../errors';

/** A linear memory; `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** A compiled module; structured-cloneable, so worker threads instantiate it without compiling again. */
export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports?: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's WebAssembly object; throws a SerError naming the problem when there is none. */
export function wasmApi(): WasmApi {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) throw new SerError('unsupported', undefined, 'this JavaScript runtime has no WebAssembly, which the neighbour search needs');
  return api;
}

/**
 * Compiles and instantiates `bytes` (a module with no imports); undefined when the runtime has no WebAssembly, or
 * cannot compile them (no SIMD), so the caller can fall back to JavaScript.
 */
export function tryInstantiate(bytes: Uint8Array): WasmInstance | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    return new api.Instance(new api.Module(bytes));
  } catch {
    return undefined;
  }
}

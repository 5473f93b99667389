/**
 * The engine's backend, selected once per process: tfjs-node-gpu (CUDA) > tfjs-node (native CPU) > wasm > cpu,
 * unless the caller (or $SER_BACKEND) names one. Every host (CLI, worker, tests) calls ensureBackend() before
 * training or scoring and shows the BackendInfo it returns.
 */
import { SerError } from '../errors';
import { cpuCandidate, wasmCandidate } from './builtinCandidates';
import { absentNativeCandidate, nativeCandidate, type NativeLoadDeps } from './native/nativeCandidate';
import { findNativePackages, type NativeSearchOptions } from './native/nativeLocations';
import { pickBackend } from './pickBackend';
import * as tf from './tfjs';
import { BACKEND_CHOICES, type BackendCandidate, type BackendChoice, type BackendInfo } from './types';

/** Environment variable that overrides the choice for a whole process tree (CI, benchmarks). */
export const BACKEND_ENV = 'SER_BACKEND';

export interface EnsureBackendOptions extends NativeSearchOptions {
  /** Which backend; default $SER_BACKEND, else 'auto' (the best one present). */
  backend?: BackendChoice;
  /** Native backends' TensorFlow threads (intra- and inter-op); default $SER_NATIVE_THREADS, else TF's (all cores). */
  threads?: number;
}

/** Injected in tests: replaces the loaders or CUDA check. */
export interface BackendDeps extends Pick<NativeLoadDeps, 'requireFn' | 'cudaProbe'> {
  /** Replaces the whole candidate list (picker tests). */
  candidates?: BackendCandidate[];
}

export function parseBackendChoice(value: string, what = 'backend'): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new SerError('usage', undefined, `${what} must be one of ${BACKEND_CHOICES.join(', ')}; got "${value}"`);
}

/** Every candidate in the picker's order, including "not set up" entries so reports say what is missing. */
export function backendCandidates(options: EnsureBackendOptions = {}, deps: BackendDeps = {}): BackendCandidate[] {
  const load: NativeLoadDeps = { ...deps, ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(options.env ? { env: options.env } : {}) };
  const out: BackendCandidate[] = [];
  for (const [name, flavor] of [['node-gpu', 'gpu'], ['node', 'cpu']] as const) {
    const search = findNativePackages(flavor, options, tf.version_core);
    if (search.found.length === 0) out.push(absentNativeCandidate(name, search.searched, search.skipped));
    for (const loc of search.found) out.push(nativeCandidate(loc, load));
  }
  out.push(wasmCandidate(), cpuCandidate());
  return out;
}

let selected: { key: string; promise: Promise<BackendInfo> } | undefined;

/**
 * Selects the backend once per process and returns what was selected. Later bare calls return the same selection;
 * a call that names another backend, native folder or thread count selects again (already-loaded native libraries
 * stay loaded: a native engine set up after one was loaded takes effect in new processes). A failed selection is
 * not cached, so a later call can try again.
 */
export function ensureBackend(options: EnsureBackendOptions = {}, deps: BackendDeps = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const choice = options.backend ?? (env[BACKEND_ENV] ? parseBackendChoice(env[BACKEND_ENV]!, `$${BACKEND_ENV}`) : 'auto');
  const key = JSON.stringify([choice, options.nativeDir ?? null, options.threads ?? null]);
  // A bare call (auto, nothing else said) takes whatever was selected; anything specific that differs reselects.
  if (selected && (selected.key === key || (choice === 'auto' && options.nativeDir === undefined && options.threads === undefined))) {
    return selected.promise;
  }
  const promise = pickBackend(choice, deps.candidates ?? backendCandidates(options, deps));
  const entry = { key, promise };
  selected = entry;
  promise.catch(() => {
    if (selected === entry) selected = undefined;
  });
  return promise;
}

/** The deterministic pure-JS cpu backend, for tests: same results on every machine, whatever is set up. */
export function useCpuBackend(): Promise<BackendInfo> {
  return ensureBackend({ backend: 'cpu' });
}

/** What ensureBackend selected so far in this process, if anything (for status displays). */
export function selectedBackend(): Promise<BackendInfo> | undefined {
  return selected?.promise;
}

/** Forgets the selection (tests that exercise selection more than once in a process). */
export function resetBackendSelection(): void {
  selected = undefined;
}

/** What the backend picker chooses between and what it reports. Plain data: it crosses to the host and the run files. */

/** The engine's names for the TensorFlow.js backends, best first. */
export type BackendName = 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** What a caller may ask for: 'auto' takes the best one present. */
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_ORDER: readonly BackendName[] = ['node-gpu', 'node', 'wasm', 'cpu'];

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_ORDER];

/** Where the arithmetic runs, as shown to people. */
export type BackendDevice = 'GPU' | 'CPU native' | 'WASM' | 'CPU';

/** Versions, place and threads of the selected backend. */
export interface BackendDetail {
  /** @tensorflow/tfjs-core version the engine runs. */
  tfjsVersion: string;
  /** The backend package and its version, e.g. "@tensorflow/tfjs-node 4.22.0"; absent for the built-in cpu. */
  backendPackage?: string;
  /** libtensorflow's TF_Version for the native backends, e.g. "2.21.0". */
  tensorflowVersion?: string;
  /** Folder the backend package was loaded from (native and wasm). */
  loadedFrom?: string;
  /** Threads the backend computes with (native: TF intra-op threads; wasm and cpu: 1). */
  threads: number;
  /** True when `threads` was set by the caller (SER_NATIVE_THREADS or options.threads), false for TF's default. */
  threadsConfigured: boolean;
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  /** node-gpu only: whether TensorFlow reported a GPU device. */
  gpuDevice?: boolean;
}

/** A backend that was tried and not taken, with the reason in plain words. */
export interface BackendFailure {
  name: BackendName;
  error: string;
  /** Where it was looked for or loaded from, when that is a place. */
  from?: string;
}

/** The selected backend, for the CLI, the run metadata and the status bar. */
export interface BackendInfo {
  name: BackendName;
  /** The name tfjs knows it by: 'tensorflow', 'wasm' or 'cpu'. */
  tfBackendName: string;
  device: BackendDevice;
  detail: BackendDetail;
  /** Better backends that were tried first and failed (or are not set up), in order. */
  tried: BackendFailure[];
  /** One line for people, e.g. "tensorflow (CPU native): TF 2.21.0, 2 threads, tfjs-node 4.22.0 from ...". */
  summary: string;
}

/** What a loader hands back once its package is loaded and its backend registered with tfjs. */
export interface LoadedBackend {
  tfBackendName: string;
  device: BackendDevice;
  detail: BackendDetail;
  /**
   * Runs after tf.setBackend succeeded; may refine the detail (e.g. the TF version only the live backend knows)
   * or throw to reject the backend (e.g. tfjs-node-gpu that sees no GPU).
   */
  confirm?(): Partial<Pick<LoadedBackend, 'device' | 'detail'>> | void;
  /** Undoes the registration when the backend is rejected, so the next candidate can register the same name. */
  discard?(): void;
}

/** One place a backend may come from; the picker tries candidates in order. */
export interface BackendCandidate {
  name: BackendName;
  /** Where it comes from, for reports ("node_modules", a native engine folder, "built in"). */
  from: string;
  load(): Promise<LoadedBackend>;
}

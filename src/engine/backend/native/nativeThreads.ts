/**
 * Threads of the native TensorFlow backend. TensorFlow reads TF_NUM_INTRAOP_THREADS and TF_NUM_INTEROP_THREADS from
 * the environment when tfjs-node creates its eager context, i.e. when the package is first loaded; after that the
 * count is fixed for the process. So the count is set through the environment, before the load.
 *
 * Benchmarks use this to compare backends at equal thread counts (wasm in Node is single-threaded).
 */

/** Environment variable the CLI and worker honour for the thread count (a positive integer). */
export const THREADS_ENV = 'SER_NATIVE_THREADS';

/** The thread count asked for: `threads` if given, else $SER_NATIVE_THREADS, else undefined (TF's default). */
export function requestedNativeThreads(threads: number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`native threads must be a positive integer, got ${threads}`);
    return threads;
  }
  const raw = env[THREADS_ENV];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${THREADS_ENV} must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * Sets TensorFlow's intra-op and inter-op thread counts for a native backend loaded after this call. Returns the
 * count that will apply: `threads`, or what the environment already says, or undefined for TF's default (one
 * thread per core).
 */
export function applyNativeThreads(threads: number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = requestedNativeThreads(threads, env);
  if (n !== undefined) {
    // Both pools: eager ops run on the caller's thread plus the intra-op pool; the inter-op pool only matters for
    // graph functions, but an unset one would still start one thread per core.
    env.TF_NUM_INTRAOP_THREADS = String(n);
    env.TF_NUM_INTEROP_THREADS = String(n);
    return n;
  }
  const preset = Number(env.TF_NUM_INTRAOP_THREADS);
  return Number.isInteger(preset) && preset > 0 ? preset : undefined;
}

/** Quietens TensorFlow's C++ info lines on stderr (warnings and errors still show), unless the user set a level. */
export function quietTensorFlowLogs(env: NodeJS.ProcessEnv = process.env): void {
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '1';
}

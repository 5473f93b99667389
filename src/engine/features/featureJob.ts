/**
 * The scheduler behind extractFeatures and loadFeatures: hands utterances to an executor (the calling thread or
 * worker threads) a few at a time, keeps the audio hash index, counts, and turns outcomes into events.
 *
 * Memory stays bounded whatever the dataset size: at most executor.capacity utterances are in flight (plus a few
 * cache probes, see below, which hold nothing but the entry they read), outcomes
 * carry no features in extract mode (the threads write them to the cache), and in load mode each matrix is
 * handed to `onMatrix` as it arrives. Cancellation (the signal) closes the executor at once, terminating the
 * threads; entries already written are complete (atomic writes), so the next run reads them.
 *
 * With worker threads, an utterance whose file the hash index knows is first looked up in the cache from the
 * calling thread (a stat and one entry read); only misses go to the threads, which start on the first miss.
 * So a rerun over a cached dataset starts no thread at all.
 *
 * Utterances of a file nobody has hashed yet wait while another task of the same file hashes it: a manifest with
 * 1000 regions of one 2 GB session file hashes it once, not 1000 times.
 */
import { availableParallelism } from 'node:os';
import { CancelledError, SerError, asSerError, throwIfAborted } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import { NodeFileSystem } from '../io/nodeFileSystem';
import { joinPath } from '../datasets/paths';
import { AudioHashIndex } from './audioHashIndex';
import { checkFeatureConfig, completeFeatureConfig, type FeatureMatrix } from './featureConfig';
import type { FeatureEvent, FeatureJobOptions, FeatureProblem, FeatureProgress, FeatureSummary, FeatureUtterance } from './featureJobTypes';
import { FeatureTaskRunner, type FeatureTask, type TaskOutcome } from './featureTask';
import { FeatureThreadPool } from './featureThreadPool';
import { InProcessExecutor, type TaskExecutor } from './taskExecutor';

/** The thread script's file name in distDir. */
export const FEATURE_WORKER_SCRIPT = 'featureWorker.js';
/** How often the hash index is saved during a long job, so a cancelled run keeps most of it. */
const INDEX_SAVE_MS = 30_000;
/** Cache probes in flight in the calling thread beyond the executor's capacity (they only wait for I/O). */
const EXTRA_PROBES = 8;

/** Receives a finished matrix in load mode: `index` is the utterance's position in the job's list. */
export type MatrixSink = (index: number, matrix: FeatureMatrix) => void;

/** Chooses and starts where tasks run; a parameter of runFeatureJob so tests can watch the scheduler. */
export type ExecutorFactory = (fs: FileSystem, options: FeatureJobOptions, total: number) => Promise<TaskExecutor>;

export const openExecutor: ExecutorFactory = async (fs, options, total) => {
  const config = options.config;
  const requested = options.workers ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 0) throw new SerError('usage', undefined, `workers must be a whole number >= 0, not ${requested}`);
  const threads = Math.min(requested, total);
  if (threads === 0) return new InProcessExecutor(fs, config, options.cacheDir);
  if (!(fs instanceof NodeFileSystem)) {
    throw new SerError('usage', undefined, 'worker threads read through node:fs; with another FileSystem pass workers: 0');
  }
  const script = options.workerScript ?? (options.distDir !== undefined ? joinPath(options.distDir, FEATURE_WORKER_SCRIPT) : undefined);
  if (script === undefined) throw new SerError('usage', undefined, 'worker threads need distDir or workerScript (or pass workers: 0)');
  if (!(await fs.stat(script))?.isFile) throw new SerError('not-found', script, 'the feature worker script is missing (run `npm run build`)');
  return new FeatureThreadPool(script, threads, { config, cacheDir: options.cacheDir });
};

/** The events of a feature job over `utterances`; see extractFeatures for the contract. */
export async function* runFeatureJob(
  fs: FileSystem,
  utterances: readonly FeatureUtterance[],
  options: FeatureJobOptions,
  onMatrix?: MatrixSink,
  open: ExecutorFactory = openExecutor,
): AsyncGenerator<FeatureEvent, void, undefined> {
  const started = Date.now();
  const { signal, cacheDir } = options;
  const config = completeFeatureConfig(options.config);
  checkFeatureConfig(config);
  throwIfAborted(signal, 'feature extraction');
  try {
    await fs.mkdirp(cacheDir);
  } catch (err) {
    throw new SerError('cache', cacheDir, `cannot create the feature cache folder: ${asSerError(err, cacheDir).problem}`, { cause: err });
  }
  const warnings: FeatureProblem[] = [];
  const { index: hashes, problem } = await AudioHashIndex.load(fs, cacheDir);
  if (problem) warnings.push({ file: hashes.file, message: `audio hash index ${problem}` });

  const total = utterances.length;
  const executor = await open(fs, { ...options, config }, total);
  const prober = executor.mainThread ? undefined : new FeatureTaskRunner(fs, config, cacheDir);
  const limit = executor.capacity + (prober ? EXTRA_PROBES : 0);
  const counts = { done: 0, cached: 0, computed: 0, failed: 0 };
  const errors: FeatureProblem[] = [];
  const repaired: FeatureProblem[] = [];
  let samples = 0;
  let currentFile: string | undefined;

  // Completions arrive from the executor's promises; the loop below sleeps until one does or the job is aborted.
  const finished: TaskOutcome[] = [];
  let fatal: unknown;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const wake = () => {
    if (wakeUp) {
      const w = wakeUp;
      wakeUp = undefined;
      w();
    } else woken = true;
  };
  const sleep = () => (woken ? ((woken = false), Promise.resolve()) : new Promise<void>((r) => (wakeUp = r)));
  const onAbort = () => {
    void executor.close();
    wake();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  let next = 0;
  let inFlight = 0;
  const ready: number[] = [];
  const waiting = new Map<string, number[]>();
  const hashing = new Set<string>();
  /** The next utterance to start, holding back (in `waiting`) those whose unhashed file another task is hashing. */
  const take = (): number | undefined => {
    for (;;) {
      const i = ready.length > 0 ? ready.shift()! : next < total ? next++ : undefined;
      if (i === undefined) return undefined;
      const path = utterances[i].audioPath;
      if (hashes.get(path) !== undefined || !hashing.has(path)) return i;
      const w = waiting.get(path);
      if (w) w.push(i);
      else waiting.set(path, [i]);
    }
  };
  const dispatch = () => {
    while (inFlight < limit && !signal?.aborted) {
      const i = take();
      if (i === undefined) return;
      const u = utterances[i];
      const known = hashes.get(u.audioPath);
      if (!known) hashing.add(u.audioPath);
      const task: FeatureTask = { index: i, audioPath: u.audioPath, keep: onMatrix !== undefined, ...(known ? { known } : {}) };
      if (u.start !== undefined) task.start = u.start;
      if (u.end !== undefined) task.end = u.end;
      inFlight++;
      currentFile = u.audioPath;
      const outcome = prober && known ? prober.probe(task).then((hit) => hit ?? executor.run(task)) : executor.run(task);
      outcome.then(
        (o) => {
          finished.push(o);
          wake();
        },
        (err) => {
          fatal ??= err;
          wake();
        },
      );
    }
  };

  const snapshot = (extra: Partial<FeatureProgress> = {}): FeatureProgress => ({ type: 'progress', ...counts, total, ...(currentFile ? { currentFile } : {}), ...extra });
  const interval = options.progressIntervalMs ?? 200;
  let lastProgress = 0;
  let lastSave = Date.now();
  try {
    yield snapshot();
    dispatch();
    while (counts.done < total) {
      await sleep();
      if (signal?.aborted) throw new CancelledError('feature extraction');
      if (fatal !== undefined) throw fatal;
      const events: FeatureProgress[] = [];
      for (const o of finished.splice(0)) {
        inFlight--;
        counts.done++;
        const u = utterances[o.index];
        if (hashing.delete(u.audioPath)) {
          const w = waiting.get(u.audioPath);
          if (w) ready.push(...w);
          waiting.delete(u.audioPath);
        }
        if (o.status === 'failed') {
          counts.failed++;
          const e = { file: o.file, message: o.problem, id: u.id };
          errors.push(e);
          events.push(snapshot({ error: e }));
          continue;
        }
        counts[o.status]++;
        samples += o.samples;
        if (o.hashed) hashes.set(u.audioPath, o.hashed);
        if (o.repaired) {
          const r = { file: o.repaired.file, message: `${o.repaired.problem}; recomputed from ${u.audioPath}`, id: u.id };
          repaired.push(r);
          events.push(snapshot({ repaired: r }));
        }
        if (o.cacheProblem) warnings.push({ file: o.cacheProblem.file, message: o.cacheProblem.problem, id: u.id });
        if (o.matrix && onMatrix) onMatrix(o.index, o.matrix);
      }
      dispatch();
      for (const e of events) yield e;
      const now = Date.now();
      if (events.length === 0 && (now - lastProgress >= interval || counts.done === total)) {
        lastProgress = now;
        yield snapshot();
      }
      if (now - lastSave > INDEX_SAVE_MS) {
        lastSave = now;
        await saveIndex(fs, hashes, warnings);
      }
    }
    await executor.close();
    await saveIndex(fs, hashes, warnings);
    const summary: FeatureSummary = {
      total,
      ...counts,
      errors,
      repaired,
      warnings,
      seconds: (Date.now() - started) / 1000,
      audioSeconds: samples / config.sampleRate,
      workers: executor.threads,
    };
    yield { type: 'done', summary };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await executor.close();
    // Cancelled or abandoned: keep the hashes learnt so far (failures here cost only speed next time).
    await hashes.save(fs).catch(() => undefined);
  }
}

async function saveIndex(fs: FileSystem, hashes: AudioHashIndex, warnings: FeatureProblem[]): Promise<void> {
  try {
    await hashes.save(fs);
  } catch (err) {
    warnings.push({ file: hashes.file, message: `cannot save the audio hash index: ${asSerError(err, hashes.file).problem}` });
  }
}

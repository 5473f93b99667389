/**
 * `ser eval`: speaker-independent evaluation of the training config on a dataset, as an async generator of
 * TrainEvents that ends with the summary. Leave-one-session-out (corpora with sessions, IEMOCAP's 5) or
 * leave-one-speaker-out; folds run in parallel when the executor allows. With `grid`, the paper's comparison:
 * the cross-entropy-only baseline (lambda 0) and every feature-selection x pair-selection variant on the same
 * folds, each a sub-run under grid/<variant>. Finished folds survive a kill or a cancel; running the same command
 * again resumes.
 */
import type { FileSystem } from '../io/fileSystem';
import { CancelledError, SerError } from '../errors';
import type { FeatureConfig } from '../features/featureConfig';
import type { BackendSummary, EvalMetrics, EvalParams, EvalProtocol, EvalSummary, GridRow, TrainEvent } from '../../shared/trainTypes';
import { resolveFeatureConfig } from '../jobs/featureOverrides';
import { resolveTrainConfig, FEATURE_SELECTIONS, PAIR_SELECTIONS, type TrainConfig } from '../train/trainConfig';
import { claimRunDir, fingerprintOf, readRunInfo, runPaths, writeRunInfo, RunLog, type RunInfo } from '../run/runDirectory';
import { makeFolds } from './folds';
import { aggregateFolds } from './aggregate';
import type { FoldExecutor } from './foldExecutor';
import type { FoldTask } from './foldTask';
import { prepareTrainingSet, type FeatureSource, type TrainingSet } from './trainingSet';
import { AsyncQueue } from './asyncQueue';

export interface EvalEnvironment {
  fs: FileSystem;
  features: FeatureSource;
  /** Selects the backend for in-process work and says which it is. */
  backend: (choice: EvalParams['backend']) => Promise<BackendSummary>;
  /** Makes the executor that runs folds, once the training set is known. */
  executor: (set: TrainingSet, backend: BackendSummary) => Promise<FoldExecutor>;
}

export interface GridVariant {
  name: string;
  config: TrainConfig;
}

/** CE-only first, then every feature selection x pair selection at the config's lambda (or 0.1 when it is 0). */
export function gridVariants(base: TrainConfig): GridVariant[] {
  const lambda = base.loss.lambda > 0 ? base.loss.lambda : 0.1;
  const out: GridVariant[] = [{ name: 'ce-only', config: { ...base, loss: { ...base.loss, lambda: 0 } } }];
  for (const featureSelection of FEATURE_SELECTIONS) {
    for (const pairSelection of PAIR_SELECTIONS) {
      out.push({ name: `${featureSelection}+${pairSelection}`, config: { ...base, loss: { ...base.loss, lambda, featureSelection, pairSelection } } });
    }
  }
  return out;
}

export async function* evaluate(env: EvalEnvironment, params: EvalParams, signal?: AbortSignal): AsyncGenerator<TrainEvent, EvalSummary> {
  const started = Date.now();
  const config = resolveTrainConfig(params.config ?? {}, params.configSource);
  const featureConfig: FeatureConfig = resolveFeatureConfig(config.features);
  const queue = new AsyncQueue<TrainEvent>();
  const backend = await env.backend(params.backend);
  yield { type: 'backend', backend };
  const preparing = prepareTrainingSet(env.fs, env.features, params, featureConfig, { speakerNormalization: config.speakerNormalization, signal, onEvent: (e) => queue.push(e) });
  yield* queue.drainUntil(preparing);
  const set = await preparing;
  const protocol: EvalProtocol = params.protocol ?? (new Set(set.items.map((i) => i.session)).size > 1 && set.dataset.format === 'iemocap' ? 'loso-session' : 'loso-speaker');
  const folds = makeFolds(set.items, protocol, { validationShare: config.validationShare, seed: config.seed });
  const variants = params.grid ? gridVariants(config) : [{ name: '', config }];
  const fingerprint = fingerprintOf({ root: set.dataset.root, classes: set.classes, labels: set.labelsHash, config, protocol, grid: !!params.grid, featureConfig });
  const mode = await claimRunDir(env.fs, params.runDir, fingerprint);
  const log = new RunLog(env.fs, params.runDir);
  const now = new Date().toISOString();
  const previous = mode === 'resume' ? await readRunInfo(env.fs, params.runDir) : undefined;
  const info: RunInfo = {
    format: 'ser-run', version: 1, kind: 'eval', createdAt: previous?.createdAt ?? now, updatedAt: now, status: 'running',
    dataset: { root: set.dataset.root, format: set.dataset.format, classes: params.classes ?? '', subset: params.subset ?? 'all' },
    classes: set.classes, protocol,
    folds: folds.map((f) => ({ index: f.index, name: f.name, train: f.train.length, validation: f.validation.length, test: f.test.length })),
    utterances: set.items.length, config, featureConfig, backend, fingerprint,
  };
  await writeRunInfo(env.fs, params.runDir, info);
  await log.write(`${mode === 'resume' ? 'resuming' : 'starting'} ${protocol} evaluation of ${set.items.length} utterances (${set.classes.join(', ')}), ${folds.length} folds x ${variants.length} variant(s) on ${backend.name} (${backend.detail})`);
  for (const e of set.errors) yield { type: 'log', level: 'warn', message: `${e.file}: ${e.message} (skipped)` };

  const labels: Record<string, number> = Object.fromEntries(set.items.map((i) => [i.id, i.label]));
  const tasks: FoldTask[] = variants.flatMap((v) => folds.map((fold) => ({ runDir: params.runDir, ...(v.name ? { variant: v.name } : {}), fold, foldCount: folds.length, classes: set.classes, labels, config: v.config })));
  const executor = await env.executor(set, backend);
  let failure: unknown;
  try {
    const running = runAll(executor, tasks, queue, signal).catch((err) => {
      failure = err;
    });
    yield* queue.drainUntil(running);
  } finally {
    await executor.dispose();
  }
  if (failure !== undefined) {
    const cancelled = failure instanceof CancelledError || signal?.aborted;
    await writeRunInfo(env.fs, params.runDir, { ...info, status: cancelled ? 'cancelled' : 'failed', error: String((failure as Error)?.message ?? failure) });
    await log.write(cancelled ? 'cancelled; finished folds are kept, the same command resumes' : `failed: ${(failure as Error)?.message ?? failure}`);
    throw cancelled && !(failure instanceof CancelledError) ? new CancelledError('the evaluation') : failure;
  }
  let metrics: EvalMetrics;
  let grid: GridRow[] | undefined;
  if (params.grid) {
    const results: { v: GridVariant; m: EvalMetrics }[] = [];
    for (const v of variants) results.push({ v, m: await aggregateFolds(env.fs, runPaths(params.runDir).grid(v.name), folds.length, set.classes, protocol) });
    const base = results[0].m;
    grid = results.map(({ v, m }) => ({
      variant: v.name, lambda: v.config.loss.lambda, featureSelection: v.config.loss.featureSelection, pairSelection: v.config.loss.pairSelection,
      WA: m.WA, UA: m.UA, deltaWA: m.WA - base.WA, deltaUA: m.UA - base.UA, std: { WA: m.std.WA, UA: m.std.UA },
    }));
    // The run's own results are those of the configured variant (the default config), so inspection can use them.
    const mine = variants.find((v) => fingerprintOf(v.config) === fingerprintOf(config)) ?? variants[1];
    metrics = await aggregateFolds(env.fs, runPaths(params.runDir).grid(mine.name), folds.length, set.classes, protocol);
    await copyResults(env.fs, runPaths(params.runDir).grid(mine.name), params.runDir);
    await env.fs.writeFileAtomic(`${params.runDir}/grid.json`, `${JSON.stringify(grid, null, 2)}\n`);
  } else {
    metrics = await aggregateFolds(env.fs, params.runDir, folds.length, set.classes, protocol);
  }
  const seconds = (Date.now() - started) / 1000;
  await writeRunInfo(env.fs, params.runDir, { ...info, status: 'complete' });
  await log.write(`done in ${seconds.toFixed(1)} s: UA ${metrics.UA.toFixed(2)} +- ${metrics.std.UA.toFixed(2)}, WA ${metrics.WA.toFixed(2)} +- ${metrics.std.WA.toFixed(2)} (mean over folds)`);
  return { runDir: params.runDir, backend, metrics, ...(grid ? { grid } : {}), seconds, errors: set.errors };
}

/** Runs the tasks `executor.capacity` at a time; the first failure aborts the rest. */
async function runAll(executor: FoldExecutor, tasks: FoldTask[], queue: AsyncQueue<TrainEvent>, signal?: AbortSignal): Promise<void> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal?.addEventListener('abort', onAbort);
  let next = 0;
  try {
    const lane = async () => {
      while (next < tasks.length) {
        if (inner.signal.aborted) throw new CancelledError('the evaluation');
        const task = tasks[next++];
        try {
          await executor.run(task, (e) => queue.push(e), inner.signal);
        } catch (err) {
          inner.abort();
          throw err;
        }
      }
    };
    const lanes = Array.from({ length: Math.max(1, Math.min(executor.capacity, tasks.length)) }, lane);
    const settled = await Promise.allSettled(lanes);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof CancelledError));
    if (failed) throw failed.reason;
    const cancelled = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (cancelled) throw cancelled.reason;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function copyResults(fs: FileSystem, from: string, to: string): Promise<void> {
  for (const name of ['oof.json', 'oof-embeddings.f32', 'metrics.json']) {
    const src = `${from}/${name}`;
    if (!(await fs.stat(src))) throw new SerError('not-found', src, 'grid variant result missing');
    await fs.writeFileAtomic(`${to}/${name}`, await fs.readFile(src));
  }
}

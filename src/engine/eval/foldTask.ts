/**
 * One fold of a speaker-independent evaluation: train on the fold's training speakers (early stopping on its
 * validation speakers), predict its held-out speakers, and leave the result in the run directory:
 *   folds/fold-NN/checkpoint.bin   after every epoch, while training (resume point; removed when done)
 *   folds/fold-NN/embeddings.f32   test embeddings, then
 *   folds/fold-NN/result.json      metrics and test probabilities (written last: its presence = fold done)
 * The same function runs in-process (CLI, tests) and inside worker processes (folds in parallel).
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';
import type { FeatureMatrix } from '../features/featureConfig';
import type { FoldMetrics, TrainEvent } from '../../shared/trainTypes';
import { initEncoderWeights, assignEncoderWeights, disposeEncoderWeights } from '../model/encoderParams';
import { predictUtterances } from '../model/predict';
import { readCheckpoint, writeCheckpoint } from '../train/checkpointFile';
import { trainEncoder, type TrainItem } from '../train/trainer';
import type { TrainConfig } from '../train/trainConfig';
import { runPaths } from '../run/runDirectory';
import type { Fold } from './folds';
import { argmax, computeMetrics } from './metrics';

export interface FoldTask {
  runDir: string;
  /** Grid variant name, when this fold belongs to a grid sub-run. */
  variant?: string;
  fold: Fold;
  /** Folds in the whole evaluation (for progress). */
  foldCount: number;
  classes: string[];
  /** Class index of every utterance the fold uses. */
  labels: Record<string, number>;
  config: TrainConfig;
}

/** A finished fold as stored in result.json. */
export interface FoldResult extends FoldMetrics {
  classes: string[];
  confusion: number[][];
  dim: number;
  test: { id: string; label: number; probs: number[] }[];
}

export const FOLD_RESULT = 'result.json';
export const FOLD_EMBEDDINGS = 'embeddings.f32';
export const FOLD_CHECKPOINT = 'checkpoint.bin';

/** The stored result of a finished fold, or undefined when it has not finished (or its files are damaged). */
export async function readFoldResult(fs: FileSystem, foldDir: string): Promise<{ result: FoldResult; embeddings: Float32Array } | undefined> {
  const resultPath = joinPath(foldDir, FOLD_RESULT);
  const embPath = joinPath(foldDir, FOLD_EMBEDDINGS);
  if (!(await fs.stat(resultPath)) || !(await fs.stat(embPath))) return undefined;
  try {
    const result = JSON.parse(await fs.readText(resultPath)) as FoldResult;
    const bytes = await fs.readFile(embPath);
    if (bytes.byteLength !== result.test.length * result.dim * 4) return undefined;
    const embeddings = new Float32Array(result.test.length * result.dim);
    new Uint8Array(embeddings.buffer).set(bytes);
    return { result, embeddings };
  } catch {
    return undefined;
  }
}

export async function runFoldTask(
  fs: FileSystem,
  features: ReadonlyMap<string, FeatureMatrix>,
  task: FoldTask,
  onEvent: (e: TrainEvent) => void,
  signal?: AbortSignal,
): Promise<FoldResult> {
  const dir = task.variant ? runPaths(runPaths(task.runDir).grid(task.variant)).fold(task.fold.index) : runPaths(task.runDir).fold(task.fold.index);
  const done = await readFoldResult(fs, dir);
  const base = { variant: task.variant, fold: task.fold.index };
  if (done) {
    onEvent({ type: 'fold-done', ...base, name: done.result.name, UA: done.result.UA, WA: done.result.WA, macroF1: done.result.macroF1, bestEpoch: done.result.bestEpoch, seconds: done.result.seconds, resumed: true });
    return done.result;
  }
  const started = Date.now();
  const item = (id: string): TrainItem => {
    const f = features.get(id);
    const label = task.labels[id];
    if (!f || label === undefined) throw new SerError('usage', undefined, `fold ${task.fold.name}: no features or label for utterance ${id}`);
    return { id, features: f, label };
  };
  const train = task.fold.train.map(item);
  const validation = task.fold.validation.map(item);
  const test = task.fold.test.map(item);
  onEvent({ type: 'fold-start', ...base, folds: task.foldCount, name: task.fold.name, train: train.length, validation: validation.length, test: test.length });
  const ckptPath = joinPath(dir, FOLD_CHECKPOINT);
  const resume = await readCheckpoint(fs, ckptPath, (e) => onEvent({ type: 'log', level: 'warn', message: `${e.message}; fold ${task.fold.name} starts afresh` }));
  if (resume) onEvent({ type: 'log', level: 'info', message: `fold ${task.fold.name} resumes after epoch ${resume.epoch}` });
  await fs.mkdirp(dir);
  const gen = trainEncoder({ classes: task.classes, train, validation }, task.config, {
    signal,
    ...(resume ? { resume } : {}),
    onCheckpoint: (c) => writeCheckpoint(fs, ckptPath, c),
  });
  let r = await gen.next();
  while (!r.done) {
    const p = r.value;
    onEvent({ type: p.kind, ...base, epoch: p.epoch, epochs: p.epochs, step: p.step, stepsPerEpoch: p.stepsPerEpoch, ce: p.ce, contrastive: p.contrastive, ...(p.validation ? { validation: p.validation } : {}), elapsedSeconds: p.elapsedSeconds });
    r = await gen.next();
  }
  const model = r.value;
  const w = initEncoderWeights(task.config.model, model.inputDims, task.classes.length, 0);
  let preds;
  try {
    assignEncoderWeights(w, model.weights);
    preds = predictUtterances(w, task.config.model, test.map((t) => t.features), { cropFrames: task.config.cropFrames, hopFrames: task.config.testHopFrames, signal });
  } finally {
    disposeEncoderWeights(w);
  }
  const m = computeMetrics(test.map((t) => t.label), preds.map((p) => argmax(p.probs)), task.classes.length);
  const dim = preds[0]?.embedding.length ?? task.config.model.embeddingDim;
  const emb = new Float32Array(test.length * dim);
  preds.forEach((p, i) => emb.set(p.embedding, i * dim));
  const result: FoldResult = {
    index: task.fold.index, name: task.fold.name, n: test.length, WA: m.WA, UA: m.UA, macroF1: m.macroF1,
    bestEpoch: model.bestEpoch, epochsRun: model.epochsRun, seconds: (Date.now() - started) / 1000,
    classes: task.classes, confusion: m.confusion, dim,
    test: test.map((t, i) => ({ id: t.id, label: t.label, probs: Array.from(preds[i].probs, (v) => Math.round(v * 1e6) / 1e6) })),
  };
  await fs.writeFileAtomic(joinPath(dir, FOLD_EMBEDDINGS), new Uint8Array(emb.buffer));
  await fs.writeFileAtomic(joinPath(dir, FOLD_RESULT), `${JSON.stringify(result)}\n`);
  await fs.remove(ckptPath);
  onEvent({ type: 'fold-done', ...base, name: result.name, UA: result.UA, WA: result.WA, macroF1: result.macroF1, bestEpoch: result.bestEpoch, seconds: result.seconds, resumed: false });
  return result;
}

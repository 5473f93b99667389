/**
 * `ser train`: one model on the whole dataset (validation speakers held out for early stopping), saved to
 * <runDir>/model for `ser predict` and the editor. The previous model in the run directory stays in place until the
 * new one is completely written (see model/modelFiles.ts): a cancelled or failed run leaves it untouched.
 */
import type { FileSystem } from '../io/fileSystem';
import { CancelledError } from '../errors';
import { joinPath } from '../datasets/paths';
import type { FeatureConfig } from '../features/featureConfig';
import type { TrainEvent, TrainParams, TrainSummary } from '../../shared/trainTypes';
import { resolveFeatureConfig } from '../jobs/featureOverrides';
import { saveModel } from '../model/modelFiles';
import { claimRunDir, fingerprintOf, readRunInfo, runPaths, writeRunInfo, RunLog, type RunInfo } from '../run/runDirectory';
import { splitBySpeaker } from '../eval/folds';
import { prepareTrainingSet } from '../eval/trainingSet';
import type { EvalEnvironment } from '../eval/evaluate';
import { AsyncQueue } from '../eval/asyncQueue';
import { readCheckpoint, writeCheckpoint } from './checkpointFile';
import { trainEncoder, type TrainItem } from './trainer';
import { resolveTrainConfig } from './trainConfig';

export async function* trainRun(env: Pick<EvalEnvironment, 'fs' | 'features' | 'backend'>, params: TrainParams, signal?: AbortSignal): AsyncGenerator<TrainEvent, TrainSummary> {
  const started = Date.now();
  const fs: FileSystem = env.fs;
  const config = resolveTrainConfig(params.config ?? {}, params.configSource);
  const featureConfig: FeatureConfig = resolveFeatureConfig(config.features);
  const backend = await env.backend(params.backend);
  yield { type: 'backend', backend };
  const queue = new AsyncQueue<TrainEvent>();
  const preparing = prepareTrainingSet(fs, env.features, params, featureConfig, { speakerNormalization: config.speakerNormalization, signal, onEvent: (e) => queue.push(e) });
  yield* queue.drainUntil(preparing);
  const set = await preparing;
  for (const e of set.errors) yield { type: 'log', level: 'warn', message: `${e.file}: ${e.message} (skipped)` };
  const fingerprint = fingerprintOf({ kind: 'train', root: set.dataset.root, classes: set.classes, labels: set.labelsHash, config, featureConfig });
  const mode = await claimRunDir(fs, params.runDir, fingerprint);
  const previous = mode === 'resume' ? await readRunInfo(fs, params.runDir) : undefined;
  const log = new RunLog(fs, params.runDir);
  const now = new Date().toISOString();
  const info: RunInfo = {
    format: 'ser-run', version: 1, kind: 'train', createdAt: previous?.createdAt ?? now, updatedAt: now, status: 'running',
    dataset: { root: set.dataset.root, format: set.dataset.format, classes: params.classes ?? '', subset: params.subset ?? 'all' },
    classes: set.classes, utterances: set.items.length, config, featureConfig, backend, fingerprint,
  };
  await writeRunInfo(fs, params.runDir, info);
  const { train, validation } = splitBySpeaker(set.items, { validationShare: config.validationShare, seed: config.seed }, 0);
  const byId = new Map(set.items.map((i) => [i.id, i]));
  const item = (id: string): TrainItem => ({ id, features: set.features.get(id)!, label: byId.get(id)!.label });
  await log.write(`training on ${train.length} utterances (${validation.length} held out for early stopping), classes ${set.classes.join(', ')}, backend ${backend.name} (${backend.detail})`);
  const ckpt = joinPath(params.runDir, 'checkpoint.bin');
  const resume = await readCheckpoint(fs, ckpt, (e) => queue.push({ type: 'log', level: 'warn', message: `${e.message}; training starts afresh` }));
  const gen = trainEncoder({ classes: set.classes, train: train.map(item), validation: validation.map(item) }, config, {
    signal,
    ...(resume ? { resume } : {}),
    onCheckpoint: (c) => writeCheckpoint(fs, ckpt, c),
  });
  const validationByEpoch = new Map<number, { UA: number; WA: number }>();
  let r;
  try {
    while (!(r = await gen.next()).done) {
      const p = r.value;
      if (p.kind === 'epoch' && p.validation) validationByEpoch.set(p.epoch, p.validation);
      yield { type: p.kind, fold: 0, epoch: p.epoch, epochs: p.epochs, step: p.step, stepsPerEpoch: p.stepsPerEpoch, ce: p.ce, contrastive: p.contrastive, ...(p.validation ? { validation: p.validation } : {}), elapsedSeconds: p.elapsedSeconds };
      if (p.kind === 'epoch') await log.write(`epoch ${p.epoch}: ce ${p.ce.toFixed(4)} contrastive ${p.contrastive.toFixed(4)}${p.validation ? ` validation UA ${p.validation.UA.toFixed(2)} WA ${p.validation.WA.toFixed(2)}` : ''}`);
    }
  } catch (err) {
    const cancelled = err instanceof CancelledError;
    await writeRunInfo(fs, params.runDir, { ...info, status: cancelled ? 'cancelled' : 'failed', error: (err as Error).message });
    await log.write(cancelled ? 'cancelled; the previous model (if any) is untouched and the same command resumes' : `failed: ${(err as Error).message}`);
    throw err;
  }
  const model = r.value;
  await saveModel(fs, runPaths(params.runDir).model, {
    classes: set.classes, inputDims: model.inputDims, featureConfig, config, weights: model.weights,
    meta: { trainedAt: new Date().toISOString(), backend, bestEpoch: model.bestEpoch, epochsRun: model.epochsRun, utterances: train.length, dataset: set.dataset.root },
  });
  await fs.remove(ckpt);
  const seconds = (Date.now() - started) / 1000;
  await writeRunInfo(fs, params.runDir, { ...info, status: 'complete' });
  await log.write(`saved model (best epoch ${model.bestEpoch} of ${model.epochsRun}) in ${seconds.toFixed(1)} s`);
  const bestValidation = validationByEpoch.get(model.bestEpoch);
  return { runDir: params.runDir, backend, classes: set.classes, ...(bestValidation ? { validation: bestValidation } : {}), bestEpoch: model.bestEpoch, epochsRun: model.epochsRun, seconds, errors: set.errors };
}

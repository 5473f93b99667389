/**
 * The `trainFold` method of a fold worker process: select the backend the parent chose, load the features from the
 * cache once per process (later folds reuse them), normalise them the way the parent did, and run the fold.
 */
import type { FileSystem } from '../io/fileSystem';
import { ensureBackend } from '../backend/ensureBackend';
import type { FeatureMatrix } from '../features/featureConfig';
import { loadFeatures } from '../features/extractFeatures';
import { resolveFeatureConfig } from './featureOverrides';
import { resolveTrainConfig } from '../train/trainConfig';
import { runFoldTask } from '../eval/foldTask';
import { normalizePerSpeaker } from '../eval/trainingSet';
import { fingerprintOf } from '../run/runDirectory';
import type { TrainEvent, TrainFoldParams, WireFoldResult } from '../../shared/trainTypes';

let memo: { key: string; features: Map<string, FeatureMatrix> } | undefined;

export async function runTrainFold(fs: FileSystem, p: TrainFoldParams, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<WireFoldResult> {
  await ensureBackend({ backend: p.backend, ...(p.threads !== undefined ? { threads: p.threads } : {}) });
  const key = fingerprintOf(p.features);
  if (memo?.key !== key) {
    memo = undefined;
    const config = resolveFeatureConfig(p.features.config);
    const loaded = await loadFeatures(fs, p.features.utterances, { config, cacheDir: p.features.cacheDir, workers: 0, ...(signal ? { signal } : {}) });
    const raw = new Map(loaded.items.map((it) => [it.utterance.id, it.matrix] as const));
    const features = p.features.speakerNormalization ? normalizePerSpeaker(p.features.utterances, raw) : raw;
    memo = { key, features };
  }
  const result = await runFoldTask(fs, memo.features, { ...p.task, config: resolveTrainConfig(p.task.config) }, onEvent, signal);
  const { test: _test, ...wire } = result;
  return wire;
}

/**
 * What every training job starts from: the dataset's usable utterances with their effective labels (corpus +
 * label-store corrections), their features (cached, extracted when missing) normalised per speaker, and the
 * utterances that had to be skipped, each with its file and problem.
 */
import type { FileSystem } from '../io/fileSystem';
import type { FeatureConfig, FeatureMatrix } from '../features/featureConfig';
import { groupBySpeaker, normalizeBySpeaker } from '../features/speakerNormalization';
import { openLabelledDataset, type LabelledDataset } from '../datasets/labelledDataset';
import type { UsableUtterance } from '../datasets/scan';
import type { DatasetSelection, FileProblem } from '../../shared/protocol';
import type { TrainEvent } from '../../shared/trainTypes';
import { fingerprintOf } from '../run/runDirectory';

/** Where features come from (the feature cache and extractor in production, anything in tests). */
export interface FeatureSource {
  load(
    utterances: readonly UsableUtterance[],
    config: FeatureConfig,
    opts: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number; cached: number; computed: number; failed: number }) => void },
  ): Promise<{ features: Map<string, FeatureMatrix>; errors: FileProblem[] }>;
}

export interface TrainingItem {
  id: string;
  speaker: string;
  session: string;
  /** Class index into `classes`. */
  label: number;
}

export interface TrainingSet {
  dataset: LabelledDataset;
  classes: string[];
  items: TrainingItem[];
  /** Speaker-normalised (when asked) features of every item. */
  features: Map<string, FeatureMatrix>;
  errors: FileProblem[];
  /** Hash of (id, class) of every item: part of a run's fingerprint, so new corrections make a new run. */
  labelsHash: string;
  /** The settings the features were made with, and whether they were normalised per speaker. */
  featureConfig: FeatureConfig;
  speakerNormalization: boolean;
}

export async function prepareTrainingSet(
  fs: FileSystem,
  source: FeatureSource,
  sel: DatasetSelection,
  featureConfig: FeatureConfig,
  opts: { speakerNormalization: boolean; signal?: AbortSignal; onEvent?: (e: TrainEvent) => void },
): Promise<TrainingSet> {
  const dataset = await openLabelledDataset(fs, sel.root, {
    format: sel.format ?? 'auto',
    subset: sel.subset ?? 'all',
    ...(sel.classes !== undefined ? { classes: sel.classes } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const errors: FileProblem[] = [...dataset.errors];
  for (const p of dataset.store.problems) errors.push({ file: p.file, message: `line ${p.line}: ${p.problem}` });
  const { features, errors: featureErrors } = await source.load(dataset.utterances, featureConfig, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) => opts.onEvent?.({ type: 'features', ...p }),
  });
  errors.push(...featureErrors);
  const classes = dataset.classMap.classes;
  const items: TrainingItem[] = [];
  for (const u of dataset.utterances) {
    if (!features.has(u.utterance.id) || features.get(u.utterance.id)!.frames === 0) continue;
    items.push({ id: u.utterance.id, speaker: u.utterance.speaker, session: u.utterance.session, label: classes.indexOf(u.className) });
  }
  const normalized = opts.speakerNormalization ? normalizePerSpeaker(items, features) : features;
  return { dataset, classes, items, features: normalized, errors, labelsHash: fingerprintOf(items.map((i) => [i.id, i.label])), featureConfig, speakerNormalization: opts.speakerNormalization };
}

/**
 * Each speaker's features normalised with that speaker's own statistics, test speakers included: the statistics use
 * no labels, only that speaker's audio (the usual per-speaker normalisation of speech-emotion work).
 */
export function normalizePerSpeaker(items: readonly { id: string; speaker: string }[], features: ReadonlyMap<string, FeatureMatrix>): Map<string, FeatureMatrix> {
  const groups = groupBySpeaker(items.filter((it) => features.has(it.id)));
  const out = normalizeBySpeaker(new Map([...groups].map(([s, list]) => [s, list.map((it) => features.get(it.id)!)])), { inPlace: true });
  const normalized = new Map<string, FeatureMatrix>();
  for (const [s, list] of groups) list.forEach((it, i) => normalized.set(it.id, out.get(s)!.matrices[i]));
  return normalized;
}

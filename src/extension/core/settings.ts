/**
 * The extension's settings (contributes.configuration in package.json, section "ser") as plain values, and what
 * they become on the wire: a dataset selection, feature overrides and a training config. Defaults equal the
 * engine's (DEFAULT_TRAIN_CONFIG, DEFAULT_FEATURE_CONFIG; test/extension/settings.test.ts checks package.json
 * against them), and only values that differ from those defaults are sent, so an untouched setting never
 * overrides a config file.
 */
import type { DatasetFormatName, DatasetSelection } from '../../shared/protocol';
import type { BackendChoice, EvalProtocol } from '../../shared/trainTypes';

/** Reads one setting below "ser." (vscode.WorkspaceConfiguration.get fits). */
export interface ConfigReader {
  get<T>(key: string): T | undefined;
}

export type GroupBy = 'auto' | 'session' | 'speaker' | 'dialog';

export interface SerSettings {
  backend: BackendChoice;
  format: DatasetFormatName;
  /** Class map spec; '' = the dataset's default (4class for the emotion corpora). */
  classes: string;
  subset: 'all' | 'improvised' | 'scripted';
  features: { kind: 'logmel' | 'mfcc'; nMels: number; nMfcc: number; deltaOrder: 0 | 1 | 2 | null; sampleRate: number; winLength: number; hopLength: number; nFft: number };
  training: {
    epochs: number;
    patience: number;
    batchSize: number;
    learningRate: number;
    seed: number;
    lambda: number;
    margin: number;
    featureSelection: 'embedding' | 'penultimate' | 'normalized';
    pairSelection: 'random' | 'batch-all' | 'batch-hard' | 'semi-hard';
    speakerNormalization: boolean;
    /** Also train a model on all speakers after the cross-validation (for `ser predict`). */
    finalModel: boolean;
    /** A JSON training config merged under these settings; '' = none. Ignored in untrusted workspaces. */
    configFile: string;
  };
  protocol: 'auto' | EvalProtocol;
  /** Folds trained at once; 0 = one per core. */
  parallelFolds: number;
  /** Neighbours per utterance for the inspection scores. */
  neighbours: number;
  /** How many top suspects the tree marks and Next/Previous Suspect walk. */
  suspects: number;
  /** Least combined suspicion (0..1) for the tree and the Review list; 0.5 = another label more probable than not. */
  minSuspicion: number;
  /** '' = git config user.name, else the OS user. */
  annotator: string;
  groupBy: GroupBy;
}

/** The engine's defaults, as the settings present them (see trainConfig.ts and featureConfig.ts). */
export const SETTING_DEFAULTS: SerSettings = {
  backend: 'auto',
  format: 'auto',
  classes: '',
  subset: 'all',
  features: { kind: 'logmel', nMels: 64, nMfcc: 20, deltaOrder: null, sampleRate: 16000, winLength: 400, hopLength: 160, nFft: 512 },
  training: {
    epochs: 40,
    patience: 8,
    batchSize: 32,
    learningRate: 0.002,
    seed: 1,
    lambda: 0.1,
    margin: 1.0,
    featureSelection: 'embedding',
    pairSelection: 'batch-all',
    speakerNormalization: true,
    finalModel: true,
    configFile: '',
  },
  protocol: 'auto',
  parallelFolds: 0,
  neighbours: 10,
  suspects: 50,
  minSuspicion: 0.5,
  annotator: '',
  groupBy: 'auto',
};

const ENUMS: Record<string, readonly unknown[]> = {
  'engine.backend': ['auto', 'node-gpu', 'node', 'wasm', 'cpu'],
  'dataset.format': ['auto', 'iemocap', 'emodb', 'ravdess', 'cremad', 'manifest', 'folders'],
  'dataset.subset': ['all', 'improvised', 'scripted'],
  'features.kind': ['logmel', 'mfcc'],
  'features.deltaOrder': [0, 1, 2, null],
  'training.featureSelection': ['embedding', 'penultimate', 'normalized'],
  'training.pairSelection': ['random', 'batch-all', 'batch-hard', 'semi-hard'],
  'evaluation.protocol': ['auto', 'loso-session', 'loso-speaker', 'random'],
  'tree.groupBy': ['auto', 'session', 'speaker', 'dialog'],
};

/** Reads every setting; a value of the wrong type or outside its choices falls back to the default and is listed. */
export function readSettings(c: ConfigReader): { settings: SerSettings; problems: string[] } {
  const problems: string[] = [];
  const d = SETTING_DEFAULTS;
  const get = <T>(key: string, fallback: T): T => {
    const v = c.get<unknown>(key);
    if (v === undefined) return fallback;
    const choices = ENUMS[key];
    const ok = choices ? choices.includes(v) : fallback === null ? true : typeof v === typeof fallback && (typeof v !== 'number' || Number.isFinite(v));
    if (!ok) {
      problems.push(`ser.${key}: ${JSON.stringify(v)} is not valid; using ${JSON.stringify(fallback)}`);
      return fallback;
    }
    return v as T;
  };
  const settings: SerSettings = {
    backend: get('engine.backend', d.backend),
    format: get('dataset.format', d.format),
    classes: get('dataset.classes', d.classes).trim(),
    subset: get('dataset.subset', d.subset),
    features: {
      kind: get('features.kind', d.features.kind),
      nMels: get('features.nMels', d.features.nMels),
      nMfcc: get('features.nMfcc', d.features.nMfcc),
      deltaOrder: get('features.deltaOrder', d.features.deltaOrder),
      sampleRate: get('features.sampleRate', d.features.sampleRate),
      winLength: get('features.winLength', d.features.winLength),
      hopLength: get('features.hopLength', d.features.hopLength),
      nFft: get('features.nFft', d.features.nFft),
    },
    training: {
      epochs: get('training.epochs', d.training.epochs),
      patience: get('training.patience', d.training.patience),
      batchSize: get('training.batchSize', d.training.batchSize),
      learningRate: get('training.learningRate', d.training.learningRate),
      seed: get('training.seed', d.training.seed),
      lambda: get('training.lambda', d.training.lambda),
      margin: get('training.margin', d.training.margin),
      featureSelection: get('training.featureSelection', d.training.featureSelection),
      pairSelection: get('training.pairSelection', d.training.pairSelection),
      speakerNormalization: get('training.speakerNormalization', d.training.speakerNormalization),
      finalModel: get('training.finalModel', d.training.finalModel),
      configFile: get('training.configFile', d.training.configFile).trim(),
    },
    protocol: get('evaluation.protocol', d.protocol),
    parallelFolds: get('evaluation.parallelFolds', d.parallelFolds),
    neighbours: get('inspection.neighbours', d.neighbours),
    suspects: get('inspection.suspects', d.suspects),
    minSuspicion: get('inspection.minSuspicion', d.minSuspicion),
    annotator: get('labels.annotator', d.annotator).trim(),
    groupBy: get('tree.groupBy', d.groupBy),
  };
  return { settings, problems };
}

/** The dataset selection of `root` under the settings (only what differs from the engine's defaults). */
export function datasetSelection(s: SerSettings, root: string): DatasetSelection {
  return {
    root,
    ...(s.format !== 'auto' ? { format: s.format } : {}),
    ...(s.classes ? { classes: s.classes } : {}),
    ...(s.subset !== 'all' ? { subset: s.subset } : {}),
  };
}

/** Feature settings that differ from the engine's defaults (so derived defaults such as fMax follow). */
export function featureOverrides(s: SerSettings): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  const f = s.features;
  const d = SETTING_DEFAULTS.features;
  for (const key of ['kind', 'nMels', 'nMfcc', 'sampleRate', 'winLength', 'hopLength', 'nFft'] as const) {
    if (f[key] !== d[key]) out[key] = f[key];
  }
  if (f.deltaOrder !== null) out.deltaOrder = f.deltaOrder;
  return out;
}

/**
 * The training config sent to the engine: the config file's content (if any), then every setting that differs
 * from its default. The engine fills in and checks the rest (resolveTrainConfig).
 */
export function trainConfig(s: SerSettings, fileConfig?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(fileConfig ?? {});
  const t = s.training;
  const d = SETTING_DEFAULTS.training;
  const section = (name: string): Record<string, unknown> => {
    const cur = out[name];
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) return cur as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    out[name] = fresh;
    return fresh;
  };
  for (const key of ['epochs', 'patience', 'batchSize', 'seed', 'speakerNormalization'] as const) if (t[key] !== d[key]) out[key] = t[key];
  if (t.learningRate !== d.learningRate) section('optimizer').learningRate = t.learningRate;
  for (const key of ['lambda', 'margin', 'featureSelection', 'pairSelection'] as const) if (t[key] !== d[key]) section('loss')[key] = t[key];
  const features = featureOverrides(s);
  if (Object.keys(features).length) Object.assign(section('features'), features);
  return out;
}

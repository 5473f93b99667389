/**
 * Training and evaluation as they cross process boundaries (CLI <-> engine, extension host <-> worker process,
 * host -> training dashboard webview). Plain data only; no runtime imports.
 */
import type { DatasetSelection, FileProblem } from './protocol';

/** Engine backends, in the order the picker prefers them; 'auto' picks the best one present. */
export type BackendChoice = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** The backend a run used, as the CLI, run metadata and the status bar show it. */
export interface BackendSummary {
  name: Exclude<BackendChoice, 'auto'>;
  device: 'GPU' | 'CPU native' | 'WASM' | 'CPU';
  /** Versions, where it was loaded from, threads. */
  detail: string;
  /** Better backends that were tried first and could not be used, with the reason. */
  tried?: { name: string; error: string }[];
}

export type EvalProtocol = 'loso-session' | 'loso-speaker' | 'random';

export interface TrainParams extends DatasetSelection {
  /** Run directory to create (or resume). */
  runDir: string;
  /** Training config (parsed JSON of a config file, any subset of the engine's TrainConfig). */
  config?: unknown;
  /** Where the config came from, for error messages. */
  configSource?: string;
  backend?: BackendChoice;
  /** Feature cache folder; default <dataset>/.ser/features. */
  cacheDir?: string;
}

export interface EvalParams extends TrainParams {
  /** Default 'loso-session' for corpora with sessions, else 'loso-speaker'. */
  protocol?: EvalProtocol;
  /** Folds trained at once in separate processes; default: cores, at most the folds. */
  jobs?: number;
  /** Run the paper's grid: CE-only against every feature-selection x pair-selection variant. */
  grid?: boolean;
  /** Also train a final model on all speakers (for `ser predict` and the editor). Default true for the extension. */
  finalModel?: boolean;
  /** A previous run on the same dataset to compare against (UA/WA and suspects). */
  compareWith?: string;
}

/** What training reports as it goes (one message per report; the dashboard draws curves from these). */
export type TrainEvent =
  | { type: 'backend'; backend: BackendSummary }
  | { type: 'features'; done: number; total: number; cached: number; computed: number; failed: number }
  | { type: 'fold-start'; variant?: string; fold: number; folds: number; name: string; train: number; validation: number; test: number }
  | {
      type: 'epoch' | 'step';
      variant?: string;
      fold: number;
      epoch: number;
      epochs: number;
      step: number;
      stepsPerEpoch: number;
      ce: number;
      contrastive: number;
      validation?: { UA: number; WA: number };
      elapsedSeconds: number;
    }
  | { type: 'fold-done'; variant?: string; fold: number; name: string; UA: number; WA: number; macroF1: number; bestEpoch: number; seconds: number; resumed: boolean }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** Per-fold and aggregate metrics (percent, 0-100). */
export interface FoldMetrics {
  index: number;
  name: string;
  n: number;
  WA: number;
  UA: number;
  macroF1: number;
  bestEpoch: number;
  epochsRun: number;
  seconds: number;
}

export interface EvalMetrics {
  /** Mean over folds (the paper's convention). */
  WA: number;
  UA: number;
  macroF1: number;
  std: { WA: number; UA: number; macroF1: number };
  /** Over all out-of-fold predictions pooled (every utterance once). */
  pooled: { WA: number; UA: number; macroF1: number };
  classes: string[];
  /** Pooled confusion[true][predicted]. */
  confusion: number[][];
  folds: FoldMetrics[];
  protocol: EvalProtocol;
}

export interface GridRow {
  variant: string;
  lambda: number;
  featureSelection: string;
  pairSelection: string;
  WA: number;
  UA: number;
  deltaWA: number;
  deltaUA: number;
  std: { WA: number; UA: number };
}

export interface EvalSummary {
  runDir: string;
  backend: BackendSummary;
  metrics: EvalMetrics;
  grid?: GridRow[];
  seconds: number;
  /** Utterances skipped (unreadable audio, failed features). */
  errors: FileProblem[];
}

export interface TrainSummary {
  runDir: string;
  backend: BackendSummary;
  classes: string[];
  /** Validation metrics of the saved (best) epoch, when a validation split existed. */
  validation?: { UA: number; WA: number };
  bestEpoch: number;
  epochsRun: number;
  seconds: number;
  errors: FileProblem[];
}

/** One fold sent to a fold worker process (see the engine's FoldTask; config is validated on arrival). */
export interface WireFoldTask {
  runDir: string;
  variant?: string;
  fold: { index: number; name: string; train: string[]; validation: string[]; test: string[] };
  foldCount: number;
  classes: string[];
  labels: Record<string, number>;
  config: unknown;
}

export interface TrainFoldParams {
  task: WireFoldTask;
  /** How the worker gets the features: from the cache, normalised per speaker like the parent did. */
  features: {
    utterances: { id: string; audioPath: string; start?: number; end?: number; speaker: string }[];
    config: Record<string, unknown>;
    cacheDir: string;
    speakerNormalization: boolean;
  };
  backend: BackendChoice;
  /** Native backend threads for this process (folds in parallel share the cores). */
  threads?: number;
}

/** A finished fold as the worker reports it (the files in the run directory hold the same). */
export interface WireFoldResult extends FoldMetrics {
  classes: string[];
  confusion: number[][];
  dim: number;
}

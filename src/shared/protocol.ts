/**
 * Messages between the extension host, the engine worker process and the webviews. Plain data only: this file
 * has no runtime imports, so every side (Node host, worker, browser webview) can share it.
 */

import type { BackendChoice, EvalMetrics, EvalParams, EvalSummary, TrainEvent, TrainFoldParams, TrainParams, TrainSummary, WireFoldResult } from './trainTypes';
import type { LabelHistoryItem, NeighbourItem, PairListData, ProjectionMethod, SuspectListData, UtteranceDetail } from './views/viewTypes';

/** Dataset layouts, as the engine names them; 'auto' detects. */
export type DatasetFormatName = 'auto' | 'iemocap' | 'emodb' | 'ravdess' | 'cremad' | 'manifest' | 'folders';

/** A problem with one file; the rest of the work went on. */
export interface FileProblem {
  file: string;
  message: string;
}

/** What `ser scan --json` prints and the worker's scan returns. */
export interface ScanSummary {
  format: string;
  root: string;
  /** Usable utterances: a label in the class map and readable audio. */
  utterances: number;
  /** Usable utterances per class. */
  classes: Record<string, number>;
  speakers: number;
  sessions: number;
  /** Audio duration of the usable utterances, seconds. */
  totalSeconds: number;
  errors: FileProblem[];
}

export interface DatasetSelection {
  /** Absolute path of the dataset root. */
  root: string;
  /** Default 'auto'. */
  format?: DatasetFormatName;
  /** Class map spec, e.g. "ang,hap+exc,neu,sad" or "5class"; default per format. */
  classes?: string;
  /** IEMOCAP: improvised or scripted dialogs only. Default 'all'. */
  subset?: 'all' | 'improvised' | 'scripted';
}

export interface ScanProgress {
  done: number;
  total: number;
}

export interface ExtractParams extends DatasetSelection {
  /** Folder of the feature cache. */
  cacheDir: string;
  /** Worker threads; default: the machine's cores. */
  workers?: number;
  /** Feature settings overriding the defaults (see FeatureConfig in the engine). */
  featureConfig?: Record<string, number | string | boolean>;
}

export interface ExtractProgress {
  done: number;
  total: number;
  cached: number;
  computed: number;
  failed: number;
  currentFile?: string;
  error?: FileProblem;
}

export interface ExtractSummary {
  total: number;
  cached: number;
  computed: number;
  failed: number;
  errors: FileProblem[];
  seconds: number;
}

/** The engine worker process's methods (host -> worker requests, and an evaluation -> its fold workers). */
export interface WorkerMethods {
  ping: { params: Record<string, never>; result: { pid: number; node: string }; progress: never };
  scan: { params: DatasetSelection; result: ScanSummary; progress: ScanProgress };
  extractFeatures: { params: ExtractParams; result: ExtractSummary; progress: ExtractProgress };
  train: { params: TrainParams; result: TrainSummary; progress: TrainEvent };
  evaluate: { params: EvalParams; result: EvalSummary; progress: TrainEvent };
  trainFold: { params: TrainFoldParams; result: WireFoldResult; progress: TrainEvent };

  // The editor's interactive methods: the worker keeps each dataset (and each inspected run) open between calls,
  // keyed by its selection, so a restarted worker simply opens them again on the next call.
  listDataset: { params: DatasetSelection; result: DatasetListing; progress: ScanProgress };
  utteranceDetail: { params: DatasetSelection & { id: string; runDir?: string }; result: UtteranceDetail | null; progress: never };
  labelSet: { params: LabelSetParams; result: LabelEditResult; progress: never };
  labelUndo: { params: DatasetSelection & { who: string }; result: LabelEditResult; progress: never };
  labelRedo: { params: DatasetSelection & { who: string }; result: LabelEditResult; progress: never };
  labelReload: { params: DatasetSelection & { who: string }; result: LabelReloadResult; progress: never };
  labelHistory: { params: DatasetSelection & { utt: string }; result: LabelHistoryItem[]; progress: never };
  labelExport: { params: DatasetSelection & { out: string; overwrite: boolean }; result: { file: string; rows: number }; progress: never };
  listRuns: { params: { dirs: string[] }; result: RunBrief[]; progress: never };
  runOverlay: { params: { runDir: string }; result: RunOverlay; progress: never };
  inspectOpen: { params: InspectParams; result: InspectionBrief; progress: InspectProgress };
  inspectSuspects: { params: InspectParams & { top?: number }; result: SuspectListData; progress: never };
  inspectPairs: { params: InspectParams & { top?: number }; result: PairListData; progress: never };
  inspectNeighbours: { params: InspectParams & { id: string; k: number }; result: NeighbourItem[]; progress: never };
  /** `writeCache` false: compute (or read the cache) without writing to the run folder (Restricted Mode); default true. */
  inspectProjection: { params: InspectParams & { method: ProjectionMethod; writeCache?: boolean }; result: WireProjection; progress: InspectProgress };
  inspectDismiss: { params: InspectParams & { verdict: VerdictTarget; who: string; note?: string }; result: { verdictId: string }; progress: never };
  /** Reads the verdict sidecar again (another window or the CLI wrote it): the utterances dismissed now, with the label each was dismissed for. */
  inspectVerdicts: { params: InspectParams; result: { dismissed: { utt: string; label: string }[] }; progress: never };
  compareRuns: { params: InspectParams & { before: string; top?: number }; result: WireRetrainComparison; progress: never };
  backendCheck: { params: { backend?: BackendChoice }; result: BackendCheck; progress: never };
  setupNative: { params: { flavor: 'cpu' | 'gpu'; baseDir: string; force?: boolean }; result: NativeSetupSummary; progress: NativeSetupProgress };
}

/** The evaluators' categorical votes of one utterance under the class map (IEMOCAP); the actors' own are not counted. */
export interface VoteSummary {
  evaluators: number;
  /** Share of the vote per class ('(other)' for codes outside the map), summing to 1. */
  shares: Record<string, number>;
  /** The class with the largest share. */
  plurality: string;
  /** No class holds more than half of the vote. */
  split: boolean;
}

/** Who decided an utterance's label when it is not the corpus'. */
export interface CorrectionInfo {
  who: string;
  /** ISO 8601 UTC. */
  when: string;
  note?: string;
}

/** One utterance as the dataset tree lists it. */
export interface UtteranceRow {
  id: string;
  speaker: string;
  session: string;
  dialog?: string;
  gender?: 'F' | 'M';
  audioPath: string;
  /** Region within audioPath, seconds. */
  start?: number;
  end?: number;
  /** IEMOCAP: where the utterance lies in its dialog's recording, seconds. */
  dialogStart?: number;
  dialogEnd?: number;
  /** Audio duration, seconds (0 when the utterance is outside the usable set). */
  seconds: number;
  /** Effective label code (corpus + corrections); null = unlabelled. */
  label: string | null;
  /** Its class under the class map; null = outside the map (not usable for training). */
  className: string | null;
  corpusLabel: string | null;
  /** Present when the effective label differs from the corpus. */
  correction?: CorrectionInfo;
  votes?: VoteSummary;
}

/** A dataset opened for the editor: every usable utterance, plus corrected ones whose label left the class map. */
export interface DatasetListing {
  /** The dataset root the engine resolved (e.g. IEMOCAP_full_release inside the folder chosen). */
  root: string;
  format: string;
  /** Class names, in class-map order. */
  classes: string[];
  /** Label code -> class name, for every code the map keeps. */
  codeToClass: Record<string, string>;
  /** Labels the store accepts (class-map codes, corpus codes, IEMOCAP's). */
  allowedLabels: string[];
  utterances: UtteranceRow[];
  /** Listing and audio problems (the rest loaded). */
  errors: FileProblem[];
  /** Damaged sidecar lines, reported with their line number. */
  labelProblems: FileProblem[];
  /** The label sidecar's path. */
  sidecar: string;
}

export interface LabelSetParams extends DatasetSelection {
  utt: string;
  /** A label code (or a class name, mapped to its first code). */
  label: string;
  who: string;
  note?: string;
  /** The effective label the user saw when choosing; a different one at write time is reported as a conflict. */
  expected?: string | null;
}

/** An utterance whose effective label changed, with what changed it. */
export interface LabelChange {
  utt: string;
  label: string | null;
  className: string | null;
  corpusLabel: string | null;
  correction?: CorrectionInfo;
  /** The record that made the change. */
  by: { op: 'set' | 'undo' | 'redo'; who: string; when: string };
}

/** Someone else changed an utterance this annotator changed (or was changing): never silently dropped. */
export interface LabelConflict {
  utt: string;
  /** The other annotator's latest record on it. */
  theirs: { who: string; when: string; label: string | null };
  /** This annotator's latest label for it, when they had set one. */
  mine?: { when: string; label: string };
  message: string;
}

export interface LabelEditResult {
  /** Undefined when nothing was written (already that label; nothing to undo). */
  change?: LabelChange;
  conflict?: LabelConflict;
  /** What the annotator's next undo / redo would touch, after this edit. */
  nextUndo?: { utt: string; label: string };
  nextRedo?: { utt: string; label: string };
}

export interface LabelReloadResult {
  changes: LabelChange[];
  conflicts: LabelConflict[];
  /** The sidecar had been replaced (git checkout) and was read from the start. */
  reset: boolean;
  /** Damaged lines found by this reload. */
  problems: FileProblem[];
}

/** A run folder as the run picker lists it. */
export interface RunBrief {
  runDir: string;
  kind: 'eval' | 'train';
  status: 'running' | 'complete' | 'cancelled' | 'failed';
  datasetRoot: string;
  createdAt: string;
  updatedAt: string;
  protocol?: string;
  classes: string[];
  utterances: number;
  backend?: string;
  /** Mean over folds, percent. */
  metrics?: { UA: number; WA: number; macroF1: number };
  /** The run has out-of-fold predictions (suspects and the map need them). */
  hasPredictions: boolean;
  /** The run (or its final/ sub-run) holds a trained model for `ser predict`. */
  hasModel: boolean;
  /** The training config the run used (run.json), so a retrain can repeat it on the same folds. */
  config?: unknown;
}

/** One utterance's out-of-fold prediction. */
export interface WirePrediction {
  predicted: string;
  /** Probability of the predicted class. */
  confidence: number;
  probs: number[];
  fold: number;
  /** The label the run trained on. */
  trainedLabel: string;
}

/** A run's predictions, for the tree and the status bar. */
export interface RunOverlay {
  run: RunBrief;
  classes: string[];
  predictions: Record<string, WirePrediction>;
  metrics?: EvalMetrics;
}

export interface InspectParams extends DatasetSelection {
  runDir: string;
  /** Neighbours per utterance; default 10. */
  neighbours?: number;
}

export interface InspectProgress {
  stage: string;
  /** 0..1. */
  fraction: number;
}

export interface InspectionBrief {
  scored: number;
  /** Usable utterances without a prediction in the run (added or relabelled into the map since). */
  notInRun: number;
  dropped: number;
}

export type VerdictTarget = { kind: 'utterance'; id: string } | { kind: 'pair'; a: string; b: string };

export interface WireProjection {
  method: ProjectionMethod;
  ids: string[];
  /** n x 2, row-major. */
  coords: Float32Array;
  labels: (string | null)[];
  scores: (number | null)[];
  explainedVariance?: [number, number];
}

/** Before and after a retrain (the engine's RetrainComparison). */
export interface WireRetrainComparison {
  before: { runDir: string; metrics?: { WA?: number; UA?: number; macroF1?: number } };
  after: { runDir: string; metrics?: { WA?: number; UA?: number; macroF1?: number } };
  delta: { WA?: number; UA?: number; macroF1?: number };
  sameFolds: boolean;
  foldMismatches: string[];
  onlyBefore: number;
  onlyAfter: number;
  disappeared: WireSuspectChange[];
  remained: WireSuspectChange[];
  appeared: WireSuspectChange[];
}

export interface WireSuspectChange {
  id: string;
  before: number | null;
  after: number | null;
  labelBefore: string | null;
  labelAfter: string | null;
  relabelled: boolean;
}

/** The backend the engine would train on, and why better ones are not used. */
export interface BackendCheck {
  name: Exclude<BackendChoice, 'auto'>;
  device: 'GPU' | 'CPU native' | 'WASM' | 'CPU';
  summary: string;
  tried: { name: string; error: string }[];
}

export type NativeSetupProgress =
  | { type: 'start'; message: string }
  | { type: 'step'; index: number; total: number; status: 'running' | 'done' | 'skipped' | 'failed'; message: string }
  | { type: 'warning'; message: string };

export interface NativeSetupSummary {
  engineDir: string;
  reused: boolean;
  seconds: number;
  warnings: string[];
}

/** Host -> dataset-summary webview. */
export type ToSummaryView =
  | { type: 'summary'; summary: ScanSummary }
  | { type: 'busy'; message: string };

/** Dataset-summary webview -> host. */
export type FromSummaryView =
  | { type: 'ready' }
  | { type: 'rescan' }
  | { type: 'openFile'; file: string };

/** Validates a message from the summary webview before the host acts on it. */
export function parseFromSummaryView(m: unknown): FromSummaryView | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'rescan':
      return { type: o.type };
    case 'openFile':
      return typeof o.file === 'string' && o.file.length > 0 && o.file.length < 4096 ? { type: 'openFile', file: o.file } : undefined;
    default:
      return undefined;
  }
}

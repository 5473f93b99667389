/**
 * Messages between the extension host, the engine worker process and the webviews. Plain data only: this file
 * has no runtime imports, so every side (Node host, worker, browser webview) can share it.
 */

import type { EvalParams, EvalSummary, TrainEvent, TrainFoldParams, TrainParams, TrainSummary, WireFoldResult } from './trainTypes';

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

/**
 * What the review panels (src/extension/views/*) need from the rest of the extension. The extension implements
 * ViewData once (worker process, label store, inspection session) and hands it to the panels' entry points:
 *
 *   UtteranceView.show(context: vscode.ExtensionContext, data: ViewData, id: string, column?, { preserveFocus? }): UtteranceView
 *   EmbeddingMapView.show(context, data, method?: ProjectionMethod): EmbeddingMapView
 *   SuspectsView.show(context, data): SuspectsView
 *   PairReviewView.show(context, data): PairReviewView
 *   TrainingDashboard.show(context, data, run: TrainingRunInfo): TrainingDashboard   // then .post(event), .finish(result, endedAt?), .fail(...)
 *   registerWavEditor(context, data?): vscode.Disposable                             // read-only custom editor for *.wav
 *   registerViewSerializers(context, data): vscode.Disposable                        // restores panels after a reload
 *
 * (all exported from src/extension/views/index.ts). A method that rejects shows its error's message in the view;
 * the panels never crash on it. Panels validate every webview message before calling anything here, and only
 * pass ids the host itself sent to that webview and labels from `classes()`.
 */
import type * as vscode from 'vscode';
import type {
  NeighbourItem,
  PairListData,
  ProjectionMethod,
  SuspectListData,
  UtteranceBrief,
  UtteranceDetail,
} from '../../shared/views/viewTypes';

/** Where an utterance's audio is on disk. Files under `ViewData.datasetRoot` go to the webview as webview URIs, others as bytes. */
export interface AudioRef {
  /** Absolute path of a WAV file. */
  file: string;
  /** Start of the utterance within the file, seconds; absent = from the beginning. */
  start?: number;
  /** End, seconds; absent = to the end. */
  end?: number;
}

/** An IEMOCAP dialog: its whole recording and where each utterance lies in it. */
export interface DialogInfo {
  dialog: string;
  /** The dialog's recording (IEMOCAP: Session<n>/dialog/wav/<dialog>.wav). */
  audio: AudioRef;
  /** Every utterance of the dialog, in time order; start/end in seconds within `audio`. */
  utterances: { id: string; start: number; end: number; label: string | null; speaker: string }[];
}

/** A run's 2-D projection with what the map colours by (engine LabelledProjection plus predictions and speakers). */
export interface ProjectionData {
  method: ProjectionMethod;
  /** Utterance ids, in the order of the coordinates. */
  ids: string[];
  /** n x 2, row-major. */
  coords: Float32Array;
  /** Effective label per point; null when no longer usable. */
  labels: (string | null)[];
  /** Out-of-fold prediction per point. */
  predicted: (string | null)[];
  speakers: string[];
  sessions: string[];
  /** Combined suspicion per point, 0..1. */
  scores?: (number | null)[];
  /** PCA: share of variance per axis. */
  explainedVariance?: [number, number];
}

/** Labels changed (by a view, a command, undo, another window or the CLI). */
export interface LabelsChanged {
  /** Utterances whose effective label changed; empty = unknown, refresh everything. */
  ids: readonly string[];
}

/** "Not an issue": the utterance's current label, or the pair's current two labels, are fine. */
export type Dismissal = { kind: 'utterance'; id: string } | { kind: 'pair'; a: string; b: string };

export interface ViewData {
  /** Absolute path of the open dataset's root; the panels allow webviews to load files under it. Undefined: none open. */
  readonly datasetRoot: string | undefined;

  /** Classes a label can be set to, in order: label buttons show them and digit key n sets classes()[n - 1]. */
  classes(): readonly string[];

  /** The utterance's details; undefined when the dataset has no such utterance. */
  utteranceDetail(id: string): Promise<UtteranceDetail | undefined>;
  /** Where the utterance's audio is. */
  audio(id: string): Promise<AudioRef | undefined>;
  /** The whole dialog the utterance belongs to (IEMOCAP); undefined for corpora without dialogs or a missing recording. */
  dialogOf(id: string): Promise<DialogInfo | undefined>;
  /** The k nearest utterances in the current run's embedding space, most similar first; [] when no run is open. */
  neighbours(id: string, k: number): Promise<NeighbourItem[]>;

  /** Records a correction (the label store's `set`, with the user's annotator name); fires onDidChangeLabels. */
  setLabel(id: string, label: string): Promise<void>;
  /** Several corrections at once (map selection); fires onDidChangeLabels once. */
  setLabels(changes: readonly { id: string; label: string }[]): Promise<void>;
  /** Withdraws the user's latest correction; resolves with the utterance it touched, undefined when none was left. */
  undo(): Promise<string | undefined>;

  /** The ranked suspect list of the open run (dismissed ones left out); rejects when no run is open. */
  suspects(options?: { top?: number }): Promise<SuspectListData>;
  /** Close pairs with different labels (dismissed ones left out); rejects when no run is open. */
  pairs(options?: { top?: number }): Promise<PairListData>;
  /** Records a "not an issue" verdict (the verdict store). */
  dismiss(verdict: Dismissal): Promise<void>;

  /** The open run's projection (cached by the engine); rejects when no run is open. */
  projection(
    method: ProjectionMethod,
    options?: { signal?: AbortSignal; onProgress?: (fraction: number, stage: string) => void },
  ): Promise<ProjectionData>;

  /** Evaluation run `runDir`: the utterances with true label `trueLabel` predicted as `predicted` (a confusion-matrix cell). */
  confusionCell?(runDir: string, trueLabel: string, predicted: string): Promise<UtteranceBrief[]>;
  /** The dataset utterance whose audio is exactly this file (for the .wav editor's label panel). */
  utteranceForFile?(file: string): string | undefined;

  /** Fires after labels change anywhere; open views refresh what they show. */
  readonly onDidChangeLabels: vscode.Event<LabelsChanged>;
  /** Fires when suspects, pairs or projections may differ (another run opened, verdicts changed, scores refreshed). */
  readonly onDidChangeInspection?: vscode.Event<void>;
  /** Where the panels log problems (a LogOutputChannel in the extension). */
  readonly log?: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
}

/** What the training dashboard shows about the run it follows. */
export interface TrainingRunInfo {
  /** Panel title, e.g. "Evaluate demo (LOSO)". */
  title: string;
  kind: 'train' | 'evaluate';
  runDir: string;
  /** When the run started, ms since the epoch (host clock): elapsed and remaining time count from it. */
  startedAt: number;
  /** Stop the run (the same AbortController as the progress notification's Cancel). */
  onCancel(): void;
}

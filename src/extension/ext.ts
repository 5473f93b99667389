/** Everything the commands share, built once in activate(). */
import type * as vscode from 'vscode';
import type { BackendCheck } from '../shared/protocol';
import type { DatasetService } from './core/datasetService';
import type { JobRunner } from './core/jobRunner';
import type { SerSettings } from './core/settings';
import type { DatasetTreeProvider, ReviewNode, ReviewTreeProvider } from './datasetTree';
import type { TreeNode } from './core/datasetModel';
import type { EngineProcess } from './engineProcess';
import type { ServiceViewData } from './viewDataImpl';
import type { TrainingSinkImpl } from './trainingSink';

export interface Ext {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Dataset listing, labels, inspection: answers while a long job runs in the other process. */
  engine: EngineProcess;
  /** Feature extraction, training, evaluation, native setup. */
  jobsEngine: EngineProcess;
  service: DatasetService;
  jobs: JobRunner;
  data: ServiceViewData;
  sink: TrainingSinkImpl;
  datasetTree: DatasetTreeProvider;
  datasetView: vscode.TreeView<TreeNode>;
  reviewTree: ReviewTreeProvider;
  reviewView: vscode.TreeView<ReviewNode>;
  settings(): SerSettings;
  annotator(): Promise<string>;
  /** The backend the engine reported last (status bar, backend picker). */
  backend: BackendCheck | undefined;
  setBackend(b: BackendCheck | undefined): void;
  /** The utterance selected last in the Datasets or Review tree (what Set Label... acts on without an argument). */
  lastSelected(): { root: string; id: string } | undefined;
  /** Where native engines set up from the editor live (the extension's global storage). */
  nativeDir: string;
}

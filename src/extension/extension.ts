/**
 * SER Studio's extension host entry. Activation stays cheap: no TensorFlow.js and no engine code load here (the
 * engine runs in two forked worker processes, one for the interactive work - listing, labels, inspection - and
 * one for long jobs - features, training, native setup - started on first use), and nothing is awaited before
 * activate() returns: reopening datasets and finding new ones happen afterwards.
 */
import { bundleLoadStarted } from './activationClock';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendCheck } from '../shared/protocol';
import { DatasetService } from './core/datasetService';
import { JobRunner } from './core/jobRunner';
import { readSettings, type SerSettings } from './core/settings';
import { resolveAnnotator, gitUserName, osUser } from './core/annotator';
import { DATASET_MARKERS, datasetRoots } from './core/datasetDiscovery';
import { describeFilter, filterIsEmpty, type TreeNode } from './core/datasetModel';
import { EngineProcess } from './engineProcess';
import { DatasetTreeProvider, ReviewTreeProvider, type ReviewNode } from './datasetTree';
import { ServiceViewData } from './viewDataImpl';
import { TrainingSinkImpl } from './trainingSink';
import { StatusBar } from './statusBar';
import { LabelWatcher } from './labelWatcher';
import { checkTrusted, reportError, vscodeProgress } from './ui';
import { registerViewSerializers, registerWavEditor, UtteranceView } from './views';
import type { Ext } from './ext';
import * as ds from './commands/datasetCommands';
import * as lc from './commands/labelCommands';
import * as tc from './commands/trainCommands';
import * as ec from './commands/engineCommands';

/** When this bundle's modules had all been evaluated (activationClock.ts marks when they started). */
const bundleEvaluated = performance.now();

/** Our share of the last activation (evaluating the bundle + activate()), ms, for the integration test and the log. */
export let activationMs: number | undefined;

export function activate(context: vscode.ExtensionContext): { activationMs: number | undefined; ext: Ext } {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('SER Studio', { log: true });
  context.subscriptions.push(log);

  let settingsCache: SerSettings | undefined;
  const settings = (): SerSettings => {
    if (!settingsCache) {
      const r = readSettings(vscode.workspace.getConfiguration('ser'));
      for (const p of r.problems) log.warn(`settings: ${p}`);
      settingsCache = r.settings;
    }
    return settingsCache;
  };
  let annotatorCache: Promise<string> | undefined;
  const annotator = (): Promise<string> => {
    annotatorCache ??= resolveAnnotator({
      setting: settings().annotator,
      gitUserName: () => gitUserName(service.active()?.root ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath),
      osUser,
    }).then((a) => {
      log.info(`annotator: ${a.name} (from ${a.from === 'setting' ? 'ser.labels.annotator' : a.from === 'git' ? 'git config user.name' : 'the OS user'})`);
      return a.name;
    });
    return annotatorCache;
  };

  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  const nativeDir = path.join(context.globalStorageUri.fsPath, 'native');
  const engineEnv = () => ({ SER_NATIVE_DIR: nativeDir });
  const engine = new EngineProcess('engine', workerPath, log, engineEnv);
  const jobsEngine = new EngineProcess('jobs', workerPath, log, engineEnv);
  context.subscriptions.push({ dispose: () => engine.dispose() }, { dispose: () => jobsEngine.dispose() });

  const service = new DatasetService(engine, context.workspaceState, log, settings, annotator);
  const jobs = new JobRunner(vscodeProgress);
  context.subscriptions.push({ dispose: () => service.dispose() }, { dispose: () => jobs.dispose() });
  const data = new ServiceViewData(service, engine, log, checkTrusted, annotator, () => vscode.workspace.isTrusted);
  context.subscriptions.push({ dispose: () => data.dispose() });
  const sink = new TrainingSinkImpl(context, data);

  const datasetTree = new DatasetTreeProvider(service, () => settings().groupBy);
  const datasetView = vscode.window.createTreeView<TreeNode>('ser.datasets', { treeDataProvider: datasetTree, showCollapseAll: true });
  const reviewTree = new ReviewTreeProvider(service);
  const reviewView = vscode.window.createTreeView<ReviewNode>('ser.review', { treeDataProvider: reviewTree });
  context.subscriptions.push(datasetView, reviewView);

  let lastSelected: { root: string; id: string } | undefined;
  context.subscriptions.push(
    datasetView.onDidChangeSelection((e) => {
      const n = e.selection.find((x) => x.kind === 'utterance');
      if (n && n.kind === 'utterance') lastSelected = { root: n.root, id: n.id };
    }),
    reviewView.onDidChangeSelection((e) => {
      const r = e.selection[0];
      if (r) lastSelected = { root: r.root, id: r.id };
    }),
  );
  let backend: BackendCheck | undefined;
  const ext: Ext = {
    context, log, engine, jobsEngine, service, jobs, data, sink, datasetTree, datasetView, reviewTree, reviewView, settings, annotator, nativeDir,
    lastSelected: () => lastSelected,
    get backend() {
      return backend;
    },
    setBackend: (b) => {
      backend = b;
      statusBar.update();
    },
  };
  const statusBar = new StatusBar(service, jobs, () => backend, () => settings().backend);
  context.subscriptions.push(statusBar, new LabelWatcher(service, log));

  const refreshViews = () => {
    datasetTree.refresh();
    reviewTree.refresh();
    datasetView.description = datasetTree.description();
    const f = service.filter;
    const m = service.active();
    datasetView.message = m && !filterIsEmpty(f) && m.visible(f).length === 0 ? `No utterance is ${describeFilter(f)}.` : undefined;
    reviewView.message = m?.overlay ? (m.suspects.length ? undefined : 'Run "SER: Show Suspects" to score the current run.') : m ? 'No run yet: "SER: Train Model" or "SER: Open Run...".' : undefined;
    const hasRun = !!m?.overlay?.run.hasPredictions;
    void vscode.commands.executeCommand('setContext', 'ser.hasDataset', service.datasets().length > 0);
    void vscode.commands.executeCommand('setContext', 'ser.hasRun', hasRun);
    void vscode.commands.executeCommand('setContext', 'ser.filtered', !filterIsEmpty(f));
  };
  context.subscriptions.push(
    { dispose: service.onDidChange(refreshViews).dispose },
    { dispose: jobs.onDidChange((j) => void vscode.commands.executeCommand('setContext', 'ser.jobRunning', j !== undefined)).dispose },
    { dispose: service.onConflict((cs) => void showConflicts(ext, cs)).dispose },
    { dispose: engine.onDidCrash((e) => void showCrash(ext, e)).dispose },
    { dispose: jobsEngine.onDidCrash((e) => void showCrash(ext, e)).dispose },
  );

  const cmd = (id: string, what: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await fn(...args);
        } catch (err) {
          await reportError(what, err, log, () => jobs.cancel());
        }
      }),
    );
  cmd('ser.openDataset', 'Opening the dataset', (a) => ds.openDataset(ext, a));
  cmd('ser.rescanDataset', 'Rescanning the dataset', (a) => ds.rescanDataset(ext, a));
  cmd('ser.closeDataset', 'Closing the dataset', (a) => ds.closeDataset(ext, a));
  cmd('ser.makeActive', 'Choosing the dataset', (a) => ds.makeActive(ext, a));
  cmd('ser.showDatasetSummary', 'The dataset summary', (a) => ds.showSummary(ext, a));
  cmd('ser.filterUtterances', 'Filtering', () => ds.filterUtterances(ext));
  cmd('ser.clearFilter', 'Clearing the filter', () => service.setFilter({ classes: [], corrected: false, suspects: false, disagreement: false, mispredicted: false }));
  cmd('ser.groupBy', 'Grouping', () => ds.groupBy(ext));
  cmd('ser.extractFeatures', 'Feature extraction', (a) => ds.extractFeatures(ext, a));
  cmd('ser.trainModel', 'Training', () => tc.train(ext, 'train'));
  cmd('ser.evaluate', 'Evaluation', () => tc.train(ext, 'evaluate'));
  cmd('ser.retrain', 'Retraining', () => tc.train(ext, 'retrain'));
  cmd('ser.cancel', 'Cancelling', () => tc.cancel(ext));
  cmd('ser.showTrainingDashboard', 'The training dashboard', () => tc.showDashboard(ext));
  cmd('ser.showEmbeddingMap', 'The embedding map', () => tc.showMap(ext));
  cmd('ser.showSuspects', 'Scoring suspects', () => tc.showSuspects(ext));
  cmd('ser.reviewPairs', 'Mislabeled pairs', () => tc.showPairs(ext));
  cmd('ser.nextSuspect', 'Next suspect', (a) => lc.moveSuspect(ext, 1, { keyboard: a === 'keyboard' }));
  cmd('ser.previousSuspect', 'Previous suspect', (a) => lc.moveSuspect(ext, -1, { keyboard: a === 'keyboard' }));
  cmd('ser.setLabel', 'Setting the label', (a) => lc.setLabel(ext, a));
  cmd('ser.setLabelByIndex', 'Setting the label', (i) => lc.setLabelByIndex(ext, i));
  cmd('ser.undoLabel', 'Undo', (a) => lc.undoRedo(ext, 'undo', a));
  cmd('ser.redoLabel', 'Redo', (a) => lc.undoRedo(ext, 'redo', a));
  cmd('ser.exportLabels', 'Exporting labels', (a) => ds.exportLabels(ext, a));
  cmd('ser.selectBackend', 'Selecting the backend', () => ec.selectBackend(ext));
  cmd('ser.setupNativeEngine', 'Native engine setup', () => ec.setupNative(ext));
  cmd('ser.openRun', 'Opening the run', (a) => ds.openRun(ext, a));
  cmd('ser.showLog', 'Showing the log', () => log.show());
  cmd('ser.openUtterance', 'Opening the utterance', async (a, o) => {
    const t = lc.targetUtterance(ext, a);
    if (!t) return;
    await service.setActive(t.root);
    UtteranceView.show(context, data, t.id, undefined, lc.openOptions(o));
  });

  context.subscriptions.push(registerViewSerializers(context, data), registerWavEditor(context, data));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('ser')) return;
      settingsCache = undefined;
      if (e.affectsConfiguration('ser.labels.annotator')) annotatorCache = undefined;
      if (e.affectsConfiguration('ser.tree.groupBy')) refreshViews();
      if (e.affectsConfiguration('ser.engine.backend')) void ec.backendSettingChanged(ext);
      if (e.affectsConfiguration('ser.dataset')) {
        // Another class map or subset is another selection: list every open dataset again.
        for (const m of service.datasets()) void service.open(m.root, { activate: false }).catch((err: Error) => log.warn(`reopening ${m.root}: ${err.message}`));
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      statusBar.update();
      void ec.checkBackend(ext);
    }),
  );
  refreshViews();

  const ended = performance.now();
  activationMs = bundleEvaluated - bundleLoadStarted + (ended - started);
  log.info(
    `activated in ${activationMs.toFixed(1)} ms (bundle evaluated in ${(bundleEvaluated - bundleLoadStarted).toFixed(1)} ms, activate() ${(ended - started).toFixed(1)} ms; ` +
      `VS Code called activate() ${(started - bundleEvaluated).toFixed(1)} ms after loading the bundle); workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode (read and play only)'}`,
  );
  setTimeout(() => void startup(ext), 0);
  return { activationMs, ext };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (and so stops the engine processes).
}

/** After activation: reopen this workspace's datasets, or open the ones found in it; then ask for the backend. */
async function startup(ext: Ext): Promise<void> {
  const t0 = Date.now();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'SER: opening datasets' }, async (progress) => {
    await ext.service.restore((root) => progress.report({ message: path.basename(root) }));
    if (ext.service.datasets().length > 0) return;
    const found: { marker: number; file: string }[] = [];
    for (let i = 0; i < DATASET_MARKERS.length; i++) {
      const files = await vscode.workspace.findFiles(DATASET_MARKERS[i].glob, '**/node_modules/**', 5);
      for (const f of files) found.push({ marker: i, file: f.fsPath });
    }
    for (const root of datasetRoots(found).slice(0, 3)) {
      progress.report({ message: path.basename(root) });
      try {
        await ext.service.open(root, { activate: ext.service.datasets().length === 0 });
      } catch (err) {
        ext.log.warn(`found ${root} but could not open it: ${(err as Error).message}`);
      }
    }
  });
  ext.log.info(`startup: ${ext.service.datasets().length} dataset(s) open after ${Date.now() - t0} ms`);
  if (vscode.workspace.isTrusted && ext.service.datasets().length > 0) await ec.checkBackend(ext);
}

async function showConflicts(ext: Ext, conflicts: { utt: string; message: string }[]): Promise<void> {
  const first = conflicts[0];
  const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more: see the log)` : '';
  const choice = await vscode.window.showWarningMessage(`SER: ${first.message}${more}. Both changes are kept in the label history.`, 'Show Utterance', 'Show Log');
  if (choice === 'Show Utterance') UtteranceView.show(ext.context, ext.data, first.utt);
  if (choice === 'Show Log') ext.log.show();
}

async function showCrash(ext: Ext, e: { name: string; how: string; lastError: string; interrupted: number }): Promise<void> {
  const last = e.lastError.split('\n').filter((l) => l.trim()).pop();
  const choice = await vscode.window.showErrorMessage(
    `SER: the ${e.name === 'jobs' ? 'training' : 'engine'} process stopped (${e.how})${e.interrupted ? ` while ${e.interrupted} request(s) ran` : ''}${last ? `: ${last}` : ''}. It restarts on the next request; labels already saved are safe.`,
    'Show Log',
  );
  if (choice) ext.log.show();
}

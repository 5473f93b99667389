/** Train Model, Evaluate, Retrain with Corrections, Cancel, and the review panels. */
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Ext } from '../ext';
import { runTraining, type TrainDeps, type TrainKind } from '../core/trainFlow';
import { NativeSuggestion } from '../core/nativeSuggestion';
import { runTimes } from '../core/trainingRecord';
import { checkTrusted } from '../ui';
import { EmbeddingMapView, PairReviewView, SuspectsView } from '../views';
import type { EvalProtocol } from '../../shared/trainTypes';

/** The native-setup suggestion of each activation: its "Not Now" lasts as long as the window. */
const suggestions = new WeakMap<Ext, NativeSuggestion>();

function deps(ext: Ext): TrainDeps {
  return {
    jobsEngine: ext.jobsEngine,
    service: ext.service,
    jobs: ext.jobs,
    settings: ext.settings,
    configFile: () => readConfigFile(ext),
    sink: ext.sink,
    log: ext.log,
    onBackend: (b) => {
      ext.setBackend({ name: b.name, device: b.device, summary: b.detail, tried: b.tried ?? [] });
      suggestNativeSetup(ext, b.device).catch((err: Error) => ext.log.warn(`native engine suggestion: ${err.message}`));
    },
  };
}

/** ser.training.configFile: JSON only (never executed), and only in a trusted workspace. */
async function readConfigFile(ext: Ext): Promise<Record<string, unknown> | undefined> {
  const file = ext.settings().training.configFile;
  if (!file) return undefined;
  checkTrusted('A training config file');
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const abs = path.resolve(base, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(abs, 'utf8'));
  } catch (err) {
    throw new Error(`ser.training.configFile ${abs}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`ser.training.configFile ${abs}: must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Suggests the native engine for training on `device` (WASM, CPU), unless the user declined it (see NativeSuggestion). */
export async function suggestNativeSetup(ext: Ext, device: string): Promise<void> {
  let s = suggestions.get(ext);
  if (!s) {
    s = new NativeSuggestion(ext.context.globalState, async (d) => {
      const choice = await vscode.window.showInformationMessage(
        `SER: training runs on ${d}, several times slower than the native TensorFlow engine. Set up the native engine (a one-time build, offline from a TensorFlow wheel)?`,
        'Set Up Native Engine...',
        'Not Now',
        "Don't Ask Again",
      );
      return choice === 'Set Up Native Engine...' ? 'setup' : choice === 'Not Now' ? 'not-now' : choice === "Don't Ask Again" ? 'never' : undefined;
    });
    suggestions.set(ext, s);
  }
  const answer = await s.offer(device);
  if (answer === 'setup') void vscode.commands.executeCommand('ser.setupNativeEngine');
  else if (answer === 'not-now') ext.log.info('native engine suggestion: not now (asked again in the next window)');
  else if (answer === 'never') ext.log.info("native engine suggestion: don't ask again (kept in the global state)");
}

export async function train(ext: Ext, kind: TrainKind): Promise<void> {
  checkTrusted(kind === 'evaluate' ? 'Evaluation' : 'Training');
  let protocol: EvalProtocol | undefined;
  if (kind === 'evaluate') {
    const m = ext.service.active();
    const hasSessions = m ? [...m.allRows()].some((r) => r.session !== r.speaker) : false;
    const items: (vscode.QuickPickItem & { value: EvalProtocol })[] = [
      ...(hasSessions ? [{ label: 'Leave one session out', description: 'IEMOCAP convention: both speakers of a session unseen', value: 'loso-session' as const }] : []),
      { label: 'Leave one speaker out', description: 'every speaker held out once', value: 'loso-speaker' },
      { label: 'Random split', description: 'not speaker-independent: speakers leak into the test folds (for comparison only)', value: 'random' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'SER: evaluation protocol' });
    if (!pick) return;
    protocol = pick.value;
  }
  const outcome = await runTraining(deps(ext), kind, protocol ? { protocol } : {});
  const mtr = outcome.summary.metrics;
  const head = `UA ${mtr.UA.toFixed(1)}% ± ${mtr.std.UA.toFixed(1)}, WA ${mtr.WA.toFixed(1)}% (${mtr.protocol}, ${mtr.folds.length} folds, ${outcome.summary.seconds.toFixed(0)} s on ${outcome.summary.backend.name})`;
  if (kind === 'retrain' && outcome.report) {
    const report = outcome.report;
    ext.log.info(`retrain: ${report.line}${report.file ? ` (report: ${report.file})` : ''}`);
    const choice = await vscode.window.showInformationMessage(`SER: retrained with corrections. ${report.line}`, 'Show Report', 'Show Suspects');
    if (choice === 'Show Report') await showReport(report);
    if (choice === 'Show Suspects') await showSuspects(ext);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`SER: ${kind === 'train' ? 'model trained' : 'evaluated'}: ${head}.`, 'Show Suspects', 'Show Dashboard');
  if (choice === 'Show Suspects') await showSuspects(ext);
  if (choice === 'Show Dashboard') ext.sink.show();
}

/** The retrain report: its file in the run folder as a Markdown preview (nothing to save); unsaved only if it could not be written. */
async function showReport(report: { markdown: string; file?: string }): Promise<void> {
  if (report.file) {
    const uri = vscode.Uri.file(report.file);
    // Without the built-in Markdown extension, the file itself.
    await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, () => vscode.window.showTextDocument(uri, { preview: true }));
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: report.markdown, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: true });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => undefined);
}

export function cancel(ext: Ext): void {
  if (!ext.jobs.cancel()) void vscode.window.setStatusBarMessage('SER: nothing is running', 3000);
  else ext.log.info(`cancel requested: ${ext.jobs.running?.title ?? ''}`);
}

export function showDashboard(ext: Ext): void {
  if (ext.sink.show()) return;
  const m = ext.service.active();
  const o = m?.overlay;
  if (!o?.metrics) {
    void vscode.window.showInformationMessage('SER: no training has run in this window and the current run has no metrics. Run "SER: Train Model" first.');
    return;
  }
  // The run's own times (run.json), so the dashboard shows how long it took rather than 0:00.
  const now = Date.now();
  const { startedAt, endedAt } = runTimes(o.run) ?? { startedAt: now, endedAt: now };
  ext.sink.showFinished(
    { title: path.basename(o.run.runDir), kind: 'evaluate', runDir: o.run.runDir, startedAt, onCancel: () => undefined },
    { kind: 'evaluate', summary: { runDir: o.run.runDir, backend: { ...parseBackend(o.run.backend), detail: o.run.backend ?? 'unknown' }, metrics: o.metrics, seconds: (endedAt - startedAt) / 1000, errors: [] } },
    endedAt,
  );
}

function parseBackend(b: string | undefined): { name: 'node-gpu' | 'node' | 'wasm' | 'cpu'; device: 'GPU' | 'CPU native' | 'WASM' | 'CPU' } {
  const name = (b?.split(' ')[0] ?? 'cpu') as 'node-gpu' | 'node' | 'wasm' | 'cpu';
  const device = name === 'node-gpu' ? 'GPU' : name === 'node' ? 'CPU native' : name === 'wasm' ? 'WASM' : 'CPU';
  return { name, device };
}

/** Scores the current run's suspects (tree marks, Review tree) and opens the suspects panel. */
export async function showSuspects(ext: Ext): Promise<void> {
  const m = ext.service.active();
  if (!m) throw new Error('no dataset is open');
  ext.service.inspectParams(m.root);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SER: scoring suspects', cancellable: true }, (progress, token) => {
    const c = new AbortController();
    token.onCancellationRequested(() => c.abort());
    return ext.service.loadSuspects(m.root, { signal: c.signal, onProgress: (stage, f) => progress.report({ message: `${stage} ${Math.round(100 * f)}%` }) });
  });
  await vscode.commands.executeCommand('ser.review.focus').then(undefined, () => undefined);
  SuspectsView.show(ext.context, ext.data);
}

export function showPairs(ext: Ext): void {
  ext.service.inspectParams();
  PairReviewView.show(ext.context, ext.data);
}

export function showMap(ext: Ext): void {
  ext.service.inspectParams();
  EmbeddingMapView.show(ext.context, ext.data);
}

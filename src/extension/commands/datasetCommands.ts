/** Open / close / rescan / activate datasets, filters and grouping, runs, features, labels export. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ext } from '../ext';
import type { TreeNode } from '../core/datasetModel';
import { NO_FILTER, type TreeFilter } from '../core/datasetModel';
import { featureOverrides } from '../core/settings';
import { checkTrusted } from '../ui';
import { SummaryPanel } from '../summaryPanel';
import type { RunBrief } from '../../shared/protocol';

/** A tree node or a root path, as menus and callers pass them. */
export function rootOf(ext: Ext, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { root?: unknown }).root === 'string') return (arg as { root: string }).root;
  return ext.service.active()?.root;
}

export async function openDataset(ext: Ext, arg?: unknown): Promise<void> {
  let root = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : undefined;
  if (!root) {
    const remembered = ext.service.active()?.root;
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: true,
      canSelectMany: false,
      openLabel: 'Open Dataset',
      title: 'SER: choose a dataset folder (IEMOCAP, EmoDB, RAVDESS, CREMA-D, one folder per class) or a manifest (.csv / .jsonl)',
      ...(remembered ? { defaultUri: vscode.Uri.file(remembered) } : vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    root = picked?.[0]?.fsPath;
  }
  if (!root) return;
  const target = root;
  const model = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `SER: opening ${path.basename(target)}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let last = 0;
      return ext.service.open(target, {
        signal: controller.signal,
        onProgress: (done, total) => {
          const pct = total ? (100 * done) / total : 0;
          if (pct - last >= 1 || done === total) {
            progress.report({ message: `${done}/${total} audio headers`, increment: pct - last });
            last = pct;
          }
        },
      });
    },
  );
  if (model.listing.errors.length) {
    void vscode.window.showWarningMessage(`SER: ${model.listing.errors.length} file(s) of ${path.basename(model.root)} could not be read; the rest is open (see Problems in the tree).`);
  }
  await vscode.commands.executeCommand('ser.datasets.focus');
  const node: TreeNode = { kind: 'dataset', root: model.root };
  await ext.datasetView.reveal(node, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
}

export async function rescanDataset(ext: Ext, arg?: unknown): Promise<void> {
  const root = rootOf(ext, arg);
  if (!root) return openDataset(ext);
  await openDataset(ext, root);
}

export async function closeDataset(ext: Ext, arg?: unknown): Promise<void> {
  const root = rootOf(ext, arg) ?? (await pickDataset(ext, 'Close which dataset?'));
  if (root) await ext.service.close(root);
}

export async function makeActive(ext: Ext, arg?: unknown): Promise<void> {
  const root = typeof arg === 'object' || typeof arg === 'string' ? rootOf(ext, arg) : await pickDataset(ext, 'Which dataset should commands act on?');
  if (root) await ext.service.setActive(root);
}

export async function pickDataset(ext: Ext, title: string): Promise<string | undefined> {
  const all = ext.service.datasets();
  if (all.length <= 1) return all[0]?.root;
  const pick = await vscode.window.showQuickPick(
    all.map((m) => ({ label: path.basename(m.root), description: `${m.listing.format} · ${m.size} utterances`, detail: m.root, root: m.root })),
    { title },
  );
  return pick?.root;
}

export function showSummary(ext: Ext, arg?: unknown): void {
  const m = ext.service.model(rootOf(ext, arg));
  if (!m) throw new Error('no dataset is open');
  const classes: Record<string, number> = Object.fromEntries(m.classes.map((c) => [c, 0]));
  const speakers = new Set<string>();
  const sessions = new Set<string>();
  let seconds = 0;
  let usable = 0;
  for (const r of m.allRows()) {
    if (r.className === null) continue;
    usable++;
    classes[r.className] = (classes[r.className] ?? 0) + 1;
    speakers.add(r.speaker);
    sessions.add(r.session);
    seconds += r.seconds;
  }
  SummaryPanel.show(
    ext.context.extensionUri,
    { format: m.listing.format, root: m.root, utterances: usable, classes, speakers: speakers.size, sessions: sessions.size, totalSeconds: seconds, errors: m.listing.errors },
    () => void rescanDataset(ext, m.root),
  );
}

export async function filterUtterances(ext: Ext): Promise<void> {
  const m = ext.service.active();
  const f = ext.service.filter;
  type Item = vscode.QuickPickItem & { set: (t: TreeFilter) => void };
  const items: Item[] = [
    ...(m?.classes ?? []).map((c): Item => ({ label: c, description: 'class', picked: f.classes.includes(c), set: (t) => t.classes.push(c) })),
    { label: 'Corrected', description: 'label differs from the corpus', picked: f.corrected, set: (t) => (t.corrected = true) },
    { label: 'Suspects', description: "the current run's top suspects", picked: f.suspects, set: (t) => (t.suspects = true) },
    { label: 'Evaluators disagree', description: 'IEMOCAP: split vote, or most evaluators heard another class', picked: f.disagreement, set: (t) => (t.disagreement = true) },
    { label: 'Mispredicted', description: 'the current run predicts another class', picked: f.mispredicted, set: (t) => (t.mispredicted = true) },
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'SER: show only utterances that are ... (all chosen conditions; several classes = any of them)' });
  if (!picked) return;
  const next: TreeFilter = { ...NO_FILTER, classes: [] };
  for (const p of picked) p.set(next);
  await ext.service.setFilter(next);
}

export async function groupBy(ext: Ext): Promise<void> {
  const items = [
    { label: 'auto', description: 'IEMOCAP: session, then dialog; others: speaker' },
    { label: 'session', description: 'recording session' },
    { label: 'speaker', description: 'speaker' },
    { label: 'dialog', description: 'IEMOCAP dialog' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'SER: group utterances by' });
  if (pick) await vscode.workspace.getConfiguration('ser').update('tree.groupBy', pick.label, vscode.ConfigurationTarget.Workspace);
  void ext;
}

export async function extractFeatures(ext: Ext, arg?: unknown): Promise<void> {
  checkTrusted('Feature extraction');
  const root = rootOf(ext, arg);
  const m = ext.service.model(root);
  if (!m) throw new Error('no dataset is open: run "SER: Open Dataset..." first');
  const s = ext.settings();
  const cacheDir = path.join(m.root, '.ser', 'features');
  const summary = await ext.jobs.run('extract', `SER: extracting features of ${path.basename(m.root)}`, (signal, report) =>
    ext.jobsEngine.request(
      'extractFeatures',
      { ...ext.service.selection(m.root), cacheDir, featureConfig: featureOverrides(s) },
      {
        signal,
        onProgress: (p) => {
          report(`${p.done}/${p.total} (${p.cached} cached, ${p.failed} failed)`, p.total ? p.done / p.total : undefined);
          if (p.error) ext.log.warn(`${p.error.file}: ${p.error.message}`);
        },
      },
    ),
  );
  ext.log.info(`features: ${summary.computed} computed, ${summary.cached} cached, ${summary.failed} failed in ${summary.seconds.toFixed(1)} s (${cacheDir})`);
  void vscode.window.showInformationMessage(
    `SER: features ready for ${summary.total - summary.failed} utterances (${summary.computed} computed, ${summary.cached} from the cache${summary.failed ? `, ${summary.failed} failed: see the log` : ''}) in ${summary.seconds.toFixed(1)} s.`,
  );
}

/** Runs of the active dataset (its .ser/runs and the folder above's), newest first, to pick one. */
export async function openRun(ext: Ext, arg?: unknown): Promise<void> {
  const root = rootOf(ext, arg);
  const m = ext.service.model(root);
  if (!m) throw new Error('no dataset is open');
  if (arg instanceof vscode.Uri) {
    await useRun(ext, m.root, arg.fsPath);
    return;
  }
  const dirs = [path.join(m.root, '.ser', 'runs'), path.join(path.dirname(m.root), '.ser', 'runs'), ...(vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, 'runs'))];
  const runs = await ext.engine.request('listRuns', { dirs });
  const current = ext.service.runOf(m.root);
  type Item = vscode.QuickPickItem & { run?: RunBrief; action?: 'browse' | 'none' };
  const items: Item[] = runs
    .filter((r) => !r.datasetRoot || path.resolve(r.datasetRoot) === path.resolve(m.root))
    .map((r) => ({
      label: `${r.runDir === current ? '$(check) ' : ''}${path.basename(r.runDir)}`,
      description: `${r.kind} · ${r.status}${r.metrics ? ` · UA ${r.metrics.UA.toFixed(1)}% WA ${r.metrics.WA.toFixed(1)}%` : ''}${r.protocol ? ` · ${r.protocol}` : ''}${r.hasPredictions ? '' : ' · no predictions'}`,
      detail: `${r.runDir} — ${new Date(r.createdAt).toLocaleString()}${r.backend ? ` on ${r.backend}` : ''}`,
      run: r,
    }));
  items.push({ label: '$(folder-opened) Browse...', action: 'browse' });
  if (current) items.push({ label: '$(close) No run', description: 'hide predictions and suspects', action: 'none' });
  const pick = await vscode.window.showQuickPick(items, { title: `SER: open a run of ${path.basename(m.root)}`, matchOnDetail: true });
  if (!pick) return;
  if (pick.action === 'none') {
    await ext.service.setRun(m.root, undefined);
    return;
  }
  let runDir = pick.run?.runDir;
  if (pick.action === 'browse') {
    const f = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open Run', title: 'SER: a run folder (run.json, oof.json)' });
    runDir = f?.[0]?.fsPath;
  }
  if (runDir) await useRun(ext, m.root, runDir);
}

async function useRun(ext: Ext, root: string, runDir: string): Promise<void> {
  const o = await ext.service.setRun(root, runDir);
  void vscode.window.setStatusBarMessage(`SER: run ${path.basename(runDir)}${o?.run.metrics ? `, UA ${o.run.metrics.UA.toFixed(1)}%` : ''}`, 5000);
}

export async function exportLabels(ext: Ext, arg?: unknown): Promise<void> {
  checkTrusted('Exporting labels');
  const m = ext.service.model(rootOf(ext, arg));
  if (!m) throw new Error('no dataset is open');
  const target = await vscode.window.showSaveDialog({
    title: 'SER: export effective labels (corpus + corrections)',
    defaultUri: vscode.Uri.file(path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(m.root), `${path.basename(m.root)}-labels.csv`)),
    filters: { CSV: ['csv'], JSON: ['json'] },
  });
  if (!target) return;
  // The save dialog already asked before replacing a file.
  const r = await ext.engine.request('labelExport', { ...ext.service.selection(m.root), out: target.fsPath, overwrite: true });
  ext.log.info(`exported ${r.rows} utterances to ${r.file}`);
  const choice = await vscode.window.showInformationMessage(`SER: exported ${r.rows} utterances to ${path.basename(r.file)}.`, 'Open');
  if (choice) await vscode.window.showTextDocument(vscode.Uri.file(r.file));
}

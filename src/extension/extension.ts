/**
 * SER Studio's extension host entry. Activation stays cheap: no TensorFlow.js and no engine code load here;
 * the engine runs in a forked worker process started on the first command that needs it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanSummary } from '../shared/protocol';
import { RpcError } from '../shared/rpc';
import { EngineProcess } from './engineProcess';
import { SummaryPanel } from './summaryPanel';

const DATASET_KEY = 'ser.datasetRoot';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('SER Studio', { log: true });
  context.subscriptions.push(log);
  const engine = new EngineProcess(path.join(context.extensionPath, 'dist', 'worker.js'), log);
  context.subscriptions.push(engine);

  const scan = async (root?: string): Promise<void> => {
    const dataset = root ?? (await pickDataset(context));
    if (!dataset) return;
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SER: scanning ${path.basename(dataset)}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let last = 0;
        try {
          return await engine.request('scan', { root: dataset }, {
            signal: controller.signal,
            onProgress: (p) => {
              const pct = p.total > 0 ? (100 * p.done) / p.total : 0;
              progress.report({ message: `${p.done}/${p.total} audio files`, increment: pct - last });
              last = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    ).then(
      (s) => s,
      (err: unknown) => reportFailure('scan', err, log),
    );
    if (!summary) return;
    await context.workspaceState.update(DATASET_KEY, dataset);
    logSummary(log, summary);
    SummaryPanel.show(context.extensionUri, summary, () => void scan(dataset));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('ser.scanDataset', (uri?: vscode.Uri) => scan(uri?.fsPath)),
    vscode.commands.registerCommand('ser.extractFeatures', async () => {
      const dataset = context.workspaceState.get<string>(DATASET_KEY) ?? (await pickDataset(context));
      if (!dataset) return;
      const cacheDir = path.join(dataset, '.ser', 'features');
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SER: extracting features', cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort());
          let last = 0;
          try {
            const s = await engine.request('extractFeatures', { root: dataset, cacheDir }, {
              signal: controller.signal,
              onProgress: (p) => {
                const pct = p.total > 0 ? (100 * p.done) / p.total : 0;
                progress.report({ message: `${p.done}/${p.total} (${p.cached} cached, ${p.failed} failed)`, increment: pct - last });
                last = pct;
                if (p.error) log.warn(`${p.error.file}: ${p.error.message}`);
              },
            });
            log.info(`features: ${s.computed} computed, ${s.cached} cached, ${s.failed} failed in ${s.seconds.toFixed(1)} s`);
            void vscode.window.showInformationMessage(
              `SER: features ready for ${s.total - s.failed} utterances (${s.computed} computed, ${s.cached} from cache${s.failed ? `, ${s.failed} failed: see the log` : ''}).`,
            );
          } finally {
            sub.dispose();
          }
        },
      ).then(undefined, (err: unknown) => reportFailure('feature extraction', err, log));
    }),
  );
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (and so stops the engine process).
}

async function pickDataset(context: vscode.ExtensionContext): Promise<string | undefined> {
  const remembered = context.workspaceState.get<string>(DATASET_KEY);
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Open Dataset',
    title: 'SER: choose a dataset folder (IEMOCAP, EmoDB, RAVDESS, CREMA-D, a manifest, or one folder per class)',
    ...(remembered ? { defaultUri: vscode.Uri.file(remembered) } : vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0]?.fsPath;
}

function logSummary(log: vscode.LogOutputChannel, s: ScanSummary): void {
  log.info(`dataset ${s.root}: ${s.format}, ${s.utterances} usable utterances, ${s.speakers} speakers, ${s.sessions} sessions, ${(s.totalSeconds / 3600).toFixed(2)} h`);
  for (const e of s.errors) log.warn(`${e.file}: ${e.message}`);
}

function reportFailure(what: string, err: unknown, log: vscode.LogOutputChannel): undefined {
  if (err instanceof RpcError && err.code === 'cancelled') {
    log.info(`${what} cancelled`);
    return undefined;
  }
  const message = err instanceof Error ? err.message : String(err);
  log.error(`${what} failed: ${message}`);
  void vscode.window.showErrorMessage(`SER: ${what} failed: ${message}`, 'Show Log').then((choice) => {
    if (choice) log.show();
  });
  return undefined;
}

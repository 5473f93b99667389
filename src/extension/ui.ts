/**
 * VS Code's side of the small UI interfaces the core is written against, and the one place command errors become
 * messages: a busy engine offers to cancel, Restricted Mode says why, a cancel is logged quietly, anything else is
 * an error with the log one click away.
 */
import * as vscode from 'vscode';
import { RpcError } from '../shared/rpc';
import { BusyError, type ProgressUi, type Report } from './core/jobRunner';

export const vscodeProgress: ProgressUi = {
  withProgress<T>(title: string, cancellable: boolean, task: (report: Report, onCancel: (l: () => void) => void) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, (progress, token) => {
        let last = 0;
        const report: Report = (message, fraction) => {
          if (fraction === undefined) {
            progress.report({ message });
            return;
          }
          const pct = Math.max(0, Math.min(100, 100 * fraction));
          progress.report({ message, increment: Math.max(0, pct - last) });
          last = Math.max(last, pct);
        };
        return task(report, (l) => {
          token.onCancellationRequested(l);
        });
      }),
    );
  },
};

/** Raised by commands that would write or run the engine's training in an untrusted workspace. */
export class UntrustedError extends Error {
  constructor(readonly what: string) {
    super(`${what} is not available in Restricted Mode: SER Studio reads and plays datasets there, but does not train, run config files or write labels until you trust this workspace`);
    this.name = 'UntrustedError';
  }
}

export function checkTrusted(what: string): void {
  if (!vscode.workspace.isTrusted) throw new UntrustedError(what);
}

export function isCancel(err: unknown): boolean {
  return (err instanceof RpcError && err.code === 'cancelled') || (err as { code?: string } | undefined)?.code === 'cancelled';
}

export async function reportError(what: string, err: unknown, log: vscode.LogOutputChannel, cancelJob?: () => void): Promise<void> {
  if (isCancel(err)) {
    log.info(`${what}: cancelled`);
    void vscode.window.setStatusBarMessage(`SER: ${what} cancelled`, 5000);
    return;
  }
  if (err instanceof BusyError) {
    const choice = await vscode.window.showInformationMessage(`SER: ${err.message}`, 'Cancel It');
    if (choice && cancelJob) cancelJob();
    return;
  }
  if (err instanceof UntrustedError) {
    log.info(`${what}: refused in Restricted Mode`);
    const choice = await vscode.window.showWarningMessage(`SER: ${err.message}.`, 'Manage Workspace Trust');
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  log.error(`${what} failed: ${message}`);
  const choice = await vscode.window.showErrorMessage(`SER: ${what} failed: ${message}`, 'Show Log');
  if (choice) log.show();
}

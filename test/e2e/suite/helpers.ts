/** What the suites share: SER Studio's API from its activate(), waits, the sidecar, settings and panels. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ext } from '../../../src/extension/ext';
import type { DatasetModel } from '../../../src/extension/core/datasetModel';

export const EXTENSION_ID = 'ser-studio.ser-studio';
export const ANNOTATOR = 'Mocha Annotator';
export const MINUTE = 60_000;

/** SER Studio activated, and what its activate() returns for tests: `ext`, everything the commands share. */
export async function serExt(): Promise<Ext> {
  const e = vscode.extensions.getExtension<{ ext: Ext }>(EXTENSION_ID);
  assert.ok(e, `${EXTENSION_ID} is not installed`);
  const api = await e.activate();
  assert.ok(api?.ext, 'activate() returned no ext');
  return api.ext;
}

import { until } from '../../fixtures/until.mjs';

export { until };

/** The workspace folder: the demo corpus the harness (or the desktop runner) wrote. */
export function workspaceFolder(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri.fsPath;
}

/** The demo dataset, open (the extension finds it in the workspace by itself; opened by command otherwise). */
export async function demoDataset(ext: Ext): Promise<DatasetModel> {
  const root = join(workspaceFolder(), 'IEMOCAP_full_release');
  const found = await until('the dataset opened by discovery', () => ext.service.model(root), 60_000).catch(() => undefined);
  if (found) return found;
  await vscode.commands.executeCommand('ser.openDataset', root);
  return until('the dataset opened by command', () => ext.service.model(root), 60_000);
}

export interface SidecarRecord {
  op: string;
  utt: string;
  old?: string | null;
  new?: string | null;
  who: string;
}

export function sidecar(m: DatasetModel): SidecarRecord[] {
  const f = m.listing.sidecar;
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SidecarRecord);
}

/** Sets SER Studio settings for this workspace (the suite's own, so nothing leaks into user settings). */
export async function configure(settings: Record<string, unknown>): Promise<void> {
  const c = vscode.workspace.getConfiguration('ser');
  for (const [k, v] of Object.entries(settings)) await c.update(k, v, vscode.ConfigurationTarget.Workspace);
}

/** Open webview panels of `viewType` ("ser.utterance", "ser.suspects", ...). */
export function panels(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

export async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Runs a command that starts a long job (train, evaluate, retrain) and waits for the job to end. Such commands
 * end on a notification with buttons, so their promise settles only once it is dismissed: the notifications are
 * cleared afterwards, then the command's promise is awaited. `answer` accepts a quick pick the command shows.
 */
export async function runJob(ext: Ext, command: string, { answer = false, timeout = 20 * MINUTE } = {}): Promise<void> {
  const done = vscode.commands.executeCommand(command);
  if (answer) {
    await until(`${command} to start after its quick pick`, async () => {
      if (ext.jobs.running) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    }, 30_000, 500);
  }
  await until(`${command} to start`, () => ext.jobs.running, 30_000);
  await until(`${command} to finish`, () => !ext.jobs.running, timeout, 500);
  await vscode.commands.executeCommand('notifications.clearAll');
  await done;
}

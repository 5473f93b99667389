/**
 * Watches each open dataset's label sidecar: appends by another window or the CLI, and replacements by git
 * (checkout, pull), are read by the worker's store (reload) and shown in the tree and the panels. Our own writes
 * trigger it too; the reload then finds nothing new.
 */
import * as vscode from 'vscode';
import type { DatasetService } from './core/datasetService';

/** Quiet time after the last file event before reloading (git writes in bursts). */
const DEBOUNCE_MS = 300;

export class LabelWatcher implements vscode.Disposable {
  private readonly watchers = new Map<string, vscode.Disposable[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly service: DatasetService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.sub = service.onDidChange(() => this.sync());
    this.sync();
  }

  private sync(): void {
    const roots = new Set(this.service.datasets().map((m) => m.root));
    for (const [root, subs] of this.watchers) {
      if (roots.has(root)) continue;
      subs.forEach((s) => s.dispose());
      this.watchers.delete(root);
    }
    for (const root of roots) {
      if (this.watchers.has(root)) continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '.ser/labels.jsonl'));
      const fire = () => this.schedule(root);
      this.watchers.set(root, [w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire)]);
    }
  }

  private schedule(root: string): void {
    const t = this.timers.get(root);
    if (t) clearTimeout(t);
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.service.reloadLabels(root).catch((err: Error) => this.log.warn(`reading label changes of ${root}: ${err.message}`));
      }, DEBOUNCE_MS),
    );
  }

  dispose(): void {
    this.sub.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const subs of this.watchers.values()) subs.forEach((s) => s.dispose());
    this.watchers.clear();
  }
}

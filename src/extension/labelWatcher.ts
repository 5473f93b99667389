/**
 * Watches each open dataset's sidecars: appends by another window or the CLI, and replacements by git (checkout,
 * pull), of the labels (.ser/labels.jsonl: read by the worker's store and shown in the tree and the panels) and of
 * the "not an issue" verdicts (.ser/verdicts.jsonl: suspects, the Review tree and the panels refresh). Our own
 * writes trigger it too; the reload then finds nothing new.
 */
import * as vscode from 'vscode';
import type { DatasetService } from './core/datasetService';

/** Quiet time after the last file event before reloading (git writes in bursts). */
const DEBOUNCE_MS = 300;

/** The sidecars watched, and what picks up their changes. */
const SIDECARS = [
  { file: '.ser/labels.jsonl', what: 'label changes', reload: (s: DatasetService, root: string) => s.reloadLabels(root) },
  { file: '.ser/verdicts.jsonl', what: 'verdicts', reload: (s: DatasetService, root: string) => s.reloadVerdicts(root) },
] as const;

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
      const subs: vscode.Disposable[] = [];
      for (const sidecar of SIDECARS) {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), sidecar.file));
        const fire = () => this.schedule(root, sidecar);
        subs.push(w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire));
      }
      this.watchers.set(root, subs);
    }
  }

  private schedule(root: string, sidecar: (typeof SIDECARS)[number]): void {
    const key = `${root}\u0000${sidecar.file}`;
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        sidecar.reload(this.service, root).catch((err: Error) => this.log.warn(`reading ${sidecar.what} of ${root}: ${err.message}`));
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

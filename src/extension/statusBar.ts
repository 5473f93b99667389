/** The status bar item: engine backend and device, the current run's UA, the running job; click to pick the backend. */
import * as vscode from 'vscode';
import type { DatasetService } from './core/datasetService';
import type { JobRunner } from './core/jobRunner';
import type { BackendCheck } from '../shared/protocol';
import { statusText } from './core/statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ser.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly service: DatasetService,
    private readonly jobs: JobRunner,
    private readonly backend: () => BackendCheck | undefined,
    private readonly choice: () => string,
  ) {
    this.item.name = 'SER Studio';
    this.item.command = 'ser.selectBackend';
    this.subs.push(service.onDidChange(() => this.update()), jobs.onDidChange(() => this.update()));
    this.update();
  }

  update(): void {
    const m = this.service.active();
    if (!m && !this.jobs.running) {
      this.item.hide();
      return;
    }
    const b = this.backend();
    const { text, tooltip } = statusText({
      ...(b ? { backend: b } : {}),
      choice: this.choice(),
      ...(m?.overlay ? { run: m.overlay.run } : {}),
      ...(this.jobs.running ? { job: this.jobs.running } : {}),
      trusted: vscode.workspace.isTrusted,
    });
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}

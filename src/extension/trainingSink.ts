/**
 * Training events to the training dashboard: followed live when a dashboard is open, recorded (compactly, see
 * TrainingRecord) so "Show Training Dashboard" in the middle of a run or after it replays what happened, with the
 * run's own start and end times.
 */
import type * as vscode from 'vscode';
import type { TrainEvent } from '../shared/trainTypes';
import type { TrainingSink } from './core/trainFlow';
import { TrainingDashboard, type RunResult, type TrainingRunInfo, type ViewData } from './views';
import { TrainingRecord } from './core/trainingRecord';

export class TrainingSinkImpl implements TrainingSink {
  private readonly record = new TrainingRecord<TrainingRunInfo>();
  private dashboard: TrainingDashboard | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
  ) {}

  get current(): TrainingRunInfo | undefined {
    return this.record.run;
  }

  start(run: TrainingRunInfo): void {
    this.record.start(run);
    if (this.dashboard) this.attach(TrainingDashboard.show(this.context, this.data, run));
  }

  post(event: TrainEvent): void {
    this.record.post(event);
    this.dashboard?.post(event);
  }

  finish(result: RunResult): void {
    const end = this.record.finish(result);
    this.dashboard?.finish(result, end.endedAt);
  }

  fail(message: string, cancelled: boolean): void {
    const end = this.record.fail(message, cancelled);
    this.dashboard?.fail(message, cancelled, end.endedAt);
  }

  /** Opens (or reveals) the dashboard on the latest run, replaying its events; false when no run has started here. */
  show(): boolean {
    const run = this.record.run;
    if (!run) return false;
    const d = TrainingDashboard.show(this.context, this.data, run);
    this.record.replay(d);
    this.attach(d);
    return true;
  }

  /** Shows a finished run that did not run in this window (its metrics only), between `run.startedAt` and `endedAt`. */
  showFinished(run: TrainingRunInfo, result: RunResult, endedAt: number): void {
    this.record.start(run);
    this.record.finish(result, endedAt);
    this.show();
  }

  private attach(d: TrainingDashboard): void {
    if (this.dashboard === d) return;
    this.dashboard = d;
    d.onDidDispose(() => {
      if (this.dashboard === d) this.dashboard = undefined;
    });
  }
}

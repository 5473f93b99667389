/**
 * Training events to the training dashboard: followed live when a dashboard is open, buffered (compactly, by the
 * panels' TrainingLog) so "Show Training Dashboard" in the middle of a run replays what happened so far.
 */
import type * as vscode from 'vscode';
import type { TrainEvent } from '../shared/trainTypes';
import type { TrainingSink } from './core/trainFlow';
import { TrainingDashboard, type RunResult, type TrainingRunInfo, type ViewData } from './views';
import { TrainEventBuffer } from './core/trainEventBuffer';

type Ending = { type: 'finished'; result: RunResult } | { type: 'failed'; message: string; cancelled: boolean };

export class TrainingSinkImpl implements TrainingSink {
  private run: TrainingRunInfo | undefined;
  private log = new TrainEventBuffer();
  private ending: Ending | undefined;
  private dashboard: TrainingDashboard | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
  ) {}

  get current(): TrainingRunInfo | undefined {
    return this.run;
  }

  start(run: TrainingRunInfo): void {
    this.run = run;
    this.log = new TrainEventBuffer();
    this.ending = undefined;
    if (this.dashboard) this.attach(TrainingDashboard.show(this.context, this.data, run));
  }

  post(event: TrainEvent): void {
    this.log.add(event);
    this.dashboard?.post(event);
  }

  finish(result: RunResult): void {
    this.ending = { type: 'finished', result };
    this.dashboard?.finish(result);
  }

  fail(message: string, cancelled: boolean): void {
    this.ending = { type: 'failed', message, cancelled };
    this.dashboard?.fail(message, cancelled);
  }

  /** Opens (or reveals) the dashboard on the latest run, replaying its events; false when no run has started here. */
  show(): boolean {
    if (!this.run) return false;
    const d = TrainingDashboard.show(this.context, this.data, this.run);
    for (const e of this.log.all()) d.post(e);
    if (this.ending?.type === 'finished') d.finish(this.ending.result);
    else if (this.ending) d.fail(this.ending.message, this.ending.cancelled);
    this.attach(d);
    return true;
  }

  /** Shows a finished run that did not run in this window (its metrics only). */
  showFinished(run: TrainingRunInfo, result: RunResult): void {
    this.run = run;
    this.log = new TrainEventBuffer();
    this.ending = { type: 'finished', result };
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

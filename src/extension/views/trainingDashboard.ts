import * as vscode from 'vscode';
import type { TrainEvent } from '../../shared/trainTypes';
import { parseFromTrainingView, type FromTrainingView, type RunHeader, type RunResult, type ToTrainingView } from '../../shared/views/trainingMessages';
import { TrainingLog } from '../../shared/views/trainingLog';
import { UtteranceView } from './utteranceView';
import type { TrainingRunInfo, ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

/** Events are forwarded to the webview in batches at most this often (ms): step events can come by the hundred. */
const FLUSH_MS = 100;

type Ending = { type: 'finished'; result: RunResult; endedAt: number } | { type: 'failed'; message: string; cancelled: boolean; endedAt: number };

/**
 * The training dashboard of one run: live loss and validation curves per epoch and fold, backend, elapsed and
 * remaining time, Cancel; at the end the confusion matrix (a cell lists its utterances) and the grid table.
 *
 * The command that runs training calls `post(event)` for every TrainEvent, then `finish(result)` or `fail(...)`.
 * A finished run's panel is reused by the next run; a running one keeps its panel and the next run opens another.
 */
export class TrainingDashboard {
  static readonly viewType = 'ser.training';
  private static readonly open = new Set<TrainingDashboard>();

  private readonly view: ViewPanel<ToTrainingView, FromTrainingView>;
  private run: (RunHeader & { onCancel?: () => void }) | undefined;
  private log = new TrainingLog();
  private pending: TrainEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private ending: Ending | undefined;
  private cellIds = new Set<string>();

  /** Opens a dashboard for `run` and reveals it. */
  static show(context: vscode.ExtensionContext, data: ViewData, run: TrainingRunInfo): TrainingDashboard {
    const idle = [...TrainingDashboard.open].find((d) => d.ending !== undefined || d.run === undefined);
    if (idle) {
      idle.start(run);
      idle.view.reveal();
      return idle;
    }
    const d = new TrainingDashboard(context, data);
    d.start(run);
    return d;
  }

  /** A dashboard VS Code restored after a reload: the run is gone; the webview shows what it had saved. */
  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): TrainingDashboard {
    return new TrainingDashboard(context, data, panel);
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
    restored?: vscode.WebviewPanel,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      { viewType: TrainingDashboard.viewType, bundle: 'training', parse: parseFromTrainingView },
      'SER: Training',
      { onReady: () => this.replay(), onMessage: (m) => this.onMessage(m), error: (error) => ({ type: 'error', error }) },
      restored,
    );
    TrainingDashboard.open.add(this);
    this.view.own({ dispose: () => {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      TrainingDashboard.open.delete(this);
    } });
  }

  /** Fires when the user closes the dashboard (training goes on). */
  get onDidDispose(): vscode.Event<void> {
    return this.view.onDidDispose;
  }

  /** Shows one training event (batched to the webview). */
  post(event: TrainEvent): void {
    if (!this.run || this.ending) return;
    this.log.add(event);
    if (!this.view.isReady) return; // the replay on `ready` covers it
    this.pending.push(event);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** The run ended (at `endedAt`, ms since the epoch; default now): shows its results (confusion matrix, grid table). */
  finish(result: RunResult, endedAt = Date.now()): void {
    this.end({ type: 'finished', result, endedAt });
  }

  /** The run failed or was cancelled (at `endedAt`; default now). */
  fail(message: string, cancelled = false, endedAt = Date.now()): void {
    this.end({ type: 'failed', message, cancelled, endedAt });
  }

  dispose(): void {
    this.view.dispose();
  }

  private start(run: TrainingRunInfo): void {
    this.run = { title: run.title, kind: run.kind, runDir: run.runDir, startedAt: run.startedAt, onCancel: run.onCancel };
    this.ending = undefined;
    this.pending = [];
    this.cellIds.clear();
    this.log = new TrainingLog();
    this.view.setTitle(`SER: ${run.title}`);
    if (this.view.isReady) void this.view.guard('showing the run', () => this.replay());
  }

  private end(ending: Ending): void {
    if (!this.run || this.ending) return;
    this.flush();
    this.ending = ending;
    this.view.postIfReady(ending);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    this.view.postIfReady({ type: 'events', events: this.pending });
    this.pending = [];
  }

  private replay(): void {
    if (!this.run) return; // restored after a reload: the webview keeps its saved state
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    const { onCancel: _, ...header } = this.run;
    this.view.postIfReady({ type: 'run', run: header, now: Date.now() });
    const events = this.log.all();
    if (events.length) this.view.postIfReady({ type: 'events', events });
    if (this.ending) this.view.postIfReady(this.ending);
  }

  private async onMessage(m: Exclude<FromTrainingView, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'cancel':
        if (this.run && !this.ending) this.run.onCancel?.();
        return;
      case 'cell': {
        const r = this.ending?.type === 'finished' ? this.ending.result : undefined;
        if (!this.run || r?.kind !== 'evaluate' || !this.data.confusionCell) return;
        const classes = r.summary.metrics.classes;
        if (!classes.includes(m.trueLabel) || !classes.includes(m.predicted)) return;
        const utterances = await this.data.confusionCell(this.run.runDir, m.trueLabel, m.predicted);
        for (const u of utterances) this.cellIds.add(u.id);
        this.view.postIfReady({ type: 'cell', trueLabel: m.trueLabel, predicted: m.predicted, utterances });
        return;
      }
      case 'open':
        if (this.cellIds.has(m.id)) UtteranceView.show(this.context, this.data, m.id, vscode.ViewColumn.Beside);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

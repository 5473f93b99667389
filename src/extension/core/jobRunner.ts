/**
 * Long engine work (feature extraction, training, evaluation, scoring, native setup) as the host runs it: one job
 * at a time, shown as a cancellable progress notification whose Cancel, the "SER: Cancel" command and the training
 * dashboard's Cancel all abort the same AbortController, which the RPC turns into a cancel of the worker's handler.
 */
import { Emitter } from './events';

/** A progress report: a message and the fraction done so far (0..1) when known. */
export type Report = (message: string, fraction?: number) => void;

/** How the host shows a job (vscode.window.withProgress behind it). */
export interface ProgressUi {
  withProgress<T>(title: string, cancellable: boolean, task: (report: Report, onCancel: (listener: () => void) => void) => Promise<T>): Promise<T>;
}

export interface RunningJob {
  id: number;
  title: string;
  kind: string;
  started: number;
  controller: AbortController;
  /** Latest message reported. */
  message: string;
}

/** Raised when a job is asked for while another runs. */
export class BusyError extends Error {
  constructor(readonly running: RunningJob) {
    super(`${running.title} is running; cancel it first ("SER: Cancel")`);
    this.name = 'BusyError';
  }
}

export class JobRunner {
  private current: RunningJob | undefined;
  private nextId = 1;
  private readonly emitter = new Emitter<RunningJob | undefined>();
  /** Fires when a job starts, reports, or ends (undefined). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly ui: ProgressUi) {}

  get running(): RunningJob | undefined {
    return this.current;
  }

  /**
   * Runs `work` as the one job, with a progress notification; resolves with its result, rejects with its error
   * (a cancelled job rejects with whatever the engine raised for the cancel).
   */
  run<T>(kind: string, title: string, work: (signal: AbortSignal, report: Report, job: RunningJob) => Promise<T>): Promise<T> {
    if (this.current) return Promise.reject(new BusyError(this.current));
    const job: RunningJob = { id: this.nextId++, title, kind, started: Date.now(), controller: new AbortController(), message: '' };
    this.current = job;
    this.emitter.fire(job);
    let lastFire = 0;
    return this.ui
      .withProgress(title, true, (report, onCancel) => {
        onCancel(() => job.controller.abort());
        const wrapped: Report = (message, fraction) => {
          job.message = message;
          report(message, fraction);
          // Status bar updates at most four times a second: step events can come by the hundred.
          const now = Date.now();
          if (now - lastFire > 250) {
            lastFire = now;
            this.emitter.fire(job);
          }
        };
        return work(job.controller.signal, wrapped, job);
      })
      .finally(() => {
        if (this.current === job) this.current = undefined;
        this.emitter.fire(undefined);
      });
  }

  /** Cancels the running job; false when none runs. */
  cancel(): boolean {
    if (!this.current) return false;
    this.current.controller.abort();
    return true;
  }

  dispose(): void {
    this.current?.controller.abort();
    this.emitter.dispose();
  }
}

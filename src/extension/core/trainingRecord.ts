/**
 * The latest training run as a dashboard needs it to catch up: the run (with the time it really started), its
 * events so far, and how and when it ended. A dashboard opened mid-run or after the end replays this record, so
 * its elapsed and remaining times are the run's, not the time since the panel opened. Kept apart from the sink
 * (which owns the panel) so it is tested without VS Code.
 */
import type { RunBrief } from '../../shared/protocol';
import type { TrainEvent } from '../../shared/trainTypes';
import type { RunResult } from '../../shared/views/trainingMessages';
import { TrainEventBuffer } from './trainEventBuffer';

/** How the run ended; `endedAt` in ms since the epoch (host clock). */
export type RecordedEnding = { type: 'finished'; result: RunResult; endedAt: number } | { type: 'failed'; message: string; cancelled: boolean; endedAt: number };

/** What a replay feeds: a training dashboard. */
export interface DashboardTarget {
  post(event: TrainEvent): void;
  finish(result: RunResult, endedAt: number): void;
  fail(message: string, cancelled: boolean, endedAt: number): void;
}

export class TrainingRecord<Run extends { startedAt: number }> {
  private runNow: Run | undefined;
  private events = new TrainEventBuffer();
  private endingNow: RecordedEnding | undefined;

  /** `now`: the host clock, ms since the epoch. */
  constructor(private readonly now: () => number = Date.now) {}

  get run(): Run | undefined {
    return this.runNow;
  }

  get ending(): RecordedEnding | undefined {
    return this.endingNow;
  }

  /** A new run: what was recorded of the previous one is dropped. */
  start(run: Run): void {
    this.runNow = run;
    this.events = new TrainEventBuffer();
    this.endingNow = undefined;
  }

  post(event: TrainEvent): void {
    this.events.add(event);
  }

  /** The run finished now (or at `endedAt`); returns the ending as recorded. */
  finish(result: RunResult, endedAt = this.now()): RecordedEnding {
    return (this.endingNow = { type: 'finished', result, endedAt });
  }

  fail(message: string, cancelled: boolean, endedAt = this.now()): RecordedEnding {
    return (this.endingNow = { type: 'failed', message, cancelled, endedAt });
  }

  /** Sends everything recorded to `target`, the ending with the time it happened (not the time of the replay). */
  replay(target: DashboardTarget): void {
    for (const e of this.events.all()) target.post(e);
    const end = this.endingNow;
    if (end?.type === 'finished') target.finish(end.result, end.endedAt);
    else if (end) target.fail(end.message, end.cancelled, end.endedAt);
  }
}

/**
 * When a run that did not run in this window started and ended, from its run.json (createdAt, updatedAt), in ms
 * since the epoch; undefined when either is missing or unreadable. A resumed run counts from its first start.
 */
export function runTimes(run: Pick<RunBrief, 'createdAt' | 'updatedAt'>): { startedAt: number; endedAt: number } | undefined {
  const startedAt = Date.parse(run.createdAt);
  const endedAt = Date.parse(run.updatedAt);
  if (!Number.isFinite(startedAt) || !Number.isFinite(endedAt) || endedAt < startedAt) return undefined;
  return { startedAt, endedAt };
}

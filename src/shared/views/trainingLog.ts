/**
 * The training events a dashboard needs to redraw itself from scratch (after it was hidden or reloaded), kept
 * small however long the run: every epoch, fold and backend event, only the latest step of each fold (a finished
 * epoch's steps are dropped once its epoch event arrives), the latest feature progress and the last log lines.
 * The host keeps one per dashboard to replay on `ready`; the dashboard keeps one for its saved state.
 */
import type { TrainEvent } from '../trainTypes';

/** Log lines kept. */
export const MAX_LOG_LINES = 200;

type StepEvent = Extract<TrainEvent, { type: 'epoch' | 'step' }>;

export class TrainingLog {
  private events: TrainEvent[] = [];

  add(e: TrainEvent): void {
    switch (e.type) {
      case 'step':
        this.events = this.events.filter((x) => !(x.type === 'step' && sameFold(x, e)));
        break;
      case 'epoch':
        this.events = this.events.filter((x) => !(x.type === 'step' && sameFold(x, e)));
        break;
      case 'features':
        this.events = this.events.filter((x) => x.type !== 'features');
        break;
      case 'log': {
        let logs = 0;
        for (const x of this.events) if (x.type === 'log') logs++;
        if (logs >= MAX_LOG_LINES) {
          const first = this.events.findIndex((x) => x.type === 'log');
          this.events.splice(first, 1);
        }
        break;
      }
      case 'backend':
      case 'fold-start':
      case 'fold-done':
        break;
      default: {
        const never: never = e;
        return never;
      }
    }
    this.events.push(e);
  }

  /** Starts from `events` (a saved state), compacting them as if they had been added one by one. */
  static from(events: readonly TrainEvent[]): TrainingLog {
    const log = new TrainingLog();
    for (const e of events) log.add(e);
    return log;
  }

  /** Every kept event, oldest first. */
  all(): TrainEvent[] {
    return [...this.events];
  }

  get size(): number {
    return this.events.length;
  }
}

function sameFold(a: StepEvent, b: StepEvent): boolean {
  return a.fold === b.fold && (a.variant ?? '') === (b.variant ?? '');
}

/**
 * The training events of the latest run, kept so a dashboard opened mid-run can replay them: every event but the
 * step events, of which only the latest per fold is kept (they come by the hundred and the next epoch event
 * summarises them), and at most MAX_EVENTS overall (the oldest log lines go first).
 */
import type { TrainEvent } from '../../shared/trainTypes';

export const MAX_EVENTS = 5000;

export class TrainEventBuffer {
  private events: TrainEvent[] = [];

  add(e: TrainEvent): void {
    if (e.type === 'step' || e.type === 'epoch') {
      const i = this.events.findIndex((x) => x.type === 'step' && x.fold === e.fold && x.variant === e.variant);
      if (i >= 0) this.events.splice(i, 1);
    }
    this.events.push(e);
    if (this.events.length > MAX_EVENTS) {
      const log = this.events.findIndex((x) => x.type === 'log' || x.type === 'features');
      this.events.splice(log >= 0 ? log : 0, 1);
    }
  }

  all(): readonly TrainEvent[] {
    return this.events;
  }
}

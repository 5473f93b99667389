/**
 * Worker threads for a feature job. Each thread gets up to PER_THREAD tasks at a time (one running, one waiting,
 * so it never idles while the job hands it the next); a task goes to the thread with the fewest.
 *
 * A thread that dies (out of memory on a huge file, a native crash) fails only the task it was running, with
 * the reason; the tasks queued behind it move to a fresh thread. After too many deaths the pool gives up and
 * every unfinished task rejects, which ends the job. A thread that cannot even start (missing or broken script)
 * rejects at once with a SerError naming the script.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, SerError } from '../errors';
import type { FeatureTask, TaskOutcome } from './featureTask';
import type { FeatureWorkerInit, FromFeatureWorker, TaskMessage } from './featureWorkerMessages';
import type { TaskExecutor } from './taskExecutor';

const PER_THREAD = 2;

interface Pending {
  task: FeatureTask;
  resolve: (o: TaskOutcome) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this thread, in the order it answers them. */
  queue: Pending[];
  /** Whether the thread said 'ready' (a death before that is a start failure: bad script, bad config). */
  started: boolean;
}

export class FeatureThreadPool implements TaskExecutor {
  readonly capacity: number;
  private readonly slots: Slot[] = [];
  private deaths = 0;
  private closed = false;
  private failure: unknown;

  constructor(
    private readonly script: string,
    readonly threads: number,
    private readonly init: FeatureWorkerInit,
  ) {
    this.capacity = threads * PER_THREAD;
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  run(task: FeatureTask): Promise<TaskOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new CancelledError('feature extraction'));
    return new Promise<TaskOutcome>((resolve, reject) => this.send({ task, resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) for (const p of s.queue.splice(0)) p.reject(new CancelledError('feature extraction'));
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private send(p: Pending): void {
    let best = this.slots[0];
    for (const s of this.slots) if (s.queue.length < best.queue.length) best = s;
    best.queue.push(p);
    best.worker.postMessage({ type: 'task', task: p.task } satisfies TaskMessage);
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: this.init });
    const slot: Slot = { worker, queue: [], started: false };
    worker.on('message', (m: FromFeatureWorker) => {
      if (m.type === 'ready') slot.started = true;
      else if (m.type === 'outcome') slot.queue.shift()?.resolve(m.outcome);
      else this.died(slot, m.message);
    });
    worker.on('error', (err) => this.died(slot, err instanceof Error ? err.message : String(err)));
    worker.on('exit', (code) => this.died(slot, `exited with code ${code}`));
    return slot;
  }

  private died(slot: Slot, reason: string): void {
    const at = this.slots.indexOf(slot);
    if (this.closed || at < 0) return;
    this.slots.splice(at, 1);
    void slot.worker.terminate().catch(() => undefined);
    if (!slot.started) {
      this.fail(new SerError('io', this.script, `the feature worker thread could not start: ${reason}`), slot);
      return;
    }
    this.deaths++;
    const [current, ...waiting] = slot.queue;
    if (current) current.resolve({ index: current.task.index, status: 'failed', file: current.task.audioPath, code: 'io', problem: `the feature worker thread died on this file: ${reason}` });
    if (this.deaths > 2 * this.threads + 2) {
      this.fail(new SerError('io', undefined, `feature worker threads keep dying (${this.deaths} times; last: ${reason})`), { ...slot, queue: waiting });
      return;
    }
    this.slots.push(this.spawn());
    for (const p of waiting) this.send(p);
  }

  private fail(error: SerError, dead: Slot): void {
    this.failure = error;
    const pending = [...dead.queue, ...this.slots.flatMap((s) => s.queue.splice(0))];
    // Reject with the reason before close() would reject them as cancelled.
    for (const p of pending) p.reject(error);
    void this.close();
  }
}

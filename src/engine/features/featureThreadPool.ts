/**
 * Worker threads for a feature job. Each thread gets up to PER_THREAD tasks at a time and works on them together
 * (computing is synchronous, so they only overlap their file I/O with each other's computing); a task goes to
 * the thread with the fewest. Outcomes come back in any order and are matched by task index.
 *
 * A thread that dies (out of memory on a huge file, a native crash) takes its tasks down with it; they move to
 * a fresh thread, and a task that was on two threads that died fails with the reason (it is most likely the
 * cause), so one poisonous file cannot stop the job. After too many deaths the pool gives up and every
 * unfinished task rejects, which ends the job. A thread that cannot even start (missing or broken script)
 * rejects at once with a SerError naming the script.
 *
 * Threads start on the first task, not before: a job whose utterances are all cached (answered by the
 * scheduler's probe in the calling thread) never pays for starting them.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, SerError } from '../errors';
import type { FeatureTask, TaskOutcome } from './featureTask';
import type { FeatureWorkerInit, FromFeatureWorker, TaskMessage } from './featureWorkerMessages';
import type { TaskExecutor } from './taskExecutor';

const PER_THREAD = 3;

interface Pending {
  task: FeatureTask;
  /** Threads that died while this task was on them. */
  deaths: number;
  resolve: (o: TaskOutcome) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this thread and not answered yet. */
  queue: Pending[];
  /** Whether the thread said 'ready' (a death before that is a start failure: bad script, bad config). */
  started: boolean;
}

export class FeatureThreadPool implements TaskExecutor {
  readonly capacity: number;
  readonly mainThread = false;
  private readonly slots: Slot[] = [];
  private started = 0;
  private deaths = 0;
  private closed = false;
  private failure: unknown;

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly init: FeatureWorkerInit,
  ) {
    this.capacity = size * PER_THREAD;
  }

  /** Threads started (all of them once a task has been run, none before). */
  get threads(): number {
    return this.started;
  }

  run(task: FeatureTask): Promise<TaskOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new CancelledError('feature extraction'));
    if (this.started === 0) {
      this.started = this.size;
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    }
    return new Promise<TaskOutcome>((resolve, reject) => this.send({ task, deaths: 0, resolve, reject }));
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
      else if (m.type === 'outcome') {
        const at = slot.queue.findIndex((p) => p.task.index === m.outcome.index);
        if (at >= 0) slot.queue.splice(at, 1)[0].resolve(m.outcome);
      }
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
    const retry: Pending[] = [];
    for (const p of slot.queue) {
      if (++p.deaths < 2) retry.push(p);
      else p.resolve({ index: p.task.index, status: 'failed', file: p.task.audioPath, code: 'io', problem: `the feature worker thread died twice while working on this file: ${reason}` });
    }
    if (this.deaths > 2 * this.size + 2) {
      this.fail(new SerError('io', undefined, `feature worker threads keep dying (${this.deaths} times; last: ${reason})`), { ...slot, queue: retry });
      return;
    }
    this.slots.push(this.spawn());
    for (const p of retry) this.send(p);
  }

  private fail(error: SerError, dead: Slot): void {
    this.failure = error;
    const pending = [...dead.queue, ...this.slots.flatMap((s) => s.queue.splice(0))];
    // Reject with the reason before close() would reject them as cancelled.
    for (const p of pending) p.reject(error);
    void this.close();
  }
}

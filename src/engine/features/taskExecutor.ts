/**
 * Where a feature job's tasks run. Two implementations: InProcessExecutor (below; the calling thread and the
 * injected FileSystem) and FeatureThreadPool (worker threads).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CancelledError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import type { FeatureConfig } from './featureConfig';
import { FeatureTaskRunner, type FeatureTask, type TaskOutcome } from './featureTask';

export interface TaskExecutor {
  /** Tasks worth having in flight at once (more only queue up). */
  readonly capacity: number;
  /** Threads started so far (0 for the calling thread). */
  readonly threads: number;
  /** Whether tasks run in the calling thread (then the scheduler does not probe the cache separately). */
  readonly mainThread: boolean;
  /** Runs a task; per-file problems resolve as 'failed' outcomes, rejection means the job cannot go on. */
  run(task: FeatureTask): Promise<TaskOutcome>;
  /** Stops at once (terminating threads); tasks not finished reject with CancelledError. Idempotent. */
  close(): Promise<void>;
}

/**
 * Tasks in the calling thread. A few run at once: computing is synchronous, so they never overlap each other's
 * computing, only one's file I/O with another's computing, which keeps the thread busy instead of waiting.
 */
export class InProcessExecutor implements TaskExecutor {
  readonly capacity = 3;
  readonly threads = 0;
  readonly mainThread = true;
  private readonly runner: FeatureTaskRunner;
  private closed = false;

  constructor(fs: FileSystem, config: FeatureConfig, cacheDir: string) {
    this.runner = new FeatureTaskRunner(fs, config, cacheDir);
  }

  async run(task: FeatureTask): Promise<TaskOutcome> {
    if (this.closed) throw new CancelledError('feature extraction');
    const outcome = await this.runner.run(task);
    // Computing is synchronous: give timers, I/O and an abort a turn between utterances.
    await nextTurn();
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

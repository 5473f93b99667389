/** Messages between a feature job and its worker threads (featureThreadPool.ts <-> featureWorker.ts). */
import type { FeatureConfig } from './featureConfig';
import type { FeatureTask, TaskOutcome } from './featureTask';

/** workerData of a feature worker thread. */
export interface FeatureWorkerInit {
  config: FeatureConfig;
  cacheDir: string;
}

/** Job -> thread: one task; the thread answers each as it finishes (outcomes carry the task index). */
export interface TaskMessage {
  type: 'task';
  task: FeatureTask;
}

/** Thread -> job: 'ready' once the thread has loaded and set up (a death before it is a start failure). */
export type FromFeatureWorker = { type: 'ready' } | { type: 'outcome'; outcome: TaskOutcome } | { type: 'fatal'; message: string };

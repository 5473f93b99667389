/**
 * Where folds run. In-process for the CLI's single job, tests and small runs; a pool of worker processes (see
 * src/worker/foldPool.ts) when folds run in parallel: wasm and the pure-JS backend use one core per process, so
 * parallelism comes from processes, not threads.
 */
import type { FileSystem } from '../io/fileSystem';
import type { FeatureMatrix } from '../features/featureConfig';
import type { TrainEvent } from '../../shared/trainTypes';
import { runFoldTask, type FoldResult, type FoldTask } from './foldTask';

export interface FoldExecutor {
  /** Folds it can run at once. */
  readonly capacity: number;
  run(task: FoldTask, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<FoldResult>;
  dispose(): Promise<void>;
}

export class InProcessExecutor implements FoldExecutor {
  readonly capacity = 1;

  constructor(
    private readonly fs: FileSystem,
    private readonly features: ReadonlyMap<string, FeatureMatrix>,
  ) {}

  run(task: FoldTask, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<FoldResult> {
    return runFoldTask(this.fs, this.features, task, onEvent, signal);
  }

  async dispose(): Promise<void> {}
}

/**
 * Folds in parallel, one worker process each (dist/worker.js, method `trainFold`): wasm and the pure-JS backend
 * compute on one core per process, and a native backend given one thread per process scales the same way. Workers
 * start on first use and are reused for later folds (they keep the loaded features). A worker that dies fails its
 * fold with its exit code and last stderr lines; cancelling aborts every running fold, whose checkpoints remain.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { RpcClient, RpcError } from '../../shared/rpc';
import { ipcChannel } from '../../shared/processChannel';
import type { WorkerMethods } from '../../shared/protocol';
import type { BackendChoice, TrainEvent, TrainFoldParams } from '../../shared/trainTypes';
import { CancelledError, SerError } from '../errors';
import type { FoldExecutor } from '../eval/foldExecutor';
import type { FoldResult, FoldTask } from '../eval/foldTask';

export interface FoldPoolOptions {
  /** dist/worker.js */
  workerScript: string;
  size: number;
  backend: BackendChoice;
  /** Native threads per worker (so size x threads <= cores). */
  threads: number;
  features: TrainFoldParams['features'];
  /** Extra environment for the workers. */
  env?: NodeJS.ProcessEnv;
}

interface Slot {
  child: ChildProcess;
  client: RpcClient<WorkerMethods>;
  stderr: string[];
  busy: boolean;
  exited?: string;
}

export class FoldProcessPool implements FoldExecutor {
  readonly capacity: number;
  private readonly slots: Slot[] = [];

  constructor(private readonly opts: FoldPoolOptions) {
    this.capacity = Math.max(1, opts.size);
  }

  async run(task: FoldTask, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<FoldResult> {
    const slot = this.idleSlot();
    slot.busy = true;
    try {
      const params: TrainFoldParams = { task: { ...task, config: task.config }, features: this.opts.features, backend: this.opts.backend, threads: this.opts.threads };
      const r = await slot.client.request('trainFold', params, { ...(signal ? { signal } : {}), onProgress: onEvent });
      // The worker wrote the fold's files; the parent reads them when it aggregates.
      return { ...r, test: [] };
    } catch (err) {
      if (err instanceof RpcError && err.code === 'cancelled') throw new CancelledError(`fold ${task.fold.name}`);
      if (err instanceof RpcError && err.code === 'disposed') {
        throw new SerError('io', undefined, `the worker process of fold ${task.fold.name} ended (${slot.exited ?? 'no exit status'})${slot.stderr.length ? `; its last output: ${slot.stderr.join('').slice(-600)}` : ''}`);
      }
      if (err instanceof RpcError) throw new SerError((err.code as never) ?? 'io', err.file, err.message.replace(/^.*?: /, ''));
      throw err;
    } finally {
      slot.busy = false;
    }
  }

  private idleSlot(): Slot {
    const free = this.slots.find((s) => !s.busy && !s.exited);
    if (free) return free;
    if (this.slots.filter((s) => !s.exited).length >= this.capacity) throw new Error('fold pool over capacity');
    const child = fork(this.opts.workerScript, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...this.opts.env },
      serialization: 'advanced',
    });
    const slot: Slot = { child, client: new RpcClient<WorkerMethods>(ipcChannel(child)), stderr: [], busy: false };
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderr.push(d.toString());
      if (slot.stderr.length > 20) slot.stderr.shift();
    });
    child.on('exit', (code, sig) => {
      slot.exited = sig ? `killed by ${sig}` : `exit code ${code}`;
      slot.client.dispose(`the worker process ended (${slot.exited})`);
    });
    this.slots.push(slot);
    return slot;
  }

  async dispose(): Promise<void> {
    for (const s of this.slots) {
      s.client.dispose('the fold pool was closed');
      if (!s.exited) s.child.kill();
    }
    this.slots.length = 0;
  }
}

/**
 * The feature worker thread (bundled as dist/featureWorker.js; started by featureThreadPool.ts). It is a host
 * entry point like the worker process: a FileSystem object cannot cross a thread boundary, so it opens its own
 * NodeFileSystem, builds one FeatureTaskRunner for the job's config and answers each task as it finishes,
 * transferring any matrix back without a copy. The pool sends a thread only a few tasks at a time; they run
 * together, which overlaps one's file I/O with another's (synchronous) computing.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { NodeFileSystem } from '../io/nodeFileSystem';
import { FeatureTaskRunner } from './featureTask';
import type { FeatureWorkerInit, FromFeatureWorker, TaskMessage } from './featureWorkerMessages';

export function serveFeatureTasks(port: MessagePort, init: FeatureWorkerInit): void {
  const post = (m: FromFeatureWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let runner: FeatureTaskRunner;
  try {
    runner = new FeatureTaskRunner(new NodeFileSystem(), init.config, init.cacheDir);
  } catch (err) {
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  post({ type: 'ready' });
  port.on('message', (msg: TaskMessage) => {
    if (msg.type !== 'task') return;
    runner
      .run(msg.task)
      .then((outcome) => {
        const transfer = 'matrix' in outcome && outcome.matrix ? [outcome.matrix.data.buffer as ArrayBuffer] : [];
        post({ type: 'outcome', outcome }, transfer);
      })
      // run() reports every per-file problem as an outcome; anything else breaks the thread's contract.
      .catch((err: unknown) => post({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
}

if (!isMainThread && parentPort) serveFeatureTasks(parentPort, workerData as FeatureWorkerInit);

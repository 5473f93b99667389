/**
 * Runs the all-pairs search on several threads: each worker thread computes the column blocks it is handed
 * (largest first, the next one as soon as it is free, so the triangle of block pairs balances itself) into its
 * own k-best lists, and the lists are merged at the end. Workers share the index's WebAssembly memory, so
 * starting one costs a few milliseconds and no copy of the embeddings.
 *
 * The worker runs createKnnPartial from its source text (no separate bundle to build or locate). A single thread
 * runs the same function in the calling thread, yielding between column blocks so an abort can be seen.
 */
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CancelledError, SerError, throwIfAborted } from '../../errors';
import { createKnnPartial, type PartialInit } from './knnPartial';

export type PartialSpec = Omit<PartialInit, 'thr' | 'c' | 'hits'>;

export interface PartialResult {
  sims: Float32Array;
  idx: Int32Array;
  tiles: number;
}

export interface ThreadRunOptions {
  signal?: AbortSignal;
  /** Block pairs done of total, after every column block. */
  onProgress?: (done: number, total: number) => void;
}

type FromWorker =
  | { type: 'done'; block: number }
  | { type: 'result'; sims: Float32Array; idx: Int32Array; tiles: number }
  | { type: 'error'; message: string };

/** Source of the worker: createKnnPartial plus a message loop. `__name` is what tsx/esbuild keepNames insert. */
function workerSource(): string {
  return `"use strict";
const __name = (f) => f;
const { parentPort, workerData } = require('node:worker_threads');
const createKnnPartial = (${createKnnPartial.toString()});
let partial;
parentPort.on('message', (msg) => {
  try {
    if (partial === undefined) partial = createKnnPartial(workerData);
    if (msg.type === 'run') {
      partial.runColumnBlock(msg.block);
      parentPort.postMessage({ type: 'done', block: msg.block });
    } else if (msg.type === 'finish') {
      parentPort.postMessage({ type: 'result', sims: partial.sims, idx: partial.idx, tiles: partial.hitTiles() }, [partial.sims.buffer, partial.idx.buffer]);
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String((err && err.stack) || err) });
  }
});`;
}

function pairsOf(block: number): number {
  return block + 1;
}

/** Runs every column block in the calling thread (slot 0). */
export async function runInThread(spec: PartialSpec, slot: { thr: number; c: number; hits: number }, blocks: number, options: ThreadRunOptions): Promise<PartialResult[]> {
  const partial = createKnnPartial({ ...spec, ...slot });
  const total = (blocks * (blocks + 1)) / 2;
  let done = 0;
  let lastYield = Date.now();
  for (let b = blocks - 1; b >= 0; b--) {
    throwIfAborted(options.signal, 'the neighbour search');
    partial.runColumnBlock(b);
    done += pairsOf(b);
    options.onProgress?.(done, total);
    if (Date.now() - lastYield > 50) {
      await nextTurn();
      lastYield = Date.now();
    }
  }
  return [{ sims: partial.sims, idx: partial.idx, tiles: partial.hitTiles() }];
}

/** Runs the column blocks on `slots.length` worker threads; one partial result per thread. */
export function runOnWorkers(spec: PartialSpec, slots: { thr: number; c: number; hits: number }[], blocks: number, options: ThreadRunOptions): Promise<PartialResult[]> {
  throwIfAborted(options.signal, 'the neighbour search');
  const source = workerSource();
  const total = (blocks * (blocks + 1)) / 2;
  const queue: number[] = [];
  for (let b = blocks - 1; b >= 0; b--) queue.push(b);
  return new Promise<PartialResult[]>((resolve, reject) => {
    const workers: Worker[] = [];
    const results: PartialResult[] = new Array<PartialResult>(slots.length);
    let finished = 0;
    let done = 0;
    let settled = false;
    const stop = (err?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => stop(new CancelledError('the neighbour search'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    slots.forEach((slot, t) => {
      const worker = new Worker(source, { eval: true, workerData: { ...spec, ...slot } });
      workers.push(worker);
      const feed = () => {
        const next = queue.shift();
        worker.postMessage(next === undefined ? { type: 'finish' } : { type: 'run', block: next });
      };
      worker.on('message', (msg: FromWorker) => {
        if (settled) return;
        if (msg.type === 'done') {
          done += pairsOf(msg.block);
          options.onProgress?.(done, total);
          feed();
        } else if (msg.type === 'result') {
          results[t] = { sims: msg.sims, idx: msg.idx, tiles: msg.tiles };
          if (++finished === slots.length) stop();
        } else {
          stop(new SerError('io', undefined, `neighbour search thread failed: ${msg.message}`));
        }
      });
      worker.on('error', (err) => stop(new SerError('io', undefined, `neighbour search thread failed: ${err.message}`, { cause: err })));
      worker.on('exit', (code) => {
        if (!settled) stop(new SerError('io', undefined, `neighbour search thread exited with code ${code}`));
      });
      feed();
    });
  });
}

/** Merges per-thread k-best lists of the first n rows into one (same order rule as createKnnPartial). */
export function mergePartials(parts: PartialResult[], n: number, k: number): { indices: Int32Array; similarities: Float32Array } {
  const indices = new Int32Array(n * k);
  const similarities = new Float32Array(n * k);
  const heads = new Int32Array(parts.length);
  for (let i = 0; i < n; i++) {
    heads.fill(0);
    for (let out = 0; out < k; out++) {
      let best = -1;
      let bs = -Infinity;
      let bj = 2147483647;
      for (let p = 0; p < parts.length; p++) {
        if (heads[p] >= k) continue;
        const at = i * k + heads[p];
        const s = parts[p].sims[at];
        const j = parts[p].idx[at];
        if (best < 0 || s > bs || (s === bs && j < bj)) {
          best = p;
          bs = s;
          bj = j;
        }
      }
      heads[best]++;
      indices[i * k + out] = bj === 2147483647 ? -1 : bj;
      similarities[i * k + out] = bs;
    }
  }
  return { indices, similarities };
}

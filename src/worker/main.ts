/**
 * The engine worker process (dist/worker.js). The extension host forks it so feature extraction, training and
 * scoring never block the editor, and an evaluation forks more of it to train folds in parallel; it answers the
 * WorkerMethods of src/shared/protocol.ts over IPC.
 */
import * as path from 'node:path';
import { RpcServer, type Handlers, type WireError } from '../shared/rpc';
import { ipcChannel } from '../shared/processChannel';
import type { WorkerMethods } from '../shared/protocol';
import { NodeFileSystem } from '../engine/io/nodeFileSystem';
import { SerError } from '../engine/errors';
import { runScan } from '../engine/jobs/scanJob';
import { runExtract } from '../engine/jobs/extractJob';
import { runTrainFold } from '../engine/jobs/trainFoldJob';
import { engineEnvironment } from '../engine/jobs/engineEnvironment';
import { evaluate } from '../engine/eval/evaluate';
import { trainRun } from '../engine/train/trainRun';
import { defaultCacheDir } from '../engine/jobs/cacheLocation';

/** Runs a generator of events to its end, sending each event as progress. */
async function pump<E, R>(gen: AsyncGenerator<E, R>, progress: (e: E) => void): Promise<R> {
  for (;;) {
    const r = await gen.next();
    if (r.done) return r.value;
    progress(r.value);
  }
}

export function workerHandlers(distDir: string): Handlers<WorkerMethods> {
  const fs = new NodeFileSystem();
  const env = (p: { root: string; cacheDir?: string; jobs?: number }) =>
    engineEnvironment({ fs, distDir, ...(process.env.SER_NATIVE_DIR ? { nativeDir: process.env.SER_NATIVE_DIR } : {}) }, { cacheDir: p.cacheDir ?? defaultCacheDir(p.root), ...(p.jobs !== undefined ? { jobs: p.jobs } : {}) });
  return {
    ping: async () => ({ pid: process.pid, node: process.version }),
    scan: (params, ctx) => runScan(fs, params, { signal: ctx.signal, onProgress: ctx.progress }),
    extractFeatures: (params, ctx) => runExtract(fs, params, { signal: ctx.signal, onProgress: ctx.progress, distDir }),
    train: (params, ctx) => pump(trainRun(env(params), params, ctx.signal), ctx.progress),
    evaluate: (params, ctx) => pump(evaluate(env(params), params, ctx.signal), ctx.progress),
    trainFold: (params, ctx) => runTrainFold(fs, params, ctx.progress, ctx.signal),
  };
}

/** Keeps the engine's error codes and file names across the process boundary. */
export function toWireError(err: unknown): WireError {
  if (err instanceof SerError) return { code: err.code, message: err.message, ...(err.file ? { file: err.file } : {}) };
  return { code: 'internal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

if (require.main === module) {
  if (!process.send) {
    process.stderr.write('dist/worker.js is the SER Studio engine process; it is started by the extension over IPC.\n');
    process.exit(2);
  }
  const server = new RpcServer<WorkerMethods>(ipcChannel(process), workerHandlers(path.resolve(__dirname)), toWireError);
  process.on('disconnect', () => {
    // The host is gone: stop running jobs, then leave.
    server.dispose();
    setTimeout(() => process.exit(0), 100).unref();
  });
}

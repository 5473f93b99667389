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
import { EditorSessions } from '../engine/jobs/editorSessions';
import { VerdictStore } from '../engine/inspect/verdicts/verdictStore';
import { listRuns, runOverlay } from '../engine/jobs/runCatalog';
import { ensureBackend } from '../engine/backend/ensureBackend';
import { setupNativeEngine } from '../engine/backend/setup/nativeSetup';
import type { SetupEvent } from '../engine/backend/setup/setupTypes';
import type { NativeSetupProgress } from '../shared/protocol';

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
  const sessions = new EditorSessions(fs);
  const env = (p: { root: string; cacheDir?: string; jobs?: number }) =>
    engineEnvironment({ fs, distDir, ...(process.env.SER_NATIVE_DIR ? { nativeDir: process.env.SER_NATIVE_DIR } : {}) }, { cacheDir: p.cacheDir ?? defaultCacheDir(p.root), ...(p.jobs !== undefined ? { jobs: p.jobs } : {}) });
  return {
    ping: async () => ({ pid: process.pid, node: process.version }),
    scan: (params, ctx) => runScan(fs, params, { signal: ctx.signal, onProgress: ctx.progress }),
    extractFeatures: (params, ctx) => runExtract(fs, params, { signal: ctx.signal, onProgress: ctx.progress, distDir }),
    train: (params, ctx) => pump(trainRun(env(params), params, ctx.signal), ctx.progress),
    evaluate: (params, ctx) => pump(evaluate(env(params), params, ctx.signal), ctx.progress),
    trainFold: (params, ctx) => runTrainFold(fs, params, ctx.progress, ctx.signal),

    listDataset: async (params, ctx) => {
      // An explicit listing is a rescan: the folder may have changed since it was opened.
      const ds = await sessions.dataset(params, { fresh: true, signal: ctx.signal, onProgress: (done, total) => ctx.progress({ done, total }) });
      return ds.listing();
    },
    utteranceDetail: (params) => sessions.utteranceDetail(params, params.id, params.runDir),
    labelSet: async (params) => {
      const ds = await sessions.dataset(params);
      const r = await ds.set(params.utt, params.label, params.who, params.note, params.expected);
      if (r.change) sessions.markStale(params);
      return r;
    },
    labelUndo: async (params) => {
      const r = await (await sessions.dataset(params)).undo(params.who);
      if (r.change) sessions.markStale(params);
      return r;
    },
    labelRedo: async (params) => {
      const r = await (await sessions.dataset(params)).redo(params.who);
      if (r.change) sessions.markStale(params);
      return r;
    },
    labelReload: async (params) => {
      const r = await (await sessions.dataset(params)).reload(params.who);
      if (r.changes.length || r.reset) sessions.markStale(params);
      return r;
    },
    labelHistory: async (params) => (await sessions.dataset(params)).history(params.utt),
    labelExport: async (params) => (await sessions.dataset(params)).exportLabels(params.out, params.overwrite),
    listRuns: (params) => listRuns(fs, params.dirs),
    runOverlay: (params) => {
      sessions.forgetRun(params.runDir);
      return runOverlay(fs, params.runDir);
    },
    inspectOpen: async (params, ctx) => {
      const s = await sessions.inspection(params, ctx.progress, ctx.signal);
      return { scored: s.data.ids.length, notInRun: s.data.notInRun.length, dropped: s.data.dropped.length };
    },
    inspectSuspects: async (params) => (await sessions.inspection(params)).suspects(params.top !== undefined ? { top: params.top } : {}),
    inspectPairs: async (params) => (await sessions.inspection(params)).pairs(params.top !== undefined ? { top: params.top } : {}),
    inspectNeighbours: async (params) => (await sessions.inspection(params)).neighbours(params.id, params.k),
    inspectProjection: (params, ctx) => sessions.projection(params, ctx.progress, ctx.signal),
    inspectDismiss: async (params) => {
      const s = await sessions.inspection(params);
      const by = { who: params.who, ...(params.note ? { note: params.note } : {}) };
      const v = params.verdict.kind === 'utterance' ? await s.dismissUtterance(params.verdict.id, by) : await s.dismissPair(params.verdict.a, params.verdict.b, by);
      return { verdictId: v.id };
    },
    inspectVerdicts: async (params) => {
      // Every open run of the dataset re-reads labels and verdicts on its next use; the current one does now.
      sessions.markStale(params);
      const session = await sessions.openInspection(params, params.runDir);
      const store = session?.verdicts ?? (await VerdictStore.open(fs, params.root));
      return { dismissed: store.active().flatMap((d) => (d.kind === 'utterance' ? [{ utt: d.utt, label: d.label }] : [])) };
    },
    compareRuns: async (params) => {
      const s = await sessions.inspection(params);
      return s.compareWithEarlier(params.before, params.top !== undefined ? { top: params.top } : {});
    },
    backendCheck: async (params) => {
      const info = await ensureBackend({ ...(params.backend ? { backend: params.backend } : {}), ...(process.env.SER_NATIVE_DIR ? { nativeDir: process.env.SER_NATIVE_DIR } : {}) });
      return { name: info.name, device: info.device, summary: info.summary, tried: info.tried.map((t) => ({ name: t.name, error: t.error })) };
    },
    setupNative: async (params, ctx) => {
      const gen = setupNativeEngine({ flavor: params.flavor, baseDir: params.baseDir, force: params.force === true, signal: ctx.signal });
      for (;;) {
        const r = await gen.next();
        if (r.done) return { engineDir: r.value.engineDir, reused: r.value.reused, seconds: r.value.seconds, warnings: r.value.warnings };
        const p = setupProgress(r.value);
        if (p) ctx.progress(p);
      }
    },
  };
}

function setupProgress(e: SetupEvent): NativeSetupProgress | undefined {
  switch (e.type) {
    case 'start':
      return { type: 'start', message: e.message };
    case 'step':
      return { type: 'step', index: e.index, total: e.total, status: e.status, message: e.message };
    case 'warning':
      return { type: 'warning', message: e.message };
    case 'done':
      return undefined;
    default: {
      const never: never = e;
      return never;
    }
  }
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

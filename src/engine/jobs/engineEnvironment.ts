/**
 * How the CLI and the worker process wire the engine for training and evaluation: features from the on-disk cache,
 * the backend picker, and folds either in-process or in a pool of worker processes. One place, so the command
 * line and the editor run exactly the same engine.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileSystem } from '../io/fileSystem';
import { ensureBackend } from '../backend/ensureBackend';
import type { BackendInfo } from '../backend/types';
import type { BackendChoice, BackendSummary } from '../../shared/trainTypes';
import { cachedFeatureSource } from '../eval/cachedFeatureSource';
import type { EvalEnvironment } from '../eval/evaluate';
import { InProcessExecutor } from '../eval/foldExecutor';
import { FoldProcessPool } from './foldProcessPool';

export interface EngineHost {
  fs: FileSystem;
  /** Folder of the bundles (worker.js, featureWorker.js). */
  distDir: string;
  /** Where a native engine set up by `ser setup-backend` lives, when not in the default places. */
  nativeDir?: string;
}

export interface EnvironmentOptions {
  cacheDir: string;
  /** Folds at once; default: the cores (1 = in-process). */
  jobs?: number;
  /** Feature extraction threads; default one per core. */
  featureWorkers?: number;
}

export function backendSummary(info: BackendInfo): BackendSummary {
  return { name: info.name, device: info.device, detail: info.summary, ...(info.tried.length ? { tried: info.tried.map((t) => ({ name: t.name, error: t.error })) } : {}) };
}

export function engineEnvironment(host: EngineHost, opts: EnvironmentOptions): EvalEnvironment {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const workerScript = path.join(host.distDir, 'worker.js');
  return {
    fs: host.fs,
    features: cachedFeatureSource(host.fs, { cacheDir: opts.cacheDir, distDir: host.distDir, ...(opts.featureWorkers !== undefined ? { workers: opts.featureWorkers } : {}) }),
    backend: async (choice?: BackendChoice) => backendSummary(await ensureBackend({ ...(choice ? { backend: choice } : {}), ...(host.nativeDir ? { nativeDir: host.nativeDir } : {}) })),
    executor: async (set, backend) => {
      const jobs = Math.max(1, opts.jobs ?? cores);
      if (jobs <= 1 || !existsSync(workerScript)) return new InProcessExecutor(host.fs, set.features);
      return new FoldProcessPool({
        workerScript,
        size: jobs,
        // The workers take the backend the parent found, so every fold runs on the same one.
        backend: backend.name,
        threads: Math.max(1, Math.floor(cores / jobs)),
        features: {
          utterances: set.dataset.utterances.map((u) => ({ id: u.utterance.id, audioPath: u.utterance.audioPath, ...(u.utterance.start !== undefined ? { start: u.utterance.start } : {}), ...(u.utterance.end !== undefined ? { end: u.utterance.end } : {}), speaker: u.utterance.speaker })).filter((u) => set.features.has(u.id)),
          config: set.featureConfig as unknown as Record<string, unknown>,
          cacheDir: opts.cacheDir,
          speakerNormalization: set.speakerNormalization,
        },
        env: host.nativeDir ? { SER_NATIVE_DIR: host.nativeDir } : {},
      });
    },
  };
}

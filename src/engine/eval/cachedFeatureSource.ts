/**
 * The production FeatureSource: features from the on-disk cache (extracted in worker threads when missing), see
 * features/extractFeatures.ts. Training only ever reads features through here, so a second run of anything reuses
 * the first run's extraction.
 */
import type { FileSystem } from '../io/fileSystem';
import type { FeatureMatrix } from '../features/featureConfig';
import { loadFeatures } from '../features/extractFeatures';
import type { FeatureSource } from './trainingSet';

export interface CachedFeatureSourceOptions {
  cacheDir: string;
  /** Extraction threads (default one per core; 0 = the calling thread). */
  workers?: number;
  /** Folder of dist/featureWorker.js. */
  distDir?: string;
  /** Overrides the thread script (tests from sources). */
  workerScript?: string;
}

export function cachedFeatureSource(fs: FileSystem, opts: CachedFeatureSourceOptions): FeatureSource {
  return {
    async load(utterances, config, o) {
      const loaded = await loadFeatures(fs, utterances.map((u) => u.utterance), {
        config,
        cacheDir: opts.cacheDir,
        ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
        ...(opts.distDir !== undefined ? { distDir: opts.distDir } : {}),
        ...(opts.workerScript !== undefined ? { workerScript: opts.workerScript } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onProgress: (p) => o.onProgress?.({ done: p.done, total: p.total, cached: p.cached, computed: p.computed, failed: p.failed }),
      });
      const features = new Map<string, FeatureMatrix>();
      for (const it of loaded.items) features.set(it.utterance.id, it.matrix);
      return { features, errors: loaded.summary.errors.map((e) => ({ file: e.file, message: e.message })) };
    },
  };
}

/**
 * The feature layer's public API (what the CLI, the worker process and the training engine call).
 *
 *   extractFeatures(fs, utterances, options): AsyncIterable<FeatureEvent>
 *     Fills the cache for `utterances` (each: id, audioPath, optional start/end region, speaker). Yields
 *     `progress` events (done/total/cached/computed/failed, currentFile, and `error` or `repaired` for the
 *     utterance that just failed or whose damaged entry was replaced), then one `done` event with the
 *     FeatureSummary. A file that cannot be read or decoded fails alone and the rest goes on. Aborting
 *     options.signal stops promptly: worker threads are terminated and iteration throws CancelledError; entries
 *     written so far stay valid. Leaving the loop early (break) stops the job the same way.
 *
 *   loadFeatures(fs, utterances, options & { onProgress }): Promise<LoadedFeatures<U>>
 *     The FeatureMatrix (frames x dims, float32, row-major) of every utterance, from the cache or computed (and
 *     cached) when missing, in input order; the ones that failed are left out and listed in summary.errors.
 *     Then normalise per speaker: normalizeBySpeaker(groupBySpeaker(...)) in speakerNormalization.ts.
 *
 * Settings: FeatureConfig (featureConfig.ts; resolveFeatureConfig in jobs/featureOverrides.ts applies user
 * overrides). Threads: options.workers (default one per core; 0 = the calling thread, required for a
 * FileSystem other than node:fs); the thread script is <distDir>/featureWorker.js or options.workerScript.
 * The cache (cacheKey.ts, cacheEntry.ts) is keyed by audio content + region + config, so several configs and
 * datasets can share one folder.
 */
import type { FileSystem } from '../io/fileSystem';
import type { FeatureMatrix } from './featureConfig';
import { runFeatureJob } from './featureJob';
import type { FeatureEvent, FeatureJobOptions, FeatureProgress, FeatureSummary, FeatureUtterance } from './featureJobTypes';

export type { FeatureEvent, FeatureJobOptions, FeatureProblem, FeatureProgress, FeatureSummary, FeatureUtterance } from './featureJobTypes';

/** Fills the feature cache for `utterances`; see the file header. */
export function extractFeatures(fs: FileSystem, utterances: readonly FeatureUtterance[], options: FeatureJobOptions): AsyncIterable<FeatureEvent> {
  return { [Symbol.asyncIterator]: () => runFeatureJob(fs, utterances, options) };
}

/** Runs an event stream to its end: each progress event to `onProgress`, the summary returned. */
export async function finishFeatureJob(events: AsyncIterable<FeatureEvent>, onProgress?: (p: FeatureProgress) => void): Promise<FeatureSummary> {
  let summary: FeatureSummary | undefined;
  for await (const e of events) {
    if (e.type === 'progress') onProgress?.(e);
    else summary = e.summary;
  }
  if (!summary) throw new Error('feature job ended without a summary');
  return summary;
}

/** An utterance with its features. */
export interface UtteranceFeatures<U extends FeatureUtterance> {
  utterance: U;
  matrix: FeatureMatrix;
  /** For groupBySpeaker. */
  speaker: string;
}

export interface LoadedFeatures<U extends FeatureUtterance> {
  /** The utterances that have features, in input order. */
  items: UtteranceFeatures<U>[];
  summary: FeatureSummary;
}

/** Features of `utterances`, from the cache or computed; see the file header. */
export async function loadFeatures<U extends FeatureUtterance>(
  fs: FileSystem,
  utterances: readonly U[],
  options: FeatureJobOptions & { onProgress?: (p: FeatureProgress) => void },
): Promise<LoadedFeatures<U>> {
  const matrices: (FeatureMatrix | undefined)[] = new Array(utterances.length);
  const summary = await finishFeatureJob(
    runFeatureJob(fs, utterances, options, (i, m) => (matrices[i] = m)),
    options.onProgress,
  );
  const items: UtteranceFeatures<U>[] = [];
  utterances.forEach((u, i) => {
    const matrix = matrices[i];
    if (matrix) items.push({ utterance: u, matrix, speaker: u.speaker });
  });
  return { items, summary };
}

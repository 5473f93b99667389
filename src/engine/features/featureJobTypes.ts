/** The shapes of feature jobs (extractFeatures / loadFeatures in featureJob.ts): input, options, events, summary. */
import type { FeatureConfig } from './featureConfig';

/** What a feature job needs of an utterance (UsableUtterance.utterance has all of it). */
export interface FeatureUtterance {
  /** Unique within the job's list; reported with problems. */
  id: string;
  /** Absolute path of the WAV file. */
  audioPath: string;
  /** Region start within audioPath, seconds; absent = from the beginning. */
  start?: number;
  /** Region end, seconds; absent = to the end. */
  end?: number;
  /** For per-speaker normalisation afterwards (groupBySpeaker); not used by extraction itself. */
  speaker: string;
}

/** A problem with one utterance or file; the rest of the job went on. */
export interface FeatureProblem {
  /** The file concerned: the audio, or the cache entry when the cache is what failed. */
  file: string;
  message: string;
  /** The utterance, when the problem is about one. */
  id?: string;
}

export interface FeatureJobOptions {
  /** Settings of the features (completed with completeFeatureConfig, checked with checkFeatureConfig). */
  config: FeatureConfig;
  /** Folder of the feature cache (created if missing); shared by runs and configs. */
  cacheDir: string;
  /**
   * Worker threads; default one per core (os.availableParallelism()), never more than the utterances.
   * 0 runs every task in the calling thread on the injected FileSystem (needed for in-memory file systems);
   * threads open their own node:fs FileSystem, so workers > 0 requires a NodeFileSystem.
   */
  workers?: number;
  /** Folder of the bundles: the thread script is <distDir>/featureWorker.js. */
  distDir?: string;
  /** The thread script itself, overriding distDir (tests running from sources use a tsx bootstrap). */
  workerScript?: string;
  signal?: AbortSignal;
  /** Least milliseconds between plain progress events (events with a problem are never held back). Default 200. */
  progressIntervalMs?: number;
}

/** Counters after each batch of finished utterances; `error` / `repaired` when one just finished that way. */
export interface FeatureProgress {
  type: 'progress';
  /** Utterances finished (cached + computed + failed). */
  done: number;
  total: number;
  /** Read from the cache. */
  cached: number;
  /** Computed (and written to the cache). */
  computed: number;
  failed: number;
  /** The audio file most recently started. */
  currentFile?: string;
  /** An utterance that failed just now. */
  error?: FeatureProblem;
  /** A damaged cache entry that was just detected and replaced by recomputed features. */
  repaired?: FeatureProblem;
}

export interface FeatureSummary {
  total: number;
  cached: number;
  computed: number;
  failed: number;
  /** One per failed utterance, in completion order. */
  errors: FeatureProblem[];
  /** Damaged cache entries found and recomputed. */
  repaired: FeatureProblem[];
  /** Problems that cost speed, not results (an ignored hash index, a cache write failure in load mode). */
  warnings: FeatureProblem[];
  /** Wall-clock seconds of the job. */
  seconds: number;
  /** Seconds of audio behind the features of the utterances that succeeded. */
  audioSeconds: number;
  /** Worker threads used (0: the calling thread). */
  workers: number;
}

/** The last event of a job. */
export interface FeatureDone {
  type: 'done';
  summary: FeatureSummary;
}

export type FeatureEvent = FeatureProgress | FeatureDone;

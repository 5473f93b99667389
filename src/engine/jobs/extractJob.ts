/**
 * The feature-extraction job as the CLI and the worker run it: a dataset selection in, features in the cache out.
 * extractDataset gives the engine's full summary (the CLI prints it); runExtract adapts it to the wire types.
 */
import type { ExtractParams, ExtractProgress, ExtractSummary } from '../../shared/protocol';
import type { FileSystem } from '../io/fileSystem';
import { usableUtterances, type UsableUtterance } from '../datasets/scan';
import type { DatasetIssue } from '../datasets/utterance';
import type { FeatureConfig } from '../features/featureConfig';
import { extractFeatures, finishFeatureJob, type FeatureProgress, type FeatureSummary, type FeatureUtterance } from '../features/extractFeatures';
import { resolveFeatureConfig } from './featureOverrides';
import type { JobOptions } from './scanJob';

export interface ExtractJobOptions<P> extends JobOptions<P> {
  /** Folder holding dist/featureWorker.js. */
  distDir?: string;
  /** The thread script, overriding distDir (tests). */
  workerScript?: string;
}

/** What the engine needs of a scanned utterance to extract its features. */
export function featureUtterance(u: UsableUtterance): FeatureUtterance {
  const { id, audioPath, start, end, speaker } = u.utterance;
  return { id, audioPath, speaker, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}

export interface DatasetExtraction {
  root: string;
  format: string;
  config: FeatureConfig;
  /** Files the scan skipped (unreadable audio, bad listings); they are not part of the extraction. */
  scanErrors: DatasetIssue[];
  summary: FeatureSummary;
}

/** Scans the selection and extracts the features of its usable utterances into params.cacheDir. */
export async function extractDataset(fs: FileSystem, params: ExtractParams, opts: ExtractJobOptions<FeatureProgress> = {}): Promise<DatasetExtraction> {
  const config = resolveFeatureConfig(params.featureConfig ?? {});
  const selection = await usableUtterances(fs, params.root, {
    format: params.format ?? 'auto',
    ...(params.classes !== undefined ? { classes: params.classes } : {}),
    subset: params.subset ?? 'all',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const events = extractFeatures(fs, selection.utterances.map(featureUtterance), {
    config,
    cacheDir: params.cacheDir,
    ...(params.workers !== undefined ? { workers: params.workers } : {}),
    ...(opts.distDir !== undefined ? { distDir: opts.distDir } : {}),
    ...(opts.workerScript !== undefined ? { workerScript: opts.workerScript } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const summary = await finishFeatureJob(events, opts.onProgress);
  return { root: selection.root, format: selection.format, config, scanErrors: selection.errors, summary };
}

/** The wire form of a progress event. */
export function toExtractProgress(p: FeatureProgress): ExtractProgress {
  return {
    done: p.done,
    total: p.total,
    cached: p.cached,
    computed: p.computed,
    failed: p.failed,
    ...(p.currentFile !== undefined ? { currentFile: p.currentFile } : {}),
    ...(p.error ? { error: { file: p.error.file, message: p.error.message } } : {}),
  };
}

export async function runExtract(fs: FileSystem, params: ExtractParams, opts: ExtractJobOptions<ExtractProgress> = {}): Promise<ExtractSummary> {
  const { summary } = await extractDataset(fs, params, {
    ...opts,
    onProgress: (p) => opts.onProgress?.(toExtractProgress(p)),
  });
  return {
    total: summary.total,
    cached: summary.cached,
    computed: summary.computed,
    failed: summary.failed,
    errors: summary.errors.map((e) => ({ file: e.file, message: e.message })),
    seconds: summary.seconds,
  };
}

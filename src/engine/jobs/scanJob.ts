/** The scan job as the CLI and the worker run it: a dataset selection in, the wire summary out. */
import type { DatasetSelection, ScanProgress, ScanSummary } from '../../shared/protocol';
import type { FileSystem } from '../io/fileSystem';
import { scanDataset } from '../datasets/scan';

export interface JobOptions<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

export async function runScan(fs: FileSystem, sel: DatasetSelection, opts: JobOptions<ScanProgress> = {}): Promise<ScanSummary> {
  const report = await scanDataset(fs, sel.root, {
    format: sel.format ?? 'auto',
    ...(sel.classes !== undefined ? { classes: sel.classes } : {}),
    subset: sel.subset ?? 'all',
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (done: number, total: number) => opts.onProgress?.({ done, total }),
  });
  return {
    format: report.format,
    root: report.root,
    utterances: report.utterances,
    classes: report.classes,
    speakers: report.speakers,
    sessions: report.sessions,
    totalSeconds: report.totalSeconds,
    errors: report.errors,
  };
}

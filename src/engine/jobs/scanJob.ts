/**
 * The scan job as the CLI and the worker run it: a dataset selection in, the wire summary out. Counts use the
 * effective labels (corpus + the label store's corrections), as training and inspection do.
 */
import type { DatasetSelection, ScanProgress, ScanSummary } from '../../shared/protocol';
import type { FileSystem } from '../io/fileSystem';
import { summarizeSelection } from '../datasets/scan';
import { openLabelledDataset } from '../datasets/labelledDataset';

export interface JobOptions<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

export async function runScan(fs: FileSystem, sel: DatasetSelection, opts: JobOptions<ScanProgress> = {}): Promise<ScanSummary> {
  const ds = await openLabelledDataset(fs, sel.root, {
    format: sel.format ?? 'auto',
    ...(sel.classes !== undefined ? { classes: sel.classes } : {}),
    subset: sel.subset ?? 'all',
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (done: number, total: number) => opts.onProgress?.({ done, total }),
  });
  const report = summarizeSelection(ds);
  const errors = [...report.errors, ...ds.store.problems.map((p) => ({ file: p.file, message: `line ${p.line}: ${p.problem}` }))];
  return {
    format: report.format,
    root: report.root,
    utterances: report.utterances,
    classes: report.classes,
    speakers: report.speakers,
    sessions: report.sessions,
    totalSeconds: report.totalSeconds,
    errors,
  };
}

/**
 * Dataset scan: load, select by class map and subset, then probe every selected file's WAV header (never the
 * samples) to learn which are readable and how long they are. The usable set is available on its own
 * (usableUtterances) so feature extraction and training use exactly what the scan counted.
 */
import type { FileSystem } from '../io/fileSystem';
import { asSerError, CancelledError, throwIfAborted } from '../errors';
import { probeWav } from '../audio/probeAudio';
import type { DatasetFormat, DatasetIssue, LoadedDataset } from './utterance';
import type { ClassMap } from './classMap';
import { mapLimit } from './corpusFiles';
import { loadDataset } from './loadDataset';
import { checkSubset, classMapFor, selectUtterances, type DatasetSubset, type SelectedUtterance } from './selection';

/** Header probes in flight at once. */
export const PROBE_CONCURRENCY = 16;

export interface ScanOptions {
  /** Default 'auto'. */
  format?: DatasetFormat | 'auto';
  /** Class map spec (see parseClassMap); default per format (defaultClassMap). */
  classes?: string;
  /** Default 'all'; the others only for IEMOCAP. */
  subset?: DatasetSubset;
  signal?: AbortSignal;
  /** Called as header probes finish: done of total selected utterances. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Replaces corpus labels before the class map selects (the label store's effective labels), so a corrected
   * utterance joins or leaves the usable set exactly as its new label says. Called once with the loaded dataset.
   */
  relabel?: (dataset: LoadedDataset, classMap: ClassMap) => Promise<ReadonlyMap<string, string | undefined>>;
}

/** A selected utterance whose audio header was read. */
export interface UsableUtterance extends SelectedUtterance {
  /** Seconds of audio it covers (its region when start/end are given). */
  seconds: number;
  /** The file's sample rate, Hz. */
  sampleRate: number;
}

export interface UsableSelection {
  format: DatasetFormat;
  root: string;
  classMap: ClassMap;
  utterances: UsableUtterance[];
  /** Listing problems, then unreadable audio. */
  errors: DatasetIssue[];
}

export interface ScanReport {
  format: DatasetFormat;
  root: string;
  /** Usable utterances: label in the class map and audio readable. */
  utterances: number;
  /** Usable utterances per class, in class-map order (zeros included). */
  classes: Record<string, number>;
  speakers: number;
  sessions: number;
  /** Audio of the usable utterances, seconds. */
  totalSeconds: number;
  errors: DatasetIssue[];
}

/** Loads the dataset and returns the utterances that are usable, in corpus order. */
export async function usableUtterances(fs: FileSystem, root: string, options: ScanOptions = {}): Promise<UsableSelection> {
  const subset = options.subset ?? 'all';
  const dataset = await loadDataset(fs, root, { format: options.format ?? 'auto', ...(options.signal ? { signal: options.signal } : {}) });
  checkSubset(dataset.format, subset, dataset.root);
  const classMap = classMapFor(dataset, options.classes);
  const labels = options.relabel ? await options.relabel(dataset, classMap) : undefined;
  const listed = labels ? dataset.utterances.map((u) => (labels.has(u.id) && labels.get(u.id) !== u.label ? { ...u, label: labels.get(u.id) } : u)) : dataset.utterances;
  const selected = selectUtterances(listed, classMap, subset);
  const errors: DatasetIssue[] = [...dataset.errors];
  let done = 0;
  options.onProgress?.(0, selected.length);
  const probed = await mapLimit(selected, PROBE_CONCURRENCY, async (s): Promise<UsableUtterance | undefined> => {
    throwIfAborted(options.signal, 'the scan');
    const u = s.utterance;
    let result: UsableUtterance | undefined;
    try {
      const info = await probeWav(fs, u.audioPath);
      const from = u.start ?? 0;
      const to = Math.min(u.end ?? info.durationSeconds, info.durationSeconds);
      if (from >= info.durationSeconds && info.durationSeconds > 0) {
        errors.push({ file: u.audioPath, message: `region starts at ${from} s, after the end of the audio (${info.durationSeconds.toFixed(3)} s)` });
      } else if (to <= from) {
        errors.push({ file: u.audioPath, message: 'no audio in the file or its region' });
      } else {
        result = { ...s, seconds: to - from, sampleRate: info.sampleRate };
      }
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      const e = asSerError(err, u.audioPath);
      errors.push({ file: e.file ?? u.audioPath, message: e.problem });
    }
    options.onProgress?.(++done, selected.length);
    return result;
  });
  // Probes already in flight finish; a scan aborted meanwhile still must not look complete.
  throwIfAborted(options.signal, 'the scan');
  const utterances = probed.filter((p): p is UsableUtterance => p !== undefined);
  return { format: dataset.format, root: dataset.root, classMap, utterances, errors };
}

/** What the dataset holds and which files are broken; see ScanReport. */
export async function scanDataset(fs: FileSystem, root: string, options: ScanOptions = {}): Promise<ScanReport> {
  return summarizeSelection(await usableUtterances(fs, root, options));
}

/** Counts of a selection: usable utterances per class, speakers, sessions, seconds, problems. */
export function summarizeSelection(sel: UsableSelection): ScanReport {
  const classes: Record<string, number> = Object.fromEntries(sel.classMap.classes.map((c) => [c, 0]));
  const speakers = new Set<string>();
  const sessions = new Set<string>();
  let totalSeconds = 0;
  for (const u of sel.utterances) {
    classes[u.className] = (classes[u.className] ?? 0) + 1;
    speakers.add(u.utterance.speaker);
    sessions.add(u.utterance.session);
    totalSeconds += u.seconds;
  }
  return {
    format: sel.format,
    root: sel.root,
    utterances: sel.utterances.length,
    classes,
    speakers: speakers.size,
    sessions: sessions.size,
    totalSeconds,
    errors: sel.errors,
  };
}

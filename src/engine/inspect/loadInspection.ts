/**
 * Opens a run for inspection: its out-of-fold predictions, the dataset it was trained on (with today's effective
 * labels) and the dataset's label store. When the caller gives no class map or subset, the run's own (run.json)
 * are used, so `ser suspects <dir> --run <run>` needs no options repeated from `ser eval`.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';
import type { DatasetFormat } from '../datasets/utterance';
import type { DatasetSubset } from '../datasets/selection';
import { openLabelledDataset, type LabelledDataset } from '../datasets/labelledDataset';
import { readOofPredictions, type OofPredictions } from '../run/oofPredictions';
import { classOf } from '../datasets/classMap';
import { joinInspectionData, type DatasetItem, type InspectionData } from './inspectionData';

/** Which dataset to inspect; absent fields default to the run's settings, then to the dataset defaults. */
export interface InspectionSelection {
  root: string;
  format?: DatasetFormat | 'auto';
  classes?: string;
  subset?: DatasetSubset;
}

export interface LoadedInspection {
  data: InspectionData;
  dataset: LabelledDataset;
  runDir: string;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Audio headers probed, done of total. */
  onProgress?: (done: number, total: number) => void;
}

/** The class map and subset a run recorded in run.json, read defensively (the file may be older or absent). */
export async function runDatasetSettings(fs: FileSystem, runDir: string): Promise<{ classes?: string; subset?: DatasetSubset }> {
  const file = joinPath(runDir, 'run.json');
  if (!(await fs.stat(file))) return {};
  let info: unknown;
  try {
    info = JSON.parse(await fs.readText(file));
  } catch {
    return {};
  }
  const ds = (info as { dataset?: { classes?: unknown; subset?: unknown } } | null)?.dataset;
  const out: { classes?: string; subset?: DatasetSubset } = {};
  if (typeof ds?.classes === 'string' && ds.classes.trim() !== '') out.classes = ds.classes;
  if (ds?.subset === 'all' || ds?.subset === 'improvised' || ds?.subset === 'scripted') out.subset = ds.subset;
  return out;
}

export async function loadInspection(fs: FileSystem, selection: InspectionSelection, runDir: string, options: LoadOptions = {}): Promise<LoadedInspection> {
  const oof = await readOofPredictions(fs, runDir);
  const fromRun = await runDatasetSettings(fs, runDir);
  // Without either, the dataset's default map (4class for the emotion corpora); a mismatch is refused by the join.
  const classes = selection.classes ?? fromRun.classes;
  const subset = selection.subset ?? fromRun.subset ?? 'all';
  const dataset = await openLabelledDataset(fs, selection.root, {
    format: selection.format ?? 'auto',
    ...(classes !== undefined ? { classes } : {}),
    subset,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { data: joinDataset(oof, dataset, runDir), dataset, runDir };
}

/** Joins another run's predictions with an already opened dataset (no second scan). */
export async function loadRunFor(fs: FileSystem, dataset: LabelledDataset, runDir: string): Promise<InspectionData> {
  return joinDataset(await readOofPredictions(fs, runDir), dataset, runDir);
}

/** The dataset's usable utterances with today's effective labels, joined with `oof`. */
export function joinDataset(oof: OofPredictions, dataset: LabelledDataset, runDir: string): InspectionData {
  // Labels as the store says now: corrections made since the dataset was opened count (after store.reload()).
  const items: DatasetItem[] = [];
  for (const u of dataset.utterances) {
    const className = classOf(dataset.classMap, dataset.store.effectiveLabel(u.utterance.id));
    if (className === undefined) continue;
    items.push({
      id: u.utterance.id,
      className,
      ...(u.utterance.votes ? { votes: u.utterance.votes } : {}),
      ...(u.utterance.selfVotes ? { selfVotes: u.utterance.selfVotes } : {}),
    });
  }
  const listed = (id: string): boolean => {
    try {
      dataset.store.corpusLabel(id);
      return true;
    } catch (err) {
      if (err instanceof SerError && err.code === 'usage') return false;
      throw err;
    }
  };
  return joinInspectionData(oof, items, listed, runDir);
}

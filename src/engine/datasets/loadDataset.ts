/** Entry point of the dataset layer: any supported corpus folder in, the uniform LoadedDataset out. */
import type { FileSystem } from '../io/fileSystem';
import type { DatasetFormat, LoadedDataset } from './utterance';
import { detectDataset, locateDataset, type DetectedDataset } from './detect';
import { loadCremad } from './cremad';
import { loadEmodb } from './emodb';
import { loadFolders } from './folders';
import { loadIemocap } from './iemocap';
import { loadManifest } from './manifest';
import { loadRavdess } from './ravdess';

export interface LoadDatasetOptions {
  /** Default 'auto' (detected from the layout). */
  format?: DatasetFormat | 'auto';
  signal?: AbortSignal;
}

/**
 * Lists every utterance of the dataset at `root`, checking audio files exist (stat only, no audio read).
 * Per-file problems land in `errors`; throws DatasetError only when `root` is not a dataset at all.
 */
export async function loadDataset(fs: FileSystem, root: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const format = options.format ?? 'auto';
  const found = format === 'auto' ? await detectDataset(fs, root) : await locateDataset(fs, root, format);
  return loadDetected(fs, found, options.signal);
}

export async function loadDetected(fs: FileSystem, d: DetectedDataset, signal?: AbortSignal): Promise<LoadedDataset> {
  switch (d.format) {
    case 'iemocap':
      return loadIemocap(fs, d.dir, signal);
    case 'emodb':
      return loadEmodb(fs, d.root, d.dir);
    case 'ravdess':
      return loadRavdess(fs, d.root, d.dirs);
    case 'cremad':
      return loadCremad(fs, d.root, d.dir);
    case 'manifest':
      return loadManifest(fs, d.file!, signal);
    case 'folders':
      return loadFolders(fs, d.root, d.dirs, signal);
    default: {
      const never: never = d.format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

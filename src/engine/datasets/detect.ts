/**
 * Format detection from the layout alone (no audio is read): the first layout that fits wins, in the order
 * IEMOCAP, EmoDB, RAVDESS, CREMA-D, manifest, class folders.
 */
import type { FileSystem } from '../io/fileSystem';
import { DatasetError } from '../errors';
import type { DatasetFormat } from './utterance';
import { locateCremad } from './cremad';
import { locateEmodb } from './emodb';
import { locateFolders } from './folders';
import { locateIemocap } from './iemocap';
import { locateManifest } from './manifest';
import { locateRavdess } from './ravdess';
import { dirName } from './paths';

/** Where an adapter should read: `dir` is its base folder; `dirs` the Actor_* or class folders; `file` the manifest. */
export interface DetectedDataset {
  format: DatasetFormat;
  /** The dataset root as reported (the IEMOCAP folder holding Session1.., the manifest's folder, else root). */
  root: string;
  dir: string;
  dirs: string[];
  file?: string;
}

/** What each format's detection looks for, for the not-a-dataset message. */
const LOOKED_FOR: Record<DatasetFormat, string> = {
  iemocap: 'IEMOCAP: Session*/dialog/EmoEvaluation (in the folder or in IEMOCAP_full_release/)',
  emodb: 'EmoDB: wav/ with names like 03a01Fa.wav',
  ravdess: 'RAVDESS: Actor_* folders with names like 03-01-05-01-02-01-12.wav',
  cremad: 'CREMA-D: AudioWAV/ with names like 1001_DFA_ANG_XX.wav',
  manifest: 'manifest: manifest.csv / manifest.jsonl / *.csv / *.jsonl with a "path" column',
  folders: 'class folders: <class>/*.wav',
};

async function tryFormat(fs: FileSystem, root: string, format: DatasetFormat): Promise<DetectedDataset | undefined> {
  switch (format) {
    case 'iemocap': {
      const base = await locateIemocap(fs, root);
      return base === undefined ? undefined : { format, root: base, dir: base, dirs: [] };
    }
    case 'emodb': {
      const dir = await locateEmodb(fs, root);
      return dir === undefined ? undefined : { format, root, dir, dirs: [] };
    }
    case 'ravdess': {
      const dirs = await locateRavdess(fs, root);
      return dirs.length === 0 ? undefined : { format, root, dir: root, dirs };
    }
    case 'cremad': {
      const dir = await locateCremad(fs, root);
      return dir === undefined ? undefined : { format, root, dir, dirs: [] };
    }
    case 'manifest': {
      const file = await locateManifest(fs, root);
      if (file === undefined) return undefined;
      const dir = file === root ? dirName(root) : root;
      return { format, root: dir, dir, dirs: [], file };
    }
    case 'folders': {
      const dirs = await locateFolders(fs, root);
      return dirs.length === 0 ? undefined : { format, root, dir: root, dirs };
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

/** Throws when `root` does not exist; tells whether it is a file (then only a manifest fits). */
async function checkRoot(fs: FileSystem, root: string): Promise<boolean> {
  const st = await fs.stat(root);
  if (!st) throw new DatasetError('not-found', root, 'the dataset folder does not exist');
  return st.isFile;
}

/** The format of the dataset at `root`; DatasetError 'not-a-dataset' saying what was looked for when none fits. */
export async function detectDataset(fs: FileSystem, root: string): Promise<DetectedDataset> {
  const isFile = await checkRoot(fs, root);
  const order: DatasetFormat[] = isFile ? ['manifest'] : ['iemocap', 'emodb', 'ravdess', 'cremad', 'manifest', 'folders'];
  for (const f of order) {
    const d = await tryFormat(fs, root, f);
    if (d) return d;
  }
  throw new DatasetError('not-a-dataset', root, `no known dataset layout found; looked for ${order.map((f) => LOOKED_FOR[f]).join('; ')}`);
}

/** Checks that `root` holds a dataset of `format` and where its parts are. */
export async function locateDataset(fs: FileSystem, root: string, format: DatasetFormat): Promise<DetectedDataset> {
  await checkRoot(fs, root);
  const d = await tryFormat(fs, root, format);
  if (!d) throw new DatasetError('not-a-dataset', root, `not a ${format} dataset; looked for ${LOOKED_FOR[format]}`);
  return d;
}

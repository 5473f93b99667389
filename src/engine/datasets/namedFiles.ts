/**
 * Shared machinery of the corpora whose labels live in the file names (EmoDB, RAVDESS, CREMA-D): find the
 * folder, parse each name, report names that do not fit.
 */
import type { FileSystem } from '../io/fileSystem';
import type { DatasetIssue, Utterance } from './utterance';
import { hasExtension, listDir } from './corpusFiles';
import { joinPath } from './paths';

/** How many of the `.wav` files directly in `dir` have names `fits` accepts. */
export async function countNames(fs: FileSystem, dir: string, fits: (name: string) => boolean): Promise<{ fit: number; wavs: number }> {
  let fit = 0;
  let wavs = 0;
  for (const e of await listDir(fs, dir)) {
    if (!e.isFile || !hasExtension(e.name, '.wav')) continue;
    wavs++;
    if (fits(e.name)) fit++;
  }
  return { fit, wavs };
}

/** A folder "looks like" a corpus when at least one name fits and no more than half do not. */
export function namesLookRight(c: { fit: number; wavs: number }): boolean {
  return c.fit > 0 && c.fit * 2 >= c.wavs;
}

/**
 * Utterances of the `.wav` files directly in `dir`, built by `make` from each name; names it rejects (returns a
 * string: the problem) are reported and skipped.
 */
export async function utterancesFromNames(
  fs: FileSystem,
  dir: string,
  make: (name: string, path: string) => Utterance | string,
  utterances: Utterance[],
  errors: DatasetIssue[],
): Promise<void> {
  for (const e of await listDir(fs, dir)) {
    if (!e.isFile || !hasExtension(e.name, '.wav')) continue;
    const path = joinPath(dir, e.name);
    const u = make(e.name, path);
    if (typeof u === 'string') errors.push({ file: path, message: `${u}; the file is skipped` });
    else utterances.push(u);
  }
}

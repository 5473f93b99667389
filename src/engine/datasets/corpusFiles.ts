/**
 * Directory listing for the adapters: skips macOS junk (AppleDouble `._*` shadows, .DS_Store) that copies of
 * corpora made on a Mac carry next to every real file, and bounds concurrency so 100k stats do not open 100k
 * handles at once.
 */
import type { DirEntry, FileSystem } from '../io/fileSystem';
import { throwIfAborted } from '../errors';
import { joinPath } from './paths';

/** macOS metadata files that are never corpus content. */
export function isJunkName(name: string): boolean {
  return name.startsWith('._') || name === '.DS_Store' || name === '__MACOSX';
}

/** The entries of `dir` without junk, sorted by name for stable ids and order; [] when `dir` does not exist. */
export async function listDir(fs: FileSystem, dir: string): Promise<DirEntry[]> {
  // A path through a file (ENOTDIR) is as absent as a missing one for the purpose of finding a layout.
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st || !st.isDirectory) return [];
  const entries = (await fs.readdir(dir)).filter((e) => !isJunkName(e.name));
  // Symlinks are neither file nor directory in a dirent; follow them so linked corpora load.
  const resolved = await Promise.all(
    entries.map(async (e) => {
      if (e.isFile || e.isDirectory) return e;
      const t = await fs.stat(joinPath(dir, e.name)).catch(() => undefined);
      return t ? { name: e.name, isFile: t.isFile, isDirectory: t.isDirectory } : e;
    }),
  );
  return resolved.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function hasExtension(name: string, ext: string): boolean {
  return name.length > ext.length && name.toLowerCase().endsWith(ext);
}

/** Every `.wav` under `dir` (any depth up to `maxDepth`), as absolute paths, sorted. */
export async function listWavsDeep(fs: FileSystem, dir: string, maxDepth = 8, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    throwIfAborted(signal, 'listing the dataset');
    for (const e of await listDir(fs, d)) {
      const p = joinPath(d, e.name);
      if (e.isDirectory && depth < maxDepth) await walk(p, depth + 1);
      else if (e.isFile && hasExtension(e.name, '.wav')) out.push(p);
    }
  };
  await walk(dir, 0);
  return out;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Names of the files in `dir` (junk excluded), for checking many listed files with one readdir. */
export async function fileNamesIn(fs: FileSystem, dir: string): Promise<Set<string>> {
  return new Set((await listDir(fs, dir)).filter((e) => e.isFile).map((e) => e.name));
}

/**
 * Remembers the content hash of each audio file with the size and mtime it had when hashed, so a run over an
 * unchanged dataset reads no audio at all: a cached utterance costs one stat and one cache-entry read.
 *
 * Correctness first: an entry is trusted only when size and mtime still match AND the file's mtime was at least
 * RACY_WINDOW_MS older than the moment its bytes were read. Without that rule a file rewritten within the same
 * mtime tick just after being hashed (same size) would keep a stale hash (git's "racily clean" problem); such
 * recent files are simply hashed again. What it cannot see is a file rewritten with the same size and its old
 * mtime put back (touch -r, some copy tools); delete audio-hashes.json to make a run hash everything again. A
 * mismatch noticed while computing (the bytes read do not have the recorded hash) corrects the entry.
 * The index is an optimisation: if its file is unreadable or damaged the
 * run starts from an empty one (and reports it), never from guesses.
 *
 * Stored as JSON at <cacheDir>/audio-hashes.json: {"format":"ser-audio-hashes","version":1,"entries":{path:[size,
 * mtimeMs,sha256,readAtMs]}}, written atomically.
 */
import type { FileStat, FileSystem } from '../io/fileSystem';
import { joinPath } from '../datasets/paths';

export const AUDIO_INDEX_FILE = 'audio-hashes.json';
const FORMAT = 'ser-audio-hashes';
const VERSION = 1;
/** Coarsest mtime granularity we allow for (FAT: 2 s). */
export const RACY_WINDOW_MS = 2000;

/** What the index knows of one file. */
export interface AudioHashRecord {
  size: number;
  mtimeMs: number;
  /** sha-256 hex of the file's bytes. */
  hash: string;
  /** When the hashed bytes started being read (ms since the epoch). */
  readAtMs: number;
}

/** Whether `record` still describes a file whose stat is `st` (see the header for the racy rule). */
export function recordMatches(record: AudioHashRecord | undefined, st: Pick<FileStat, 'size' | 'mtimeMs'>): boolean {
  return record !== undefined && record.size === st.size && record.mtimeMs === st.mtimeMs && st.mtimeMs < record.readAtMs - RACY_WINDOW_MS;
}

export class AudioHashIndex {
  private readonly entries = new Map<string, AudioHashRecord>();
  private dirty = false;

  private constructor(readonly file: string) {}

  /** The index of `cacheDir`; `problem` says why the stored one was ignored, if it was. */
  static async load(fs: FileSystem, cacheDir: string): Promise<{ index: AudioHashIndex; problem?: string }> {
    const index = new AudioHashIndex(joinPath(cacheDir, AUDIO_INDEX_FILE));
    let text: string;
    try {
      if (!(await fs.stat(index.file))) return { index };
      text = await fs.readText(index.file);
    } catch (err) {
      return { index, problem: `unreadable (${err instanceof Error ? err.message : String(err)}); audio will be hashed again` };
    }
    try {
      const doc = JSON.parse(text) as { format?: unknown; version?: unknown; entries?: unknown };
      if (doc.format !== FORMAT || doc.version !== VERSION || typeof doc.entries !== 'object' || doc.entries === null) throw new Error('not an audio hash index of this version');
      for (const [path, v] of Object.entries(doc.entries as Record<string, unknown>)) {
        if (!Array.isArray(v) || v.length !== 4) continue;
        const [size, mtimeMs, hash, readAtMs] = v as unknown[];
        if (typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof readAtMs !== 'number' || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) continue;
        index.entries.set(path, { size, mtimeMs, hash, readAtMs });
      }
    } catch (err) {
      index.entries.clear();
      index.dirty = true;
      return { index, problem: `damaged (${err instanceof Error ? err.message : String(err)}); audio will be hashed again` };
    }
    return { index };
  }

  /** Empty and never saved: for callers without a cache folder of their own. */
  static inMemory(): AudioHashIndex {
    return new AudioHashIndex('');
  }

  get size(): number {
    return this.entries.size;
  }

  get(path: string): AudioHashRecord | undefined {
    return this.entries.get(path);
  }

  set(path: string, record: AudioHashRecord): void {
    this.entries.set(path, record);
    this.dirty = true;
  }

  /** Writes the index if it changed since the last save. */
  async save(fs: FileSystem): Promise<void> {
    if (!this.dirty || this.file === '') return;
    const entries: Record<string, [number, number, string, number]> = {};
    for (const [path, r] of this.entries) entries[path] = [r.size, r.mtimeMs, r.hash, r.readAtMs];
    this.dirty = false;
    try {
      await fs.writeFileAtomic(this.file, JSON.stringify({ format: FORMAT, version: VERSION, entries }));
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }
}

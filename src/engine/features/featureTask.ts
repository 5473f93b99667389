/**
 * One utterance's unit of work, the same in the calling thread (workers: 0) and in a worker thread: find the
 * audio's content hash (from the hash index when the file is unchanged, else by reading it), look the features
 * up in the cache, and on a miss (or a damaged entry) decode the audio, compute the features and write the entry
 * atomically. In extract mode the matrix stays here; in load mode it goes back to the caller.
 *
 * Audio up to WHOLE_FILE_READ_LIMIT is read once and both hashed and decoded from the same bytes, so the key
 * always names the content the features came from. Bigger files (whole sessions addressed by regions) are hashed
 * in chunks and only the region is decoded; a stat before and after proves the file did not change meanwhile.
 */
import { asSerError, SerError, type SerErrorCode } from '../errors';
import type { FileStat, FileSystem } from '../io/fileSystem';
import { decodeAudioBytes, loadAudio, WHOLE_FILE_READ_LIMIT } from '../audio/loadAudio';
import { recordMatches, type AudioHashRecord } from './audioHashIndex';
import { DamagedEntryError, decodeEntry, encodeEntry } from './cacheEntry';
import { configHash, contentHash, contentHasher, entryKey, entryPath } from './cacheKey';
import { FeatureComputer } from './featureComputer';
import type { FeatureConfig, FeatureMatrix } from './featureConfig';

/** Bytes per read when hashing a file too big to read whole. */
const HASH_CHUNK = 8 * 1024 * 1024;

/** What the scheduler sends for one utterance (plain data: it crosses to worker threads). */
export interface FeatureTask {
  /** Position in the job's utterance list. */
  index: number;
  audioPath: string;
  /** Region, seconds; absent = the file's own start / end. */
  start?: number;
  end?: number;
  /** The hash index's record for audioPath, if any; trusted only if it still matches (recordMatches). */
  known?: AudioHashRecord;
  /** Return the matrix (load mode) rather than only caching it (extract mode). */
  keep: boolean;
}

/** What came of one task (plain data, transferable). */
export type TaskOutcome =
  | {
      index: number;
      status: 'cached' | 'computed';
      /** Samples of audio behind the features, at the config's rate. */
      samples: number;
      /** Load mode only. */
      matrix?: FeatureMatrix;
      /** A damaged cache entry that was replaced: its path and what was wrong. */
      repaired?: { file: string; problem: string };
      /** Load mode: the features could not be written to the cache (they were still returned). */
      cacheProblem?: { file: string; problem: string };
      /** A fresh hash to remember in the index (only when the file provably did not change while read). */
      hashed?: AudioHashRecord;
    }
  | { index: number; status: 'failed'; file: string; code: SerErrorCode; problem: string };

/** Runs tasks for one config and cache folder; owns a FeatureComputer, so one per thread. */
export class FeatureTaskRunner {
  private computer: FeatureComputer | undefined;
  private readonly cfgHash: string;

  constructor(
    private readonly fs: FileSystem,
    readonly config: FeatureConfig,
    private readonly cacheDir: string,
  ) {
    this.cfgHash = configHash(config);
  }

  async run(task: FeatureTask): Promise<TaskOutcome> {
    try {
      return await this.runUnsafe(task);
    } catch (err) {
      const e = asSerError(err, task.audioPath);
      return { index: task.index, status: 'failed', file: e.file ?? task.audioPath, code: e.code, problem: e.problem };
    }
  }

  private async runUnsafe(task: FeatureTask): Promise<TaskOutcome> {
    const { fs } = this;
    const path = task.audioPath;
    const region = { ...(task.start !== undefined ? { start: task.start } : {}), ...(task.end !== undefined ? { end: task.end } : {}) };
    const before = await statFile(fs, path);
    const small = before.size <= WHOLE_FILE_READ_LIMIT;
    let hash = recordMatches(task.known, before) ? task.known!.hash : undefined;
    let bytes: Uint8Array | undefined;
    let hashed: AudioHashRecord | undefined;
    if (hash === undefined) {
      const readAtMs = Date.now();
      if (small) {
        bytes = await fs.readFile(path);
        hash = contentHash(bytes);
      } else {
        hash = await hashInChunks(fs, path, before.size);
      }
      const after = await statFile(fs, path);
      if (sameStat(before, after) && (!bytes || bytes.length === before.size)) hashed = { size: before.size, mtimeMs: before.mtimeMs, hash, readAtMs };
    }

    let key = entryKey(hash, region, this.cfgHash);
    const first = await this.lookup(task, key);
    if (first.hit) return { ...first.hit, ...(hashed ? { hashed } : {}) };
    let repaired = first.repaired;

    let samples: Float32Array;
    if (small) {
      if (!bytes) {
        const readAtMs = Date.now();
        bytes = await fs.readFile(path);
        const actual = contentHash(bytes);
        if (actual !== hash) {
          // Changed since the index saw it, without a visible size / mtime change: key by what was read, and
          // correct the index so later runs do not trust the old hash.
          hash = actual;
          if (sameStat(before, await statFile(fs, path)) && bytes.length === before.size) hashed = { size: before.size, mtimeMs: before.mtimeMs, hash, readAtMs };
          key = entryKey(hash, region, this.cfgHash);
          const again = await this.lookup(task, key);
          if (again.hit) return { ...again.hit, ...(hashed ? { hashed } : {}) };
          repaired = again.repaired ?? repaired;
        }
      }
      samples = decodeAudioBytes(bytes, path, region, this.config.sampleRate);
      bytes = undefined;
    } else {
      samples = await loadAudio(fs, path, region, this.config.sampleRate);
      if (!sameStat(before, await statFile(fs, path))) throw new SerError('io', path, 'the file changed while its features were being computed; run again');
    }

    // Built on first use: a runner that only probes the cache (the job's main thread) never needs one.
    this.computer ??= new FeatureComputer(this.config);
    const matrix = this.computer.compute(samples);
    const file = entryPath(this.cacheDir, key);
    const outcome: TaskOutcome = {
      index: task.index,
      status: 'computed',
      samples: samples.length,
      ...(task.keep ? { matrix } : {}),
      ...(repaired ? { repaired } : {}),
      ...(hashed ? { hashed } : {}),
    };
    try {
      await fs.writeFileAtomic(file, encodeEntry(key, { matrix, samples: samples.length }));
    } catch (err) {
      const problem = `cannot write the cache entry: ${asSerError(err, file).problem}`;
      if (!task.keep) return { index: task.index, status: 'failed', file, code: 'cache', problem };
      return { ...outcome, cacheProblem: { file, problem } };
    }
    return outcome;
  }

  /**
   * The cached outcome of `task` when its file is unchanged since the hash index saw it and its entry is whole;
   * undefined in every other case (the full run() then works out what to do and reports any problem).
   */
  async probe(task: FeatureTask): Promise<TaskOutcome | undefined> {
    try {
      const st = await this.fs.stat(task.audioPath);
      if (!st?.isFile || !recordMatches(task.known, st)) return undefined;
      const region = { ...(task.start !== undefined ? { start: task.start } : {}), ...(task.end !== undefined ? { end: task.end } : {}) };
      return (await this.lookup(task, entryKey(task.known!.hash, region, this.cfgHash))).hit;
    } catch {
      return undefined;
    }
  }

  /** The cache entry of `key`: a hit, a damaged entry (to recompute and report), or nothing. */
  private async lookup(task: FeatureTask, key: string): Promise<{ hit?: TaskOutcome; repaired?: { file: string; problem: string } }> {
    const file = entryPath(this.cacheDir, key);
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(file);
    } catch (err) {
      const e = asSerError(err, file);
      // A missing entry is the ordinary miss; an unreadable one is treated as damaged and rewritten.
      return e.code === 'not-found' ? {} : { repaired: { file, problem: `unreadable: ${e.problem}` } };
    }
    try {
      const entry = decodeEntry(key, bytes);
      return { hit: { index: task.index, status: 'cached', samples: entry.samples, ...(task.keep ? { matrix: entry.matrix } : {}) } };
    } catch (err) {
      if (err instanceof DamagedEntryError) return { repaired: { file, problem: err.problem } };
      throw err;
    }
  }
}

async function statFile(fs: FileSystem, path: string): Promise<FileStat> {
  const st = await fs.stat(path);
  if (!st) throw new SerError('not-found', path, 'file not found');
  if (!st.isFile) throw new SerError('io', path, st.isDirectory ? 'is a directory, not a WAV file' : 'is not a regular file');
  return st;
}

function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function hashInChunks(fs: FileSystem, path: string, size: number): Promise<string> {
  const h = contentHasher();
  let offset = 0;
  while (offset < size) {
    const chunk = await fs.readRange(path, offset, Math.min(HASH_CHUNK, size - offset));
    if (chunk.length === 0) throw new SerError('truncated', path, `the file ended at ${offset} of ${size} bytes while being hashed (it changed while being read)`);
    h.update(chunk);
    offset += chunk.length;
  }
  return h.digest();
}

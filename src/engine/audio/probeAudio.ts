/**
 * Header-only probing: a corpus scan of 100k files learns each file's format and duration from its first
 * 64 KiB (plus a jump past any big chunk before the audio) and its size from stat, never reading the samples.
 */
import { asSerError, SerError, WavError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import { newWalk, walkWav, type WavInfo } from './wavHeader';

/** Bytes read per header window (64 KiB). */
export const PROBE_WINDOW = 64 * 1024;

/** Re-raises storage failures as WavErrors naming `path`, keeping their code. */
export function asWavError(err: unknown, path: string): SerError {
  if (err instanceof SerError) return err;
  const se = asSerError(err, path);
  return new WavError(se.code, path, se.problem);
}

/** Size of the WAV file at `path` in bytes; WavError 'not-found' / 'io' when it is missing or not a file. */
export async function wavFileSize(fs: FileSystem, path: string): Promise<number> {
  let st;
  try {
    st = await fs.stat(path);
  } catch (err) {
    throw asWavError(err, path);
  }
  if (!st) throw new WavError('not-found', path, 'file not found');
  if (!st.isFile) throw new WavError('io', path, st.isDirectory ? 'is a directory, not a WAV file' : 'is not a regular file');
  return st.size;
}

/** Reads the header of the WAV file at `path`, a file of `fileSize` bytes, in 64 KiB windows. */
export async function probeWavOfSize(fs: FileSystem, path: string, fileSize: number): Promise<WavInfo> {
  const walk = newWalk();
  let offset = 0;
  for (;;) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readRange(path, offset, PROBE_WINDOW);
    } catch (err) {
      throw asWavError(err, path);
    }
    const step = walkWav(walk, bytes, offset, fileSize, path);
    if (step.kind === 'done') return step.info;
    // The walk only moves forward; asking again for the window it just had means the read came back short,
    // i.e. the file is shorter than stat said (it changed under us).
    if (step.offset <= offset) {
      throw new WavError('truncated', path, `the file is shorter than its reported size of ${fileSize} bytes`);
    }
    offset = step.offset;
  }
}

/** The header of the WAV file at `path`, read without its samples. Throws WavError naming `path`. */
export async function probeWav(fs: FileSystem, path: string): Promise<WavInfo> {
  return probeWavOfSize(fs, path, await wavFileSize(fs, path));
}

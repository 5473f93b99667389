/**
 * RIFF chunk walking for WAV headers. The walk can be fed the file in windows (probeWav reads 64 KiB at a time
 * and only jumps further when a big chunk sits before the audio), so a header is found without reading the body.
 * Nothing here trusts a size field beyond the file's real size, and every step advances, so a hostile file
 * ends in a WavError, never a RangeError, an oversized allocation or a loop.
 */
import { WavError } from '../errors';
import { FMT_BYTES_USED, readWavFormat, type WavFormat } from './wavFormat';
import type { WavEncoding } from './wavWriter';

/** What the header says about the audio. Sizes in bytes, offsets from the start of the file. */
export interface WavInfo {
  encoding: WavEncoding;
  channels: number;
  /** Hz. */
  sampleRate: number;
  /** Whole frames present in the data chunk (a trailing partial frame is dropped). */
  frames: number;
  /** frames / sampleRate, seconds. */
  durationSeconds: number;
  /** Where the first sample byte is. */
  dataOffset: number;
  /** Bytes of sample data present (the declared size, or up to the end of the file for streamed files). */
  dataBytes: number;
}

/** Chunks walked before giving up: far more than any real file has, few enough to stay instant. */
export const MAX_CHUNKS = 10_000;

/** Data sizes that streaming writers leave in place of the real one: read "to the end of the file". */
const STREAMING_SIZES = new Set([0, 0xffffffff, 0x7ffff000, 0x7fffffff]);

/** State of a walk in progress; start with newWalk(). */
export interface WavWalk {
  /** Offset of the next thing to read; 0 means the RIFF header. */
  pos: number;
  /** pos is just past an odd-sized chunk, before its (possibly missing) pad byte. */
  padPending: boolean;
  chunks: number;
  rf64: boolean;
  /** Bytes the RIFF header says the file has; used only to word an error, never to read. */
  riffEnd: number;
  /** Data size from an RF64 ds64 chunk, bytes. */
  ds64DataSize?: number;
  fmt?: WavFormat;
  data?: { offset: number; bytes: number };
  /** The chunk whose declared size ran past the end of the file, if the walk ended that way. */
  overrun?: { id: string; size: number };
}

/** Either the header is complete, or the walk needs the file's bytes from `offset` on. */
export type WalkStep = { kind: 'done'; info: WavInfo } | { kind: 'need'; offset: number };

export function newWalk(): WavWalk {
  return { pos: 0, padPending: false, chunks: 0, rf64: false, riffEnd: 0 };
}

function idAt(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

/** A chunk id is four printable ASCII characters (spaces allowed). */
function looksLikeId(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 4; i++) if (b[at + i] < 0x20 || b[at + i] > 0x7e) return false;
  return true;
}

function showId(id: string): string {
  return JSON.stringify(id);
}

/**
 * Advances `w` through `win` (the file's bytes from `windowOffset`, of a file of `fileSize` bytes).
 * Returns the header once fmt and data are both known, or the offset it needs bytes from next.
 */
export function walkWav(w: WavWalk, win: Uint8Array, windowOffset: number, fileSize: number, file: string): WalkStep {
  const winEnd = windowOffset + win.length;
  const has = (at: number, n: number) => at >= windowOffset && at + n <= winEnd;
  const u32 = (at: number) => {
    const i = at - windowOffset;
    return (win[i] | (win[i + 1] << 8) | (win[i + 2] << 16)) + win[i + 3] * 0x1000000;
  };

  if (w.pos === 0) {
    if (fileSize === 0) throw new WavError('empty', file, 'the file is empty (0 bytes)');
    const n = Math.min(12, fileSize);
    if (!has(0, n)) return { kind: 'need', offset: 0 };
    readRiffHeader(w, win.subarray(0, n), file); // has(0, n) means the window starts at 0
    w.pos = 12;
  }

  for (;;) {
    if (w.padPending) {
      // RIFF pads odd-sized chunks, but some writers omit the pad byte; then the next id starts one byte
      // early. Decided here (not when skipping the chunk) so a windowed walk sees the same bytes as a whole one.
      if (w.pos + 9 <= fileSize) {
        if (!has(w.pos, 9)) return { kind: 'need', offset: w.pos };
        const at = w.pos - windowOffset;
        if (looksLikeId(win, at + 1) || !looksLikeId(win, at)) w.pos++;
      } else {
        w.pos++;
      }
      w.padPending = false;
    }
    if (w.pos + 8 > fileSize) break;
    if (!has(w.pos, 8)) return { kind: 'need', offset: w.pos };
    if (w.chunks >= MAX_CHUNKS) {
      throw new WavError('corrupt', file, `more than ${MAX_CHUNKS} chunks before the audio; the chunk structure is damaged`);
    }
    const id = idAt(win, w.pos - windowOffset);
    const size = u32(w.pos + 4);
    const body = w.pos + 8;
    let advance = size;

    if (id === 'fmt ' && !w.fmt) {
      const want = Math.min(size, FMT_BYTES_USED);
      if (body + want > fileSize) {
        throw new WavError('truncated', file, `the file ends inside the fmt chunk (${fileSize - body} of ${size} bytes present)`);
      }
      if (!has(body, want)) return { kind: 'need', offset: w.pos };
      w.fmt = readWavFormat(win, body - windowOffset, size, file);
    } else if (id === 'ds64' && w.rf64 && w.ds64DataSize === undefined && size >= 16) {
      if (body + 16 > fileSize) throw new WavError('truncated', file, 'the file ends inside the ds64 chunk');
      if (!has(body, 16)) return { kind: 'need', offset: w.pos };
      w.ds64DataSize = u32(body + 8) + u32(body + 12) * 0x100000000;
    } else if (id === 'data' && !w.data) {
      const present = fileSize - body;
      let bytes = w.rf64 && size === 0xffffffff && w.ds64DataSize !== undefined ? w.ds64DataSize : size;
      if (size === 0 && present > 0) {
        // 0 is both "empty" and a streaming writer's placeholder: it is empty only if a chunk follows at once.
        if (present >= 8 && !has(body, 8)) return { kind: 'need', offset: w.pos };
        bytes = present >= 8 && looksLikeId(win, body - windowOffset) ? 0 : present;
      } else if (bytes > present) {
        if (!STREAMING_SIZES.has(size) && !(w.rf64 && size === 0xffffffff)) {
          throw new WavError(
            'truncated',
            file,
            `the data chunk claims ${bytes} bytes but only ${present} follow its header (the file is truncated)`,
          );
        }
        bytes = present;
      }
      w.data = { offset: body, bytes };
      advance = bytes;
    }
    if (w.fmt && w.data) return { kind: 'done', info: toInfo(w.fmt, w.data) };

    w.chunks++;
    const next = body + advance;
    if (next > fileSize) w.overrun = { id, size };
    w.pos = next;
    w.padPending = (advance & 1) === 1;
  }
  return finish(w, fileSize, file);
}

function readRiffHeader(w: WavWalk, head: Uint8Array, file: string): void {
  const n = head.length;
  const matches = (at: number, text: string) => {
    for (let i = 0; i < 4 && at + i < n; i++) if (head[at + i] !== text.charCodeAt(i)) return false;
    return true;
  };
  const riff = matches(0, 'RIFF') || matches(0, 'RF64') || matches(0, 'BW64');
  if (n < 12) {
    if (riff && matches(8, 'WAVE')) throw new WavError('truncated', file, `the file is only ${n} bytes, shorter than a RIFF header`);
    throw new WavError('not-wav', file, `not a WAV file (only ${n} bytes, no RIFF/WAVE header)`);
  }
  const magic = idAt(head, 0);
  if (magic === 'RIFX' || magic === 'FFIR') throw new WavError('unsupported', file, 'big-endian RIFX WAV files are not supported');
  if (!riff) throw new WavError('not-wav', file, `not a WAV file (starts with ${showId(magic)}, not "RIFF")`);
  const form = idAt(head, 8);
  if (form !== 'WAVE') throw new WavError('not-wav', file, `not a WAV file (a RIFF file of form ${showId(form)}, not "WAVE")`);
  w.rf64 = magic !== 'RIFF';
  w.riffEnd = 8 + ((head[4] | (head[5] << 8) | (head[6] << 16)) + head[7] * 0x1000000);
}

function toInfo(fmt: WavFormat, data: { offset: number; bytes: number }): WavInfo {
  const frames = Math.floor(data.bytes / fmt.blockAlign);
  return {
    encoding: fmt.encoding,
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    frames,
    durationSeconds: frames / fmt.sampleRate,
    dataOffset: data.offset,
    dataBytes: data.bytes,
  };
}

function finish(w: WavWalk, fileSize: number, file: string): never {
  const o = w.overrun;
  const where = o ? `the file ends inside the ${showId(o.id)} chunk (which claims ${o.size} bytes)` : 'the file ends';
  if (w.data) throw new WavError('corrupt', file, 'no fmt chunk: the sample format is unknown');
  const before = w.fmt ? 'the data chunk' : 'the fmt and data chunks';
  if (o) throw new WavError('truncated', file, `${where} before ${before}`);
  if (!w.rf64 && w.riffEnd > fileSize && w.riffEnd < 0xffffffff) {
    throw new WavError('truncated', file, `the file ends after ${fileSize} bytes, before ${before} (its RIFF header promises ${w.riffEnd})`);
  }
  const missing = w.fmt ? 'no data chunk' : 'no fmt or data chunk';
  throw new WavError('corrupt', file, `${missing} in ${fileSize} bytes (${where} after ${w.chunks} chunk(s))`);
}

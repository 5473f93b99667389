/**
 * WAV reading: header parsing over any prefix of a file, and decoding to mono float samples at the file's rate.
 * Accepts PCM 8/16/24/32-bit, float 32/64-bit, WAVE_FORMAT_EXTENSIBLE, RF64, any chunk layout and streamed
 * (size-less) data chunks; everything else is a WavError naming the file.
 */
import { WavError } from '../errors';
import { decodeFramesToMono } from './pcmDecode';
import { bytesPerSample } from './wavFormat';
import { newWalk, walkWav, type WavInfo } from './wavHeader';

export type { WavInfo } from './wavHeader';
export type { WavEncoding } from './wavWriter';

/** A stretch of audio in seconds; start defaults to 0, end to the end of the audio. */
export interface AudioRegion {
  start?: number;
  end?: number;
}

/** Most samples decoded in one call (2^31 floats = 8 GiB); beyond that the caller must ask for regions. */
export const MAX_DECODED_SAMPLES = 2 ** 31 - 1;

/**
 * Parses the header from `bytes`, the start of a file of `fileSize` bytes (default: bytes is the whole file).
 * Throws WavError naming `file`; code 'usage' if the header continues past the bytes given.
 */
export function parseWavHeader(bytes: Uint8Array, file: string, fileSize?: number): WavInfo {
  const size = fileSize !== undefined && Number.isFinite(fileSize) && fileSize > bytes.length ? Math.floor(fileSize) : bytes.length;
  const step = walkWav(newWalk(), bytes, 0, size, file);
  if (step.kind === 'need') {
    throw new WavError(
      'usage',
      file,
      `the WAV header continues past the first ${bytes.length} bytes given (next chunk at byte ${step.offset}); read more of the file (probeWav does)`,
    );
  }
  return step.info;
}

/** Bytes per frame of the audio described by `info`. */
export function blockAlignOf(info: WavInfo): number {
  return info.channels * bytesPerSample(info.encoding);
}

/**
 * The frames [first, end) that `region` covers in the audio of `info`. An end past the audio is clamped
 * (corpus timings often overshoot by a few ms); a start past the end is an error, as are negative, NaN or
 * reversed bounds.
 */
export function regionFrames(info: WavInfo, file: string, region?: AudioRegion): { first: number; end: number } {
  const start = region?.start;
  const stop = region?.end;
  for (const [name, v] of [['start', start], ['end', stop]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new WavError('usage', file, `region ${name} ${String(v)} s is not a time (must be a finite number >= 0)`);
    }
  }
  if (start !== undefined && stop !== undefined && stop < start) {
    throw new WavError('usage', file, `region end ${stop} s is before its start ${start} s`);
  }
  if (start !== undefined && start > info.durationSeconds) {
    throw new WavError(
      'truncated',
      file,
      `region starts at ${start.toFixed(3)} s, after the end of the audio (${info.durationSeconds.toFixed(3)} s)`,
    );
  }
  const first = start === undefined ? 0 : Math.min(info.frames, Math.round(start * info.sampleRate));
  const end = stop === undefined ? info.frames : Math.max(first, Math.min(info.frames, Math.round(stop * info.sampleRate)));
  return { first, end };
}

/**
 * Decodes `bytes` (a whole WAV file) to mono samples in [-1, 1] at the file's own sample rate, channels
 * averaged, optionally only `region` (seconds). Throws WavError naming `file`.
 */
export function decodeWav(bytes: Uint8Array, file: string, region?: AudioRegion): { info: WavInfo; samples: Float32Array } {
  const info = parseWavHeader(bytes, file);
  const { first, end } = regionFrames(info, file, region);
  const frames = end - first;
  if (frames > MAX_DECODED_SAMPLES) {
    throw new WavError('too-large', file, `${frames} frames are too many to decode at once; decode a region`);
  }
  const samples = new Float32Array(frames);
  decodeFramesToMono(bytes, info.dataOffset + first * blockAlignOf(info), frames, info.channels, info.encoding, samples);
  return { info, samples };
}

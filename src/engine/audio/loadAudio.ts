/**
 * Audio loading for feature extraction: a WAV file (or a region of it) as mono samples at the model's rate.
 * Small files are read whole in one call (utterance files are a few hundred KiB); big ones, such as whole
 * sessions addressed by regions, are probed and then only the region's bytes are read.
 */
import { WavError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import { decodeFramesToMono } from './pcmDecode';
import { asWavError, probeWavOfSize, wavFileSize } from './probeAudio';
import { resample } from './resampler';
import { blockAlignOf, decodeWav, regionFrames, type AudioRegion } from './wavReader';

/** Files up to this size (16 MiB) are read in one call; larger ones by header probe plus a ranged read. */
export const WHOLE_FILE_READ_LIMIT = 16 * 1024 * 1024;
/** Most sample bytes read for one load (2 GiB - 1); longer stretches must be loaded as regions. */
export const MAX_LOAD_BYTES = 2 ** 31 - 1;

async function decodeLarge(fs: FileSystem, path: string, size: number, region?: AudioRegion): Promise<{ rate: number; samples: Float32Array }> {
  const info = await probeWavOfSize(fs, path, size);
  const { first, end } = regionFrames(info, path, region);
  const blockAlign = blockAlignOf(info);
  const frames = end - first;
  const want = frames * blockAlign;
  if (want > MAX_LOAD_BYTES) {
    throw new WavError('too-large', path, `${(frames / info.sampleRate).toFixed(0)} s of audio (${want} bytes) is too much to load at once; load a region`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readRange(path, info.dataOffset + first * blockAlign, want);
  } catch (err) {
    throw asWavError(err, path);
  }
  if (bytes.length < want) {
    throw new WavError('truncated', path, `the file ended after ${bytes.length} of the ${want} sample bytes expected (it changed while being read)`);
  }
  const samples = new Float32Array(frames);
  decodeFramesToMono(bytes, 0, frames, info.channels, info.encoding, samples);
  return { rate: info.sampleRate, samples };
}

/** `samples` at `rate` Hz brought to `sampleRate` Hz (the same array when the rates already agree). */
function atRate(samples: Float32Array, rate: number, sampleRate: number): Float32Array {
  return rate === sampleRate ? samples : resample(samples, rate, sampleRate);
}

/**
 * WAV file bytes already in memory (or `region` of them, seconds) as mono samples at `sampleRate` Hz (default
 * 16000): loadAudio's path for small files, for callers that have read the bytes themselves (the feature cache
 * hashes the same bytes it decodes). Throws WavError naming `path`.
 */
export function decodeAudioBytes(bytes: Uint8Array, path: string, region?: AudioRegion, sampleRate = 16000): Float32Array {
  const { info, samples } = decodeWav(bytes, path, region);
  return atRate(samples, info.sampleRate, sampleRate);
}

/**
 * The audio of the WAV file at `path` (or `region` of it, seconds) as mono samples at `sampleRate` Hz
 * (default 16000). Throws WavError naming `path`.
 */
export async function loadAudio(fs: FileSystem, path: string, region?: AudioRegion, sampleRate = 16000): Promise<Float32Array> {
  const size = await wavFileSize(fs, path);
  if (size <= WHOLE_FILE_READ_LIMIT) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(path);
    } catch (err) {
      throw asWavError(err, path);
    }
    return decodeAudioBytes(bytes, path, region, sampleRate);
  }
  const { rate, samples } = await decodeLarge(fs, path, size, region);
  return atRate(samples, rate, sampleRate);
}

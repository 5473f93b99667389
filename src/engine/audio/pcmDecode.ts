/**
 * Sample decoding: interleaved PCM/float frames to one mono Float32Array, channels averaged.
 * Integers scale by 2^(bits-1) (the usual convention, so -full scale is exactly -1).
 */
import type { WavEncoding } from './wavWriter';
import { bytesPerSample } from './wavFormat';

/**
 * Float samples beyond this magnitude are corruption, not audio (it is +24 dB over full scale); they are
 * clamped so one bad sample cannot turn into Infinity in a float32 sum downstream. NaN becomes 0.
 */
export const FLOAT_SAMPLE_LIMIT = 16;

/**
 * Decodes `frames` frames of `channels` interleaved channels starting at byte `at` of `bytes` into `out`
 * (length >= frames), averaging the channels. The caller guarantees the bytes are present.
 */
export function decodeFramesToMono(
  bytes: Uint8Array,
  at: number,
  frames: number,
  channels: number,
  encoding: WavEncoding,
  out: Float32Array,
): void {
  const bps = bytesPerSample(encoding);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, frames * channels * bps);
  const n = frames * channels;
  const inv = 1 / channels;
  let acc = 0;
  let c = 0;
  let f = 0;
  // One loop per encoding keeps each hot loop monomorphic; the channel counter avoids a division per sample.
  switch (encoding) {
    case 'pcm8': {
      const u8 = bytes.subarray(at, at + n);
      if (channels === 1) { for (let i = 0; i < n; i++) out[i] = (u8[i] - 128) / 128; return; }
      for (let i = 0; i < n; i++) {
        acc += u8[i] - 128;
        if (++c === channels) { out[f++] = (acc * inv) / 128; acc = 0; c = 0; }
      }
      return;
    }
    case 'pcm16': {
      const s = 1 / 32768;
      if (channels === 1) { for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) * s; return; }
      for (let i = 0; i < n; i++) {
        acc += view.getInt16(i * 2, true);
        if (++c === channels) { out[f++] = acc * inv * s; acc = 0; c = 0; }
      }
      return;
    }
    case 'pcm24': {
      const s = 1 / 8388608;
      const u8 = bytes.subarray(at, at + n * 3);
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const v = ((u8[o] | (u8[o + 1] << 8) | (u8[o + 2] << 16)) << 8) >> 8; // sign-extend 24 bits
        acc += v;
        if (++c === channels) { out[f++] = acc * inv * s; acc = 0; c = 0; }
      }
      return;
    }
    case 'pcm32': {
      const s = 1 / 2147483648;
      for (let i = 0; i < n; i++) {
        acc += view.getInt32(i * 4, true);
        if (++c === channels) { out[f++] = acc * inv * s; acc = 0; c = 0; }
      }
      return;
    }
    case 'float32':
    case 'float64': {
      const wide = encoding === 'float64';
      const lim = FLOAT_SAMPLE_LIMIT;
      for (let i = 0; i < n; i++) {
        let v = wide ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
        if (!(v >= -lim)) v = v === v ? -lim : 0; // NaN fails both comparisons; -Infinity and huge negatives clamp
        else if (v > lim) v = lim;
        acc += v;
        if (++c === channels) { out[f++] = acc * inv; acc = 0; c = 0; }
      }
      return;
    }
    default: {
      const never: never = encoding;
      throw new Error(`unknown encoding ${String(never)}`);
    }
  }
}

/**
 * Fixed-length crops of feature matrices for the encoder, built on the JS side into one Float32Array per batch
 * (one upload per step, no per-item tensors): random crops with feature-domain augmentation for training, and
 * overlapping windows covering the whole utterance for testing.
 *
 * Augmentation works on the (speaker-normalised) features rather than on audio, so it costs nothing to extract:
 * speed perturbation is a linear time stretch of the frames, noise is Gaussian in normalised units, and the masks
 * are SpecAugment's time and frequency masks (filled with 0, the normalised mean).
 */
import type { FeatureMatrix } from '../features/featureConfig';
import type { AugmentConfig } from './trainConfig';
import { Prng } from '../demo/prng';

/** A crop placed in a batch buffer. */
export interface CropSpec {
  matrix: FeatureMatrix;
  /** First source frame (may be fractional after a stretch). */
  offset: number;
  /** Source frames per output frame (1 = no stretch). */
  rate: number;
  /** Output frames filled from the source (the rest is zero padding). */
  length: number;
}

/** A random training crop of `frames` output frames, with speed perturbation drawn from `aug`. */
export function randomCrop(m: FeatureMatrix, frames: number, aug: AugmentConfig | undefined, rng: Prng): CropSpec {
  const rate = aug && aug.speed > 0 ? 1 + (2 * rng.next() - 1) * aug.speed : 1;
  const outAvailable = Math.max(1, Math.floor((m.frames - 1) / rate) + 1);
  const length = Math.min(frames, outAvailable);
  const spare = (m.frames - 1) - (length - 1) * rate;
  const offset = spare > 0 ? rng.next() * spare : 0;
  return { matrix: m, offset, rate, length };
}

/** Test-time windows of `frames` every `hop` frames covering the whole utterance (at least one window). */
export function testWindows(m: FeatureMatrix, frames: number, hop: number): CropSpec[] {
  if (m.frames <= frames) return [{ matrix: m, offset: 0, rate: 1, length: Math.max(1, m.frames) }];
  const out: CropSpec[] = [];
  const last = m.frames - frames;
  for (let s = 0; ; s += hop) {
    const offset = Math.min(s, last);
    out.push({ matrix: m, offset, rate: 1, length: frames });
    if (offset >= last) break;
  }
  return out;
}

/**
 * Writes crop `c` into `out` at item `slot` of a [B, frames, dims] buffer (zero-padded past its length), then
 * applies masks and noise when `aug` is given.
 */
export function fillCrop(out: Float32Array, slot: number, frames: number, c: CropSpec, aug: AugmentConfig | undefined, rng: Prng | undefined): void {
  const { dims, data, frames: srcFrames } = c.matrix;
  const base = slot * frames * dims;
  out.fill(0, base, base + frames * dims);
  for (let t = 0; t < c.length; t++) {
    const pos = c.offset + t * c.rate;
    const i0 = Math.min(srcFrames - 1, Math.floor(pos));
    const i1 = Math.min(srcFrames - 1, i0 + 1);
    const a = pos - i0;
    const o = base + t * dims;
    const s0 = i0 * dims;
    const s1 = i1 * dims;
    if (a === 0 || i0 === i1) out.set(data.subarray(s0, s0 + dims), o);
    else for (let d = 0; d < dims; d++) out[o + d] = data[s0 + d] * (1 - a) + data[s1 + d] * a;
  }
  if (!aug || !rng) return;
  for (let k = 0; k < aug.timeMasks && aug.timeMaskFrames > 0; k++) {
    const w = rng.int(Math.min(aug.timeMaskFrames, Math.floor(c.length / 5)) + 1);
    const t0 = rng.int(Math.max(1, c.length - w + 1));
    out.fill(0, base + t0 * dims, base + (t0 + w) * dims);
  }
  for (let k = 0; k < aug.freqMasks && aug.freqMaskBands > 0; k++) {
    const w = rng.int(Math.min(aug.freqMaskBands, dims) + 1);
    const f0 = rng.int(Math.max(1, dims - w + 1));
    for (let t = 0; t < c.length; t++) out.fill(0, base + t * dims + f0, base + t * dims + f0 + w);
  }
  if (aug.noise > 0) {
    // Gaussian values from a fixed seeded table, read from a random offset with a random odd stride: drawing 600k
    // fresh normals per batch took 20 ms, more than a native training step's data path should.
    const table = noiseTable();
    const mask = table.length - 1;
    let at = rng.int(table.length);
    const stride = 2 * rng.int(table.length >> 1) + 1;
    const end = base + c.length * dims;
    for (let i = base; i < end; i++) {
      out[i] += aug.noise * table[at];
      at = (at + stride) & mask;
    }
  }
}

let table: Float32Array | undefined;

/** 2^16 standard normal values, the same on every run and platform. */
function noiseTable(): Float32Array {
  if (!table) {
    const rng = new Prng(0x5e7a);
    table = new Float32Array(1 << 16);
    for (let i = 0; i < table.length; i++) table[i] = rng.normal();
  }
  return table;
}

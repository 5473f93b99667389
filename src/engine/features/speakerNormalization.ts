/**
 * Per-speaker mean and variance normalisation: every feature dimension of a speaker's frames is shifted and
 * scaled to zero mean and unit variance, with the statistics taken over all frames of all that speaker's
 * utterances. This removes speaker (and channel) offsets so the model sees emotion rather than voice.
 *
 * The training engine: loadFeatures -> groupBySpeaker -> normalizeBySpeaker (or speakerStats once on the
 * training speakers' data and applyNormalization to any matrix, e.g. an unseen speaker's own stats at test time).
 * Statistics accumulate in float64 with Chan's pairwise update per matrix, so 100k frames of log energies near
 * -20 lose no precision; the variance is the population variance (divide by frames), as numpy's var.
 */
import type { FeatureMatrix } from './featureConfig';

/** Mean and variance of each dimension over a set of frames. */
export interface NormStats {
  dims: number;
  /** Frames the statistics were taken over. */
  frames: number;
  mean: Float64Array;
  /** Population variance (divided by frames); 0 when frames is 0. */
  variance: Float64Array;
}

export interface NormalizeOptions {
  /** Added to the variance before the square root, so constant dimensions stay finite. Default 1e-8. */
  epsilon?: number;
  /** Overwrite the input matrices instead of returning new ones. Default false. */
  inPlace?: boolean;
}

/** Statistics over every frame of `matrices` (all with the same dims; an empty list gives dims 0). */
export function speakerStats(matrices: readonly FeatureMatrix[]): NormStats {
  const dims = matrices.length > 0 ? matrices[0].dims : 0;
  const mean = new Float64Array(dims);
  const m2 = new Float64Array(dims);
  const bMean = new Float64Array(dims);
  const bM2 = new Float64Array(dims);
  let n = 0;
  for (const mat of matrices) {
    if (mat.dims !== dims) throw new RangeError(`speakerStats: a matrix has ${mat.dims} dims, the first had ${dims}`);
    const nb = mat.frames;
    if (nb === 0) continue;
    // Two-pass statistics of this matrix, then merged into the running ones (Chan et al.).
    bMean.fill(0);
    bM2.fill(0);
    const d = mat.data;
    for (let t = 0; t < nb; t++) for (let j = 0; j < dims; j++) bMean[j] += d[t * dims + j];
    for (let j = 0; j < dims; j++) bMean[j] /= nb;
    for (let t = 0; t < nb; t++) {
      for (let j = 0; j < dims; j++) {
        const dev = d[t * dims + j] - bMean[j];
        bM2[j] += dev * dev;
      }
    }
    const total = n + nb;
    for (let j = 0; j < dims; j++) {
      const delta = bMean[j] - mean[j];
      mean[j] += (delta * nb) / total;
      m2[j] += bM2[j] + (delta * delta * n * nb) / total;
    }
    n = total;
  }
  const variance = new Float64Array(dims);
  if (n > 0) for (let j = 0; j < dims; j++) variance[j] = m2[j] / n;
  return { dims, frames: n, mean, variance };
}

/** (x - mean) / sqrt(variance + epsilon) for every frame of `m`; a new matrix unless options.inPlace. */
export function applyNormalization(m: FeatureMatrix, stats: NormStats, options: NormalizeOptions = {}): FeatureMatrix {
  if (m.dims !== stats.dims) throw new RangeError(`applyNormalization: matrix has ${m.dims} dims, the statistics ${stats.dims}`);
  const eps = options.epsilon ?? 1e-8;
  const dims = m.dims;
  const scale = new Float64Array(dims);
  for (let j = 0; j < dims; j++) scale[j] = 1 / Math.sqrt(stats.variance[j] + eps);
  const out = options.inPlace ? m.data : new Float32Array(m.data.length);
  const src = m.data;
  for (let t = 0; t < m.frames; t++) {
    const row = t * dims;
    for (let j = 0; j < dims; j++) out[row + j] = (src[row + j] - stats.mean[j]) * scale[j];
  }
  return options.inPlace ? m : { frames: m.frames, dims, data: out };
}

/** Groups items by their speaker, keeping input order inside each group. */
export function groupBySpeaker<T extends { speaker: string }>(items: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    let g = groups.get(item.speaker);
    if (!g) groups.set(item.speaker, (g = []));
    g.push(item);
  }
  return groups;
}

/** One speaker's normalised matrices (in input order) and the statistics used. */
export interface SpeakerNormalized {
  stats: NormStats;
  matrices: FeatureMatrix[];
}

/** Normalises each speaker's matrices with that speaker's own statistics (over all their frames). */
export function normalizeBySpeaker(bySpeaker: ReadonlyMap<string, readonly FeatureMatrix[]>, options: NormalizeOptions = {}): Map<string, SpeakerNormalized> {
  const out = new Map<string, SpeakerNormalized>();
  for (const [speaker, matrices] of bySpeaker) {
    const stats = speakerStats(matrices);
    out.set(speaker, { stats, matrices: matrices.map((m) => applyNormalization(m, stats, options)) });
  }
  return out;
}

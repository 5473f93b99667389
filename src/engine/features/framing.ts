/**
 * Framing as librosa.stft does it: with center=True the signal is padded by nFft/2 on each side (zeros for
 * padMode 'constant', numpy's 'reflect' otherwise) and frame t starts at t * hop of the padded signal, so it is
 * centred on sample t * hop; with center=False frame t starts at sample t * hop and only whole frames count.
 *
 * The padded signal is never built whole (an hour of audio would need 460 MB of float64): paddedBlock copies
 * the stretch a block of frames reads into a reused float64 buffer.
 */
import type { FeatureConfig } from './featureConfig';

type FramingConfig = Pick<FeatureConfig, 'nFft' | 'hopLength' | 'center' | 'padMode'>;

/**
 * Frames for `n` samples: 1 + floor(n / hop) when centred, 1 + floor((n - nFft) / hop) otherwise (0 when the
 * signal is shorter than one frame, where librosa raises). Empty audio has no frames either way.
 */
export function frameCount(n: number, config: Pick<FeatureConfig, 'nFft' | 'hopLength' | 'center'>): number {
  if (n <= 0) return 0;
  if (config.center) return 1 + Math.floor(n / config.hopLength);
  return n < config.nFft ? 0 : 1 + Math.floor((n - config.nFft) / config.hopLength);
}

/** numpy's 'reflect' index (edge not repeated, reflecting again as often as needed); n = 1 repeats the sample. */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/** Samples of the padded signal that frames [first, first + count) read: (count - 1) hop + nFft. */
export function blockLength(count: number, config: FramingConfig): number {
  return (count - 1) * config.hopLength + config.nFft;
}

/**
 * Writes the padded signal's samples [first * hop, first * hop + blockLength(count)) into `out` (which must be
 * that long at least), in float64. Padded index p is sample p - nFft/2 when centred; outside the signal it is
 * 0 ('constant') or the reflected sample ('reflect').
 */
export function paddedBlock(samples: Float32Array, config: FramingConfig, first: number, count: number, out: Float64Array): void {
  const n = samples.length;
  const pad = config.center ? config.nFft / 2 : 0;
  const from = first * config.hopLength - pad;
  const len = blockLength(count, config);
  // The part inside the signal is one typed-array copy (with float32 -> float64 conversion).
  const lo = Math.max(0, Math.min(len, -from));
  const hi = Math.max(lo, Math.min(len, n - from));
  if (hi > lo) out.set(samples.subarray(from + lo, from + hi), lo);
  const reflect = config.padMode === 'reflect' && n > 0;
  for (let i = 0; i < lo; i++) out[i] = reflect ? samples[reflectIndex(from + i, n)] : 0;
  for (let i = hi; i < len; i++) out[i] = reflect ? samples[reflectIndex(from + i, n)] : 0;
}

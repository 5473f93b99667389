/**
 * Framing as librosa.stft does it: with center=True the signal is padded by nFft/2 on each side (zeros for
 * padMode 'constant', numpy's 'reflect' otherwise) and frame t starts at t * hop of the padded signal, so it is
 * centred on sample t * hop; with center=False frame t starts at sample t * hop and only whole frames count.
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

/**
 * The signal as the frames read it, in float64: padded when centred. Returns `scratch` when it is big enough
 * (so one buffer serves every utterance of a worker), else a new buffer; the caller keeps whichever came back.
 */
export function framedSignal(samples: Float32Array, config: FramingConfig, scratch?: Float64Array): Float64Array {
  const n = samples.length;
  const pad = config.center ? config.nFft / 2 : 0;
  // One spare frame of room past the end so the last frame never reads beyond the buffer.
  const need = n + 2 * pad + config.nFft;
  const buf = scratch && scratch.length >= need ? scratch : new Float64Array(Math.max(need, Math.ceil((scratch?.length ?? 0) * 1.5)));
  buf.set(samples, pad);
  if (pad > 0 && config.padMode === 'reflect' && n > 0) {
    for (let i = 0; i < pad; i++) {
      buf[pad - 1 - i] = samples[reflectIndex(-1 - i, n)];
      buf[pad + n + i] = samples[reflectIndex(n + i, n)];
    }
  } else {
    buf.fill(0, 0, pad);
    buf.fill(0, pad + n, pad + n + pad);
  }
  buf.fill(0, n + 2 * pad, need);
  return buf;
}

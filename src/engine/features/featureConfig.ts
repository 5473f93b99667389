/** Feature extraction settings. Defaults follow the paper's front end: 25 ms Hamming, 10 ms hop, 64 mels. */
import { SerError } from '../errors';
export interface FeatureConfig {
  /** Which features: log-mel energies, or MFCCs (from the same mel filterbank). Default 'logmel'. */
  kind: 'logmel' | 'mfcc';
  /** Sample rate the audio is resampled to, Hz. Default 16000. */
  sampleRate: number;
  /** Analysis window length, samples. Default 400 (25 ms at 16 kHz). */
  winLength: number;
  /** Hop between frames, samples. Default 160 (10 ms at 16 kHz). */
  hopLength: number;
  /** FFT size, samples (power of two, >= winLength). Default 512. */
  nFft: number;
  /** Mel bands. Default 64. */
  nMels: number;
  /** Lowest mel band edge, Hz. Default 0. */
  fMin: number;
  /** Highest mel band edge, Hz; default sampleRate / 2. */
  fMax: number;
  /** Window function. Default 'hamming' (periodic, as librosa / scipy with fftbins=True). */
  window: 'hamming' | 'hann';
  /** Pad nFft/2 samples at both ends so frame t is centred on sample t*hop (librosa's center=True). Default true. */
  center: boolean;
  /**
   * What the centring pad holds: 'constant' zeros (librosa >= 0.10's default pad_mode) or a 'reflect'ion of the
   * signal without repeating the edge sample (numpy's reflect, librosa < 0.10's default). Default 'constant'.
   */
  padMode: 'constant' | 'reflect';
  /** Floor added before the log, in power units. Default 1e-10. */
  logFloor: number;
  /** MFCC coefficients kept (kind 'mfcc'). Default 20. */
  nMfcc: number;
  /** Delta orders appended (0: none, 1: deltas, 2: deltas and delta-deltas). Default 0 for logmel, 2 for mfcc. */
  deltaOrder: 0 | 1 | 2;
  /** Half-width of the delta regression window, frames. Default 2 (HTK). */
  deltaWidth: number;
}

export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureConfig> = Object.freeze({
  kind: 'logmel',
  sampleRate: 16000,
  winLength: 400,
  hopLength: 160,
  nFft: 512,
  nMels: 64,
  fMin: 0,
  fMax: 8000,
  window: 'hamming',
  center: true,
  padMode: 'constant',
  logFloor: 1e-10,
  nMfcc: 20,
  deltaOrder: 0,
  deltaWidth: 2,
});

/** Values per frame: nMels (logmel) or nMfcc (mfcc) static coefficients, times 1 + deltaOrder. */
export function featureDims(config: Pick<FeatureConfig, 'kind' | 'nMels' | 'nMfcc' | 'deltaOrder'>): number {
  return (config.kind === 'mfcc' ? config.nMfcc : config.nMels) * (1 + config.deltaOrder);
}

/** A features-by-frames matrix, row-major: data[t * dims + d]. */
export interface FeatureMatrix {
  frames: number;
  dims: number;
  data: Float32Array;
}

/**
 * `config` with the fields that configs saved by older versions lack filled in with the value those versions
 * used (padMode: 'constant'), so a model's saved settings keep meaning the same features.
 */
export function completeFeatureConfig(config: FeatureConfig): FeatureConfig {
  const c = config as Partial<FeatureConfig>;
  return c.padMode === undefined ? { ...config, padMode: 'constant' } : config;
}

/**
 * Throws SerError 'usage' for a config the feature code cannot run. resolveFeatureConfig (jobs/featureOverrides.ts)
 * checks user overrides; this guards configs built elsewhere (a training run's saved settings, tests) and the
 * fields that function does not know about (padMode).
 */
export function checkFeatureConfig(c: FeatureConfig): void {
  const problems: string[] = [];
  const posInt = (v: number) => Number.isInteger(v) && v >= 1;
  if (c.kind !== 'logmel' && c.kind !== 'mfcc') problems.push('kind must be logmel or mfcc');
  if (c.window !== 'hamming' && c.window !== 'hann') problems.push('window must be hamming or hann');
  if (c.padMode !== 'constant' && c.padMode !== 'reflect') problems.push('padMode must be constant or reflect');
  if (!posInt(c.nFft) || c.nFft < 16 || (c.nFft & (c.nFft - 1)) !== 0) problems.push('nFft must be a power of two >= 16');
  if (!posInt(c.winLength) || c.winLength > c.nFft) problems.push('winLength must be an integer in 1..nFft');
  if (!posInt(c.hopLength)) problems.push('hopLength must be a positive integer');
  if (!posInt(c.sampleRate)) problems.push('sampleRate must be a positive whole number of Hz');
  if (!posInt(c.nMels) || c.nMels > c.nFft / 2 + 1) problems.push('nMels must be in 1..nFft/2+1');
  if (!(c.fMin >= 0 && c.fMax > c.fMin && c.fMax <= c.sampleRate / 2)) problems.push('need 0 <= fMin < fMax <= sampleRate/2');
  if (c.kind === 'mfcc' && (!posInt(c.nMfcc) || c.nMfcc > c.nMels)) problems.push('nMfcc must be in 1..nMels');
  if (c.deltaOrder !== 0 && c.deltaOrder !== 1 && c.deltaOrder !== 2) problems.push('deltaOrder must be 0, 1 or 2');
  if (!posInt(c.deltaWidth)) problems.push('deltaWidth must be a positive integer');
  if (!(c.logFloor > 0)) problems.push('logFloor must be > 0');
  if (problems.length) throw new SerError('usage', undefined, `bad feature settings: ${problems.join('; ')}`);
}

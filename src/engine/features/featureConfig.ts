/** Feature extraction settings. Defaults follow the paper's front end: 25 ms Hamming, 10 ms hop, 64 mels. */
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
  /** Pad nFft/2 zeros at both ends so frame t is centred on sample t*hop (librosa's center=True). Default true. */
  center: boolean;
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
  logFloor: 1e-10,
  nMfcc: 20,
  deltaOrder: 0,
  deltaWidth: 2,
});

/** A features-by-frames matrix, row-major: data[t * dims + d]. */
export interface FeatureMatrix {
  frames: number;
  dims: number;
  data: Float32Array;
}

/**
 * The analysis window as librosa applies it: scipy's periodic ("fftbins=True") Hamming or Hann window of
 * winLength samples, zero-padded on both sides to nFft (librosa.util.pad_center: the left pad is
 * floor((nFft - winLength) / 2)).
 */
import type { FeatureConfig } from './featureConfig';

/** The window of `config`, nFft long, with zeros outside the centred winLength samples. */
export function analysisWindow(config: Pick<FeatureConfig, 'window' | 'winLength' | 'nFft'>): Float64Array {
  const { winLength: n, nFft } = config;
  // Periodic windows divide by n, not n - 1: the window is one period of a cosine, as an FFT frame expects.
  const a0 = config.window === 'hamming' ? 0.54 : 0.5;
  const w = new Float64Array(nFft);
  const left = Math.floor((nFft - n) / 2);
  for (let i = 0; i < n; i++) w[left + i] = a0 - (1 - a0) * Math.cos((2 * Math.PI * i) / n);
  return w;
}

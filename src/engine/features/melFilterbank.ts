/**
 * The mel filterbank of librosa.filters.mel(htk=False, norm='slaney'): triangles on the Slaney mel scale (linear
 * below 1 kHz, logarithmic above), each scaled to unit area (2 / bandwidth in Hz). Each triangle covers only a
 * few FFT bins, so the bank is kept sparse (first bin and weights of each band); applying it costs about two
 * multiply-adds per bin instead of nMels per bin.
 */
import type { FeatureConfig } from './featureConfig';

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** Hz to Slaney mels (librosa.hz_to_mel, htk=False). */
export function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

/** Slaney mels to Hz (librosa.mel_to_hz, htk=False). */
export function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** Band edges in Hz: nMels + 2 points equally spaced in mels from fMin to fMax (librosa.mel_frequencies). */
export function melBandEdges(nMels: number, fMin: number, fMax: number): Float64Array {
  const lo = hzToMel(fMin);
  const hi = hzToMel(fMax);
  const edges = new Float64Array(nMels + 2);
  // numpy.linspace: start + i * step, with the last point exactly the end.
  const step = (hi - lo) / (nMels + 1);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHz(i === nMels + 1 ? hi : lo + i * step);
  return edges;
}

export interface MelFilterbank {
  nMels: number;
  /** FFT bins (nFft / 2 + 1) the bank reads. */
  nBins: number;
  /** First nonzero bin of band m. */
  first: Int32Array;
  /** Where band m's weights start in `weights`; band m has offset[m + 1] - offset[m] of them. */
  offset: Int32Array;
  weights: Float64Array;
}

export function melFilterbank(config: Pick<FeatureConfig, 'sampleRate' | 'nFft' | 'nMels' | 'fMin' | 'fMax'>): MelFilterbank {
  const { sampleRate, nFft, nMels } = config;
  const nBins = nFft / 2 + 1;
  const edges = melBandEdges(nMels, config.fMin, config.fMax);
  const first = new Int32Array(nMels);
  const offset = new Int32Array(nMels + 1);
  const rows: number[][] = [];
  for (let m = 0; m < nMels; m++) {
    const left = edges[m];
    const centre = edges[m + 1];
    const right = edges[m + 2];
    const norm = 2 / (right - left);
    const row: number[] = [];
    let start = -1;
    for (let k = 0; k < nBins; k++) {
      const f = (k * sampleRate) / nFft;
      // Same operations as librosa: the rising and falling ramps, clipped at zero, then the area norm.
      const w = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre))) * norm;
      if (w > 0) {
        if (start < 0) start = k;
        // Zeros inside the support cannot occur for a triangle; keep the run contiguous regardless.
        while (start + row.length < k) row.push(0);
        row.push(w);
      }
    }
    first[m] = start < 0 ? 0 : start;
    rows.push(row);
    offset[m + 1] = offset[m] + row.length;
  }
  const weights = new Float64Array(offset[nMels]);
  rows.forEach((row, m) => weights.set(row, offset[m]));
  return { nMels, nBins, first, offset, weights };
}

/** out[m] = sum over bins of band m's weights times power[bin]. */
export function applyMel(bank: MelFilterbank, power: Float64Array, out: Float64Array): void {
  const { first, offset, weights, nMels } = bank;
  for (let m = 0; m < nMels; m++) {
    const end = offset[m + 1];
    let k = first[m];
    let s = 0;
    for (let j = offset[m]; j < end; j++) s += weights[j] * power[k++];
    out[m] = s;
  }
}

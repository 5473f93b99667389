/**
 * Sample-rate conversion by a Kaiser-windowed sinc (see resampleKernel.ts): anti-aliased, unit gain in the
 * passband, >= 60 dB down from the lower Nyquist frequency on. Output sample j sits at input time j * from / to;
 * the signal is taken as zero outside the input.
 */
import { SerError } from '../errors';
import { resampleKernel } from './resampleKernel';

function checkRate(name: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new SerError('usage', undefined, `resample: ${name} rate ${rate} Hz must be a positive whole number`);
  }
}

/** Sum of x[start + k] * t[row + k] over the taps k whose input index lies inside x. */
function dot(x: Float32Array, start: number, t: Float32Array, row: number, taps: number): number {
  const k0 = start < 0 ? -start : 0;
  const k1 = Math.min(taps, x.length - start);
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = k0;
  // Four accumulators break the add dependency chain; this loop is the whole cost of resampling.
  for (; k + 3 < k1; k += 4) {
    const i = start + k;
    const r = row + k;
    a0 += x[i] * t[r];
    a1 += x[i + 1] * t[r + 1];
    a2 += x[i + 2] * t[r + 2];
    a3 += x[i + 3] * t[r + 3];
  }
  for (; k < k1; k++) a0 += x[start + k] * t[row + k];
  return a0 + a1 + (a2 + a3);
}

/**
 * Resamples `x` from `fromRate` to `toRate` Hz (positive integers). Output length is round(n * to / from);
 * equal rates return a copy.
 */
export function resample(x: Float32Array, fromRate: number, toRate: number): Float32Array {
  checkRate('source', fromRate);
  checkRate('target', toRate);
  if (fromRate === toRate) return x.slice();
  const n = x.length;
  const outLen = Math.round((n * toRate) / fromRate);
  const y = new Float32Array(outLen);
  if (n === 0) return y;

  const { l, m, taps, half, table, exact, phases } = resampleKernel(fromRate, toRate);
  const step = Math.floor(m / l);
  const stepRem = m % l;
  const fine = phases / l;
  let base = 0; // integer part of the input position, kept exactly as base + phase / l
  let phase = 0;
  for (let j = 0; j < outLen; j++) {
    const start = base - half + 1;
    if (exact) {
      y[j] = dot(x, start, table, phase * taps, taps);
    } else {
      const pos = phase * fine;
      const p = Math.floor(pos);
      const a = pos - p;
      const v0 = dot(x, start, table, p * taps, taps);
      const v1 = dot(x, start, table, (p + 1) * taps, taps);
      y[j] = v0 + a * (v1 - v0);
    }
    base += step;
    phase += stepRem;
    if (phase >= l) {
      phase -= l;
      base++;
    }
  }
  return y;
}

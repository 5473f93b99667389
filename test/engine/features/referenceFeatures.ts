// Independent reference implementations for the feature tests: the textbook formulas, written for clarity with
// no shared code from src/engine/features (naive O(N^2) DFT, explicit Slaney mel triangles, direct DCT sums).
import type { FeatureConfig } from '../../../src/engine/features/featureConfig';
import { Prng } from '../../../src/engine/demo/prng';

export function sine(n: number, rate: number, hz: number, amp = 0.5, phase = 0): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate + phase));
}

/** Linear chirp from f0 to f1 Hz over the signal. */
export function chirp(n: number, rate: number, f0: number, f1: number, amp = 0.5): Float32Array {
  const T = n / rate;
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / rate;
    return amp * Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * T)));
  });
}

export function noise(n: number, seed: number, amp = 0.3): Float32Array {
  const r = new Prng(seed);
  return Float32Array.from({ length: n }, () => amp * (2 * r.next() - 1));
}

export function mix(...xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs[0].length);
  for (const x of xs) for (let i = 0; i < out.length; i++) out[i] += x[i];
  return out;
}

function slaneyMel(hz: number): number {
  // 3 mels per 200 Hz below 1 kHz; above, 27 mels per factor 6.4 (Slaney's Auditory Toolbox).
  return hz < 1000 ? (3 * hz) / 200 : 15 + (27 * Math.log(hz / 1000)) / Math.log(6.4);
}

function slaneyHz(mel: number): number {
  return mel < 15 ? (200 * mel) / 3 : 1000 * Math.pow(6.4, (mel - 15) / 27);
}

/** weights[m][k] of the Slaney-normalised triangles. */
export function referenceMelWeights(c: FeatureConfig): number[][] {
  const lo = slaneyMel(c.fMin);
  const hi = slaneyMel(c.fMax);
  const edges = Array.from({ length: c.nMels + 2 }, (_, i) => slaneyHz(lo + ((hi - lo) * i) / (c.nMels + 1)));
  const rows: number[][] = [];
  for (let m = 0; m < c.nMels; m++) {
    const [l, ctr, r] = [edges[m], edges[m + 1], edges[m + 2]];
    const row: number[] = [];
    for (let k = 0; k <= c.nFft / 2; k++) {
      const f = (k * c.sampleRate) / c.nFft;
      let w = 0;
      if (f > l && f <= ctr) w = (f - l) / (ctr - l);
      else if (f > ctr && f < r) w = (r - f) / (r - ctr);
      row.push((w * 2) / (r - l));
    }
    rows.push(row);
  }
  return rows;
}

function windowValue(c: FeatureConfig, i: number): number {
  const left = Math.floor((c.nFft - c.winLength) / 2);
  const j = i - left;
  if (j < 0 || j >= c.winLength) return 0;
  const a = c.window === 'hamming' ? 0.54 : 0.5;
  return a - (1 - a) * Math.cos((2 * Math.PI * j) / c.winLength);
}

function padded(x: Float32Array, c: FeatureConfig): number[] {
  if (!c.center) return Array.from(x);
  const p = c.nFft / 2;
  const n = x.length;
  const at = (i: number): number => {
    if (i >= 0 && i < n) return x[i];
    if (c.padMode === 'constant') return 0;
    // numpy reflect: mirror about the end samples, without repeating them.
    let j = i;
    while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
    return x[j];
  };
  return Array.from({ length: n + 2 * p }, (_, i) => at(i - p));
}

/** |DFT|^2 of every frame, by the definition. */
export function referencePower(x: Float32Array, c: FeatureConfig): number[][] {
  const y = padded(x, c);
  const N = c.nFft;
  const cos = Array.from({ length: N }, (_, i) => Math.cos((2 * Math.PI * i) / N));
  const sin = Array.from({ length: N }, (_, i) => Math.sin((2 * Math.PI * i) / N));
  const out: number[][] = [];
  for (let start = 0; start + N <= y.length; start += c.hopLength) {
    const frame = Array.from({ length: N }, (_, i) => y[start + i] * windowValue(c, i));
    const row: number[] = [];
    for (let k = 0; k <= N / 2; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < N; i++) {
        re += frame[i] * cos[(k * i) % N];
        im -= frame[i] * sin[(k * i) % N];
      }
      row.push(re * re + im * im);
    }
    out.push(row);
  }
  return out;
}

export function referenceLogMel(x: Float32Array, c: FeatureConfig): number[][] {
  const weights = referenceMelWeights(c);
  return referencePower(x, c).map((p) => weights.map((w) => Math.log(w.reduce((s, wk, k) => s + wk * p[k], 0) + c.logFloor)));
}

/** DCT-II, orthonormal, first n coefficients of each row. */
export function referenceDct(rows: number[][], n: number): number[][] {
  return rows.map((x) => {
    const N = x.length;
    return Array.from({ length: n }, (_, k) => {
      let s = 0;
      for (let j = 0; j < N; j++) s += x[j] * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * N));
      return s * Math.sqrt((k === 0 ? 1 : 2) / N);
    });
  });
}

/**
 * Deltas by the HTK regression formula in the interior and librosa's 'interp' edge rule written out: a
 * least-squares line through the first (last) 2N+1 frames, its slope used for the first (last) N frames.
 */
export function referenceDeltas(rows: number[][], N: number): number[][] {
  const T = rows.length;
  const D = rows[0]?.length ?? 0;
  const slope = (from: number, count: number, d: number) => {
    const ts = Array.from({ length: count }, (_, i) => i);
    const mt = ts.reduce((a, b) => a + b, 0) / count;
    const my = ts.reduce((a, t) => a + rows[from + t][d], 0) / count;
    const sxx = ts.reduce((a, t) => a + (t - mt) ** 2, 0);
    return sxx === 0 ? 0 : ts.reduce((a, t) => a + (t - mt) * (rows[from + t][d] - my), 0) / sxx;
  };
  const W = 2 * N + 1;
  return rows.map((_, t) =>
    Array.from({ length: D }, (_, d) => {
      if (T < W) return slope(0, T, d);
      if (t < N) return slope(0, W, d);
      if (t >= T - N) return slope(T - W, W, d);
      let num = 0;
      let den = 0;
      for (let n = 1; n <= N; n++) {
        num += n * (rows[t + n][d] - rows[t - n][d]);
        den += 2 * n * n;
      }
      return num / den;
    }),
  );
}

/** Rows of a feature matrix as arrays, columns [from, from + count). */
export function rowsOf(m: { frames: number; dims: number; data: Float32Array }, from = 0, count = m.dims): number[][] {
  return Array.from({ length: m.frames }, (_, t) => Array.from(m.data.subarray(t * m.dims + from, t * m.dims + from + count)));
}

/** Largest |a - b| / max(1, |b|) over two equally shaped row lists (throws on shape mismatch). */
export function maxRelDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`frames differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  a.forEach((row, t) => {
    if (row.length !== b[t].length) throw new Error(`dims differ at frame ${t}`);
    row.forEach((v, d) => (worst = Math.max(worst, Math.abs(v - b[t][d]) / Math.max(1, Math.abs(b[t][d])))));
  });
  return worst;
}

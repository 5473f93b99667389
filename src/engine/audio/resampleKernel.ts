/**
 * Kaiser-windowed sinc low-pass kernels for the resampler, tabulated once per rate pair and cached.
 *
 * The cutoff (-6 dB point) is ROLLOFF x the lower Nyquist frequency and the stopband starts exactly at the lower
 * Nyquist, so nothing that would alias comes through above -STOPBAND_DB. For a ratio whose reduced form L/M
 * has few phases the table holds every phase exactly (polyphase); otherwise it holds FINE_PHASES phases and
 * the resampler interpolates between neighbouring ones.
 */
import { SerError } from '../errors';

/** Cutoff as a fraction of the lower Nyquist frequency (0.94). */
export const ROLLOFF = 0.94;
/** Design stopband attenuation in dB (70, leaving margin over the 60 dB required). */
export const STOPBAND_DB = 70;
/** Most phases tabulated exactly; ratios needing more use the fine table (1024). */
export const MAX_EXACT_PHASES = 1024;
/** Phases of the fine table for awkward ratios (1024, interpolated linearly). */
export const FINE_PHASES = 1024;
/** Most table entries (2M doubles, 16 MiB): extreme ratios get fewer interpolated phases instead. */
const MAX_TABLE = 1 << 21;
/** Kernels kept in the cache (8 rate pairs). */
const CACHE_SIZE = 8;

/** A tabulated kernel: row p holds the taps for output positions p/phases of the way between two inputs. */
export interface ResampleKernel {
  /** Output step in input samples is m / l exactly (the rate ratio from/to reduced). */
  l: number;
  m: number;
  /** Taps per row (even). Row taps apply to inputs base - half + 1 ... base + half. */
  taps: number;
  half: number;
  /** Rows in the table: l when exact, else FINE_PHASES (+1 row so interpolation can read p + 1). */
  phases: number;
  exact: boolean;
  table: Float32Array;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a stopband attenuation of `a` dB. */
function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
  return 0;
}

function design(from: number, to: number): ResampleKernel {
  const g = gcd(from, to);
  const l = to / g;
  const m = from / g;
  const r = Math.min(1, to / from);
  const fc = ROLLOFF * 0.5 * r; // cycles per input sample
  const transition = 2 * (0.5 * r - fc); // full transition width, cycles per input sample
  const length = (STOPBAND_DB - 7.95) / (14.36 * transition); // Kaiser's estimate of the filter length
  const width = length / 2; // half-length in input samples
  const half = Math.ceil(width);
  const taps = 2 * half;
  const beta = kaiserBeta(STOPBAND_DB);
  const i0b = besselI0(beta);
  if (taps * 8 > MAX_TABLE) {
    throw new SerError('usage', undefined, `resampling ${from} Hz to ${to} Hz needs a ${taps}-tap filter; the ratio is too extreme`);
  }
  const exact = l <= MAX_EXACT_PHASES && l * taps <= MAX_TABLE;
  const phases = exact ? l : Math.min(FINE_PHASES, Math.floor(MAX_TABLE / taps) - 1);
  const rows = exact ? phases : phases + 1;
  const table = new Float32Array(rows * taps);
  for (let p = 0; p < rows; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const t = frac + half - 1 - k;
      const u = t / width;
      let h = 0;
      if (u > -1 && u < 1) {
        const x = 2 * fc * t;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        h = 2 * fc * sinc * (besselI0(beta * Math.sqrt(1 - u * u)) / i0b);
      }
      table[p * taps + k] = h;
      sum += h;
    }
    // Unit gain at DC for every phase, so a constant stays constant whatever the fractional position.
    for (let k = 0; k < taps; k++) table[p * taps + k] /= sum;
  }
  return { l, m, taps, half, phases, exact, table };
}

const cache = new Map<string, ResampleKernel>();

/** The kernel for resampling integer rates `from` -> `to` Hz, designed on first use and cached. */
export function resampleKernel(from: number, to: number): ResampleKernel {
  const key = `${from}>${to}`;
  let k = cache.get(key);
  if (k) {
    cache.delete(key); // re-insert: Map order doubles as least-recently-used order
  } else {
    k = design(from, to);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, k);
  return k;
}

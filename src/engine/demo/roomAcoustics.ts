/**
 * The recording: speech level, a little reverberation (a Schroeder reverberator: four combs and two all-passes)
 * and a background noise floor at a fixed level, so soft utterances get a worse signal-to-noise ratio than loud
 * ones, as in a real room. A soft limiter keeps every sample inside [-1, 1] without hard clipping.
 */
import type { Prng } from './prng';

/** Where an utterance is recorded. */
export interface RoomSettings {
  /** Background noise floor, dBFS RMS; -Infinity for none. */
  noiseDb: number;
  /** Reverberant share of the energy, 0..1. */
  reverb: number;
  /** Reverberation time, seconds. Default 0.35. */
  rt60?: number;
}

/** A clean studio: no noise, no reverberation. */
export const DRY_ROOM: RoomSettings = { noiseDb: -Infinity, reverb: 0 };

const dbToGain = (db: number) => 10 ** (db / 20);

/** RMS over the frames within 35 dB of the loudest, so pauses and silence padding do not lower the level. */
export function activeRms(x: Float32Array, sampleRate: number): number {
  const frame = Math.max(1, Math.round(sampleRate * 0.02));
  const energies: number[] = [];
  for (let s = 0; s + frame <= x.length; s += frame) {
    let e = 0;
    for (let i = s; i < s + frame; i++) e += x[i] * x[i];
    energies.push(e / frame);
  }
  if (energies.length === 0) return 0;
  const floor = Math.max(...energies) * 10 ** (-35 / 10);
  let sum = 0;
  let count = 0;
  for (const e of energies) {
    if (e >= floor) {
      sum += e;
      count++;
    }
  }
  return count ? Math.sqrt(sum / count) : 0;
}

/** Scales `x` in place so its active RMS is `db` dBFS. */
export function setLevel(x: Float32Array, sampleRate: number, db: number): void {
  const rms = activeRms(x, sampleRate);
  if (rms === 0) return;
  const g = dbToGain(db) / rms;
  for (let i = 0; i < x.length; i++) x[i] *= g;
}

/** Comb delays (ms): mutually prime-ish so their echoes do not pile up on one period (Schroeder 1962). */
const COMBS = [29.7, 37.1, 41.1, 43.7];
const ALLPASSES = [5, 1.7];

/** Adds reverberation in place, keeping the total energy of the speech about the same. One pass over the signal. */
export function addReverb(x: Float32Array, sampleRate: number, share: number, rt60 = 0.35): void {
  if (share <= 0) return;
  const len = (ms: number) => Math.max(1, Math.round((ms / 1000) * sampleRate));
  const [d0, d1, d2, d3] = COMBS.map(len);
  const [g0, g1, g2, g3] = COMBS.map((ms) => 10 ** ((-3 * ms) / 1000 / rt60));
  const [e0, e1] = ALLPASSES.map(len);
  const c0 = new Float32Array(d0), c1 = new Float32Array(d1), c2 = new Float32Array(d2), c3 = new Float32Array(d3);
  const a0 = new Float32Array(e0), a1 = new Float32Array(e1);
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0;
  const wet = new Float32Array(x.length);
  let ex = 0;
  let ew = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const y0 = c0[p0], y1 = c1[p1], y2 = c2[p2], y3 = c3[p3];
    c0[p0] = v + g0 * y0; c1[p1] = v + g1 * y1; c2[p2] = v + g2 * y2; c3[p3] = v + g3 * y3;
    if (++p0 === d0) p0 = 0;
    if (++p1 === d1) p1 = 0;
    if (++p2 === d2) p2 = 0;
    if (++p3 === d3) p3 = 0;
    let w = y0 + y1 + y2 + y3;
    const b0 = a0[q0];
    const u0 = w + 0.7 * b0;
    a0[q0] = u0;
    w = b0 - 0.7 * u0;
    if (++q0 === e0) q0 = 0;
    const b1 = a1[q1];
    const u1 = w + 0.7 * b1;
    a1[q1] = u1;
    w = b1 - 0.7 * u1;
    if (++q1 === e1) q1 = 0;
    wet[i] = w;
    ex += v * v;
    ew += w * w;
  }
  if (ew === 0) return;
  const gd = Math.sqrt(1 - share);
  const gw = Math.sqrt((share * ex) / ew);
  for (let i = 0; i < x.length; i++) x[i] = gd * x[i] + gw * wet[i];
}

/** Adds a pinkish noise floor (white plus low-passed white) at `db` dBFS RMS. */
export function addNoise(x: Float32Array, db: number, rng: Prng): void {
  if (!Number.isFinite(db)) return;
  const g = dbToGain(db);
  let lp = 0;
  // White noise has RMS 1/sqrt(3); the low-passed part adds low-frequency rumble of about the same energy.
  const scale = g * Math.sqrt(3) * 0.7;
  for (let i = 0; i < x.length; i++) {
    const w = 2 * rng.next() - 1;
    lp = 0.97 * lp + 0.03 * (2 * rng.next() - 1);
    x[i] += scale * (w + 5.7 * lp);
  }
}

/** Soft-limits in place above 0.7 so no sample reaches full scale. */
export function softLimit(x: Float32Array): void {
  const knee = 0.7;
  const room = 0.29;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > knee) x[i] = Math.sign(x[i]) * (knee + room * Math.tanh((a - knee) / room));
  }
}

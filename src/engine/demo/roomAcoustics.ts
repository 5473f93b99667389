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

/** Adds reverberation in place, keeping the total energy of the speech about the same. */
export function addReverb(x: Float32Array, sampleRate: number, share: number, rt60 = 0.35): void {
  if (share <= 0) return;
  const wet = new Float32Array(x.length);
  for (const ms of [29.7, 37.1, 41.1, 43.7]) {
    const d = Math.max(1, Math.round((ms / 1000) * sampleRate));
    const g = 10 ** ((-3 * ms) / 1000 / rt60);
    const buf = new Float32Array(d);
    let p = 0;
    for (let i = 0; i < x.length; i++) {
      const y = buf[p];
      buf[p] = x[i] + g * y;
      wet[i] += y;
      p = p + 1 === d ? 0 : p + 1;
    }
  }
  for (const ms of [5, 1.7]) {
    const d = Math.max(1, Math.round((ms / 1000) * sampleRate));
    const buf = new Float32Array(d);
    let p = 0;
    for (let i = 0; i < wet.length; i++) {
      const v = buf[p];
      const w = wet[i] + 0.7 * v;
      buf[p] = w;
      wet[i] = v - 0.7 * w;
      p = p + 1 === d ? 0 : p + 1;
    }
  }
  let ex = 0;
  let ew = 0;
  for (let i = 0; i < x.length; i++) {
    ex += x[i] * x[i];
    ew += wet[i] * wet[i];
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

/**
 * The source-filter renderer (after Klatt 1980): a Rosenberg glottal pulse at the F0 track with jitter, shimmer,
 * creak and aspiration noise, tilted by a one-pole low-pass (vocal effort), through a cascade of five formant
 * resonators; frication noise through its own band-pass in parallel. Coefficients change once per frame and
 * amplitudes ramp per sample, so a second of speech costs a few million multiply-adds.
 */
import type { Prng } from './prng';
import type { FrameTracks } from './frameTracks';

/** Voice quality of one utterance (see ProsodyParams for the units). */
export interface VoiceQuality {
  jitter: number;
  shimmer: number;
  breathiness: number;
  effort: number;
}

/** Glottal-flow derivative per millisecond rather than per sample, so the level does not depend on the rate. */
const DERIVATIVE_SCALE = 1 / 1000;
/** Frication gain: the band-pass has unit peak gain, so noise needs this to sit 10-15 dB under a vowel. */
const FRICATION_GAIN = 2.5;
const ASPIRATION_GAIN = 0.5;

/** Renders the tracks to samples (unnormalised level). Draws from `rng` twice at the start and 2-3 times per glottal period. */
export function renderSourceFilter(t: FrameTracks, q: VoiceQuality, rng: Prng): Float32Array {
  const fs = t.sampleRate;
  const hop = t.hop;
  const out = new Float32Array(t.frames * hop);
  // Pressed voice: short open phase and an abrupt closure (strong harmonics); breathy voice: long, gentle.
  const oq = Math.min(0.9, Math.max(0.3, 0.55 - 0.1 * q.effort + 0.3 * q.breathiness));
  const rn = oq * Math.min(0.45, Math.max(0.12, 0.3 - 0.08 * q.effort));
  const rp = oq - rn;
  const tilt = Math.min(0.85, Math.max(0, 0.25 - 0.2 * q.effort + 0.4 * q.breathiness));
  const tiltB = 1 - tilt;
  const breath = q.breathiness * ASPIRATION_GAIN;
  const dScale = fs * DERIVATIVE_SCALE;
  const invFs = 1 / fs;
  const f5 = Math.min(4500, 0.42 * fs);

  let ns = ((rng.next() * 4294967296) >>> 0) || 0x9e3779b9;
  let phase = rng.next();
  let periodF0 = t.f0[0];
  let amp = 1;
  let uPrev = 0;
  let src = 0;
  let alternate = 1;
  let y11 = 0, y12 = 0, y21 = 0, y22 = 0, y31 = 0, y32 = 0, y41 = 0, y42 = 0, y51 = 0, y52 = 0;
  let fx1 = 0, fx2 = 0, fy1 = 0, fy2 = 0;
  // F5 is fixed: its only job is the spectral balance above F4.
  const c5 = -Math.exp(-2 * Math.PI * 350 * invFs);
  const b5 = 2 * Math.exp(-Math.PI * 350 * invFs) * Math.cos(2 * Math.PI * f5 * invFs);
  const a5 = 1 - b5 - c5;

  for (let k = 0; k < t.frames; k++) {
    const k1 = k + 1 < t.frames ? k + 1 : k;
    const coef = (f: number, bw: number): [number, number, number] => {
      const c = -Math.exp(-2 * Math.PI * bw * invFs);
      const b = 2 * Math.exp(-Math.PI * bw * invFs) * Math.cos(2 * Math.PI * Math.min(f, 0.45 * fs) * invFs);
      return [1 - b - c, b, c];
    };
    const [a1, b1, c1] = coef(t.formants[0][k], t.bandwidths[0][k]);
    const [a2, b2, c2] = coef(t.formants[1][k], t.bandwidths[1][k]);
    const [a3, b3, c3] = coef(t.formants[2][k], t.bandwidths[2][k]);
    const [a4, b4, c4] = coef(t.formants[3][k], t.bandwidths[3][k]);
    const r = Math.exp(-Math.PI * t.fricBandwidth[k] * invFs);
    const fa1 = -2 * r * Math.cos(2 * Math.PI * t.fricCentre[k] * invFs);
    const fa2 = r * r;
    const fb0 = (1 - r * r) / 2;

    let av = t.voicing[k];
    let ah = t.aspiration[k];
    let af = t.frication[k] * FRICATION_GAIN;
    let f0 = t.f0[k];
    const dav = (t.voicing[k1] - av) / hop;
    const dah = (t.aspiration[k1] - ah) / hop;
    const daf = (t.frication[k1] * FRICATION_GAIN - af) / hop;
    const df0 = (t.f0[k1] - f0) / hop;
    const creak = t.creak[k];
    const base = k * hop;

    for (let i = 0; i < hop; i++) {
      phase += periodF0 * invFs;
      if (phase >= 1) {
        phase -= 1;
        // A new glottal period: perturb its length and amplitude; creak halves the rate irregularly.
        const jit = q.jitter * (creak > 0.3 ? 4 : 1);
        periodF0 = f0 * (1 + jit * rng.normal());
        amp = 1 + q.shimmer * rng.normal();
        if (creak > 0.3) {
          periodF0 *= 1 / (1.7 + 0.6 * rng.next());
          alternate = -alternate;
          amp *= 1 + 0.35 * alternate * creak;
        }
        if (periodF0 < 30) periodF0 = 30;
      }
      // Rosenberg flow: cubic opening, quadratic closing, then closed.
      let u = 0;
      if (phase < rp) {
        const x = phase / rp;
        u = x * x * (3 - 2 * x);
      } else if (phase < oq) {
        const y = (phase - rp) / rn;
        u = 1 - y * y;
      }
      const d = (u - uPrev) * dScale;
      uPrev = u;
      src += tiltB * (d - src);
      ns ^= ns << 13;
      ns ^= ns >>> 17;
      ns ^= ns << 5;
      const noise = (ns | 0) * 4.656612873077393e-10;
      const exc = av * amp * src + (ah + av * breath * (0.3 + u)) * noise;
      const o1 = a1 * exc + b1 * y11 + c1 * y12; y12 = y11; y11 = o1;
      const o2 = a2 * o1 + b2 * y21 + c2 * y22; y22 = y21; y21 = o2;
      const o3 = a3 * o2 + b3 * y31 + c3 * y32; y32 = y31; y31 = o3;
      const o4 = a4 * o3 + b4 * y41 + c4 * y42; y42 = y41; y41 = o4;
      const o5 = a5 * o4 + b5 * y51 + c5 * y52; y52 = y51; y51 = o5;
      const fx = af * noise;
      const fo = fb0 * (fx - fx2) - fa1 * fy1 - fa2 * fy2;
      fx2 = fx1; fx1 = fx; fy2 = fy1; fy1 = fo;
      out[base + i] = o5 + fo;
      av += dav;
      ah += dah;
      af += daf;
      f0 += df0;
    }
  }
  return out;
}

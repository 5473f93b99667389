/**
 * Frame-level synthesis parameters: what the source-filter renderer reads every hop (2.5 ms). Formants and
 * amplitudes are laid down as per-segment targets, then smoothed so transitions glide the way articulators do.
 */

/** One frame per `hop` samples. Amplitudes are linear, relative to a stressed vowel's voicing (1). */
export interface FrameTracks {
  sampleRate: number;
  /** Samples per frame. */
  hop: number;
  frames: number;
  /** F1-F4 and B1-B4, Hz. */
  formants: [Float32Array, Float32Array, Float32Array, Float32Array];
  bandwidths: [Float32Array, Float32Array, Float32Array, Float32Array];
  /** Voicing amplitude. */
  voicing: Float32Array;
  /** Aspiration noise fed through the formant cascade (/h/, plosive aspiration). */
  aspiration: Float32Array;
  /** Frication noise through its own resonance (fricatives, bursts). */
  frication: Float32Array;
  /** Frication resonance centre and bandwidth, Hz. */
  fricCentre: Float32Array;
  fricBandwidth: Float32Array;
  /** Fundamental frequency, Hz (defined everywhere; voicing decides where it sounds). */
  f0: Float32Array;
  /** Creaky voice, 0..1. */
  creak: Float32Array;
}

/** Frame hop, seconds: fine enough for bursts, coarse enough that coefficient updates cost little. */
export const HOP_SECONDS = 0.0025;

export function allocateTracks(sampleRate: number, seconds: number): FrameTracks {
  const hop = Math.max(1, Math.round(sampleRate * HOP_SECONDS));
  const frames = Math.max(2, Math.ceil((seconds * sampleRate) / hop));
  const a = () => new Float32Array(frames);
  return {
    sampleRate, hop, frames,
    formants: [a(), a(), a(), a()],
    bandwidths: [a(), a(), a(), a()],
    voicing: a(), aspiration: a(), frication: a(), fricCentre: a(), fricBandwidth: a(), f0: a(), creak: a(),
  };
}

/**
 * Zero-phase smoothing (a one-pole low-pass run forwards then backwards) with time constant `tau` seconds.
 * Used for formant glides (tens of ms) and amplitude ramps (a few ms, so onsets do not click).
 */
export function smoothTrack(x: Float32Array, tau: number, frameSeconds: number): void {
  if (tau <= 0 || x.length < 2) return;
  const a = Math.exp(-frameSeconds / tau);
  let y = x[0];
  for (let i = 0; i < x.length; i++) x[i] = y = a * y + (1 - a) * x[i];
  y = x[x.length - 1];
  for (let i = x.length - 1; i >= 0; i--) x[i] = y = a * y + (1 - a) * x[i];
}

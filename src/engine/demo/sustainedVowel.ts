/**
 * A steady vowel at a fixed F0, straight from the renderer: the calibration signal for checking that the
 * synthesiser puts F0 and formants where it is told (tests, sanity statistics).
 */
import { Prng } from './prng';
import { phone } from './phones';
import { allocateTracks } from './frameTracks';
import { renderSourceFilter, type VoiceQuality } from './sourceFilter';
import { setLevel } from './roomAcoustics';
import { DEFAULT_SAMPLE_RATE, REFERENCE_LEVEL_DB } from './synthesizer';

export interface SustainedVowelOptions {
  /** Vowel symbol from phones.ts. Default 'a'. */
  vowel?: string;
  /** Hz. Default 120. */
  f0?: number;
  /** Default 0.5. */
  seconds?: number;
  /** Default 16000. */
  sampleRate?: number;
  /** Formant multiplier (vocal-tract length). Default 1. */
  formantScale?: number;
  /** Default: modal voice (jitter 0.5 %, shimmer 3 %, breathiness 0.05, effort 0). */
  voice?: Partial<VoiceQuality>;
  /** Default 1. */
  seed?: number;
}

/** The vowel at REFERENCE_LEVEL_DB, with 20 ms on- and offset ramps. */
export function sustainedVowel(options: SustainedVowelOptions = {}): Float32Array {
  const rate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
  const seconds = options.seconds ?? 0.5;
  const v = phone(options.vowel ?? 'a');
  const scale = options.formantScale ?? 1;
  const t = allocateTracks(rate, seconds);
  const ramp = Math.max(1, Math.round(0.02 / (t.hop / rate)));
  for (let k = 0; k < t.frames; k++) {
    for (let j = 0; j < 4; j++) {
      t.formants[j][k] = v.formants[j] * scale;
      t.bandwidths[j][k] = v.bandwidths[j];
    }
    t.voicing[k] = Math.min(1, k / ramp, (t.frames - 1 - k) / ramp);
    t.f0[k] = options.f0 ?? 120;
    t.fricCentre[k] = 3000;
    t.fricBandwidth[k] = 1000;
  }
  const voice: VoiceQuality = { jitter: 0.005, shimmer: 0.03, breathiness: 0.05, effort: 0, ...options.voice };
  const x = renderSourceFilter(t, voice, new Prng(options.seed ?? 1)).slice(0, Math.round(seconds * rate));
  setLevel(x, rate, REFERENCE_LEVEL_DB);
  return x;
}

/**
 * Realising an emotion: class means (EMOTION_DELTAS, exaggerated at low difficulty and pulled towards neutral at high), the speaker's
 * expressiveness, personal style and habits, and random utterance-to-utterance variation. Ambiguous utterances
 * blend two emotions.
 */
import type { Prng } from './prng';
import type { DifficultyKnobs } from './difficulty';
import { styleOffset, type SpeakerTraits } from './speaker';
import {
  EMOTION_DELTAS, NEUTRAL_PROSODY, PROSODY_KEYS, PROSODY_LIMITS, PROSODY_SPREAD, type Emotion, type ProsodyParams,
} from './emotionProfiles';

/** What an utterance expresses: one emotion, or a blend of two. */
export interface EmotionMix {
  primary: Emotion;
  /** The second emotion of an ambiguous utterance. */
  secondary?: Emotion;
  /** Share of `secondary`, 0..0.5 (0 when absent). */
  blend?: number;
}

/** How strongly a shared arousal fluctuation moves the arousal-related parameters (per unit of arousal). */
const AROUSAL: Partial<Record<keyof ProsodyParams, number>> = { f0Shift: 1.5, intensity: 2.5, effort: 0.35, rate: 0.04, f0Range: 0.1 };

/** The prosody of one utterance of `mix` by `speaker`; draws a fixed number of values from `rng`. */
export function realiseProsody(mix: EmotionMix, speaker: SpeakerTraits, knobs: DifficultyKnobs, rng: Prng): ProsodyParams {
  const w = mix.secondary ? Math.min(0.5, Math.max(0, mix.blend ?? 0.5)) : 0;
  const primaryStyle = styleOffset(speaker, mix.primary, knobs);
  const secondaryStyle = mix.secondary ? styleOffset(speaker, mix.secondary, knobs) : primaryStyle;
  const dp = EMOTION_DELTAS[mix.primary];
  const ds = mix.secondary ? EMOTION_DELTAS[mix.secondary] : dp;
  // Arousal varies within a class too (a mildly vs a very angry line) and moves several cues together, which is
  // what makes neighbouring classes overlap along the arousal axis instead of on independent dimensions.
  const arousal = 0.6 * knobs.spread * rng.normal();
  const out = {} as ProsodyParams;
  for (const k of PROSODY_KEYS) {
    const delta = (1 - w) * (dp[k] ?? 0) + w * (ds[k] ?? 0);
    const style = (1 - w) * primaryStyle[k] + w * secondaryStyle[k];
    const noise = knobs.spread * PROSODY_SPREAD[k] * rng.normal();
    out[k] = NEUTRAL_PROSODY[k] + delta * knobs.separation * speaker.expressiveness + style + noise + arousal * (AROUSAL[k] ?? 0);
  }
  out.intensity += speaker.loudness;
  out.effort += speaker.effort;
  out.rate *= speaker.rate;
  out.breathiness += speaker.breathiness;
  out.f0Range *= speaker.range;
  for (const k of PROSODY_KEYS) {
    const [lo, hi] = PROSODY_LIMITS[k];
    out[k] = Math.min(hi, Math.max(lo, out[k]));
  }
  return out;
}

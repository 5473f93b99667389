/**
 * Speakers: the habitual voice an actor brings to every utterance (gender's F0, vocal-tract length, effort,
 * loudness, tempo, breathiness) and the personal way they act each emotion. Both confound emotion cues, as in
 * real corpora: a loud speaker's neutral can sound like a soft speaker's anger.
 */
import { Prng } from './prng';
import { seedFrom } from './seeds';
import type { DifficultyKnobs } from './difficulty';
import { PROSODY_KEYS, PROSODY_SPREAD, type Emotion, type ProsodyParams } from './emotionProfiles';

export interface SpeakerTraits {
  id: string;
  gender: 'F' | 'M';
  /** Habitual F0, Hz (men around 115, women around 210). */
  f0: number;
  /** Formant multiplier from vocal-tract length: about 1.0 for men, 1.16 for women (shorter tracts). */
  formantScale: number;
  /** Habitual vocal effort, added to ProsodyParams.effort. */
  effort: number;
  /** Habitual level, dB added to ProsodyParams.intensity. */
  loudness: number;
  /** Habitual speaking-rate multiplier. */
  rate: number;
  /** Habitual aspiration, added to ProsodyParams.breathiness. */
  breathiness: number;
  /** Habitual pitch-range multiplier. */
  range: number;
  /** How strongly this actor shows emotions: scales every departure from neutral (1 = average). */
  expressiveness: number;
  /** Seed of the speaker's personal emotion styles (see styleOffset). */
  styleSeed: number;
}

/** The speaker `id` of corpus `seed`: the same traits whenever the same id, gender, seed and knobs meet. */
export function makeSpeaker(id: string, gender: 'F' | 'M', seed: number, knobs: DifficultyKnobs): SpeakerTraits {
  const rng = new Prng(seedFrom(seed, 'speaker', id));
  const c = knobs.speakerConfound;
  const female = gender === 'F';
  return {
    id,
    gender,
    f0: (female ? 210 : 115) * 2 ** ((2 * rng.normal()) / 12),
    formantScale: (female ? 1.16 : 1.0) * 2 ** (0.05 * rng.normal()),
    effort: 0.3 * c * rng.normal(),
    loudness: 2.5 * c * rng.normal(),
    rate: Math.exp(0.08 * c * rng.normal()),
    breathiness: (female ? 0.05 : 0.02) + 0.04 * c * Math.abs(rng.normal()),
    range: Math.exp(0.15 * c * rng.normal()),
    expressiveness: Math.exp(knobs.expressivenessSpread * rng.normal()),
    styleSeed: seedFrom(seed, 'style', id),
  };
}

/**
 * The speaker's personal twist on `emotion` (one actor's anger is cold, another's shouts): a fixed offset per
 * speaker and emotion, drawn with PROSODY_SPREAD scaled by the speaker confound. Neutral gets half as much.
 */
export function styleOffset(speaker: SpeakerTraits, emotion: Emotion, knobs: DifficultyKnobs): ProsodyParams {
  const rng = new Prng(seedFrom(speaker.styleSeed, emotion));
  const size = knobs.speakerConfound * (emotion === 'neu' ? 0.5 : 1);
  const out = {} as ProsodyParams;
  for (const k of PROSODY_KEYS) out[k] = PROSODY_SPREAD[k] * size * rng.normal();
  return out;
}

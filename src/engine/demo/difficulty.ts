/**
 * The difficulty knob: one number in [0, 1] that decides how hard the emotions of a synthetic corpus are to tell
 * apart. 0 = far-apart class means, little spread, polite speakers, a clean room; 1 = class means pulled towards
 * neutral, wide within-class spread, speakers whose habits and personal styles confound the emotion cues, and
 * noise and reverberation smearing the spectrum.
 */
import { SerError } from '../errors';

export interface DifficultyKnobs {
  /** Share of each emotion's departure from neutral that is kept (1 at difficulty 0, 0.35 at 1). */
  separation: number;
  /** Multiplier of PROSODY_SPREAD for utterance-to-utterance variation (0.5 .. 1.5). */
  spread: number;
  /** Multiplier of speakers' habitual offsets and of their personal emotion styles (0.3 .. 1.3). */
  speakerConfound: number;
  /** Standard deviation of the log of a speaker's expressiveness (0.1 .. 0.35). */
  expressivenessSpread: number;
  /** Background noise floor, dBFS (-70 .. -42). */
  noiseDb: number;
  /** Reverberant share of the signal, 0..1 (0.03 .. 0.35). */
  reverb: number;
  /** Standard deviation of a session's recording gain, dB (0.5 .. 3.5). */
  sessionGainSpread: number;
}

/** Throws SerError 'usage' unless 0 <= d <= 1. */
export function checkDifficulty(d: number): void {
  if (!(d >= 0 && d <= 1)) throw new SerError('usage', undefined, `difficulty must be between 0 and 1 (got ${d})`);
}

export function difficultyKnobs(difficulty: number): DifficultyKnobs {
  checkDifficulty(difficulty);
  const d = difficulty;
  return {
    separation: 1 - 0.65 * d,
    spread: 0.5 + d,
    speakerConfound: 0.3 + d,
    expressivenessSpread: 0.1 + 0.25 * d,
    noiseDb: -70 + 28 * d,
    reverb: 0.03 + 0.32 * d,
    sessionGainSpread: 0.5 + 3 * d,
  };
}

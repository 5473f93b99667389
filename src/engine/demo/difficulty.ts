/**
 * The difficulty knob: one number in [0, 1] that decides how hard the emotions of a synthetic corpus are to tell
 * apart. 0 = caricatured, far-apart emotions, little spread, polite speakers, a clean room; 0.5 = effects of the
 * size the literature reports, with speakers and sessions confounding them about as much as in acted corpora
 * (an MFCC-statistics SVM scores about as on real EmoDB); 1 = class means pulled towards neutral, wide
 * within-class spread, speakers whose habits and personal styles swamp the emotion cues, noise and reverberation.
 */
import { SerError } from '../errors';

export interface DifficultyKnobs {
  /** Multiplier of each emotion's departure from neutral (1.6 at difficulty 0, 1.15 at 0.5, 0.4 at 1). */
  separation: number;
  /** Multiplier of PROSODY_SPREAD for utterance-to-utterance variation (0.25, 0.5, 1.4). */
  spread: number;
  /** Multiplier of speakers' habitual offsets and of their personal emotion styles (0.1, 0.4, 1.2). */
  speakerConfound: number;
  /** Standard deviation of the log of a speaker's expressiveness (0.05, 0.12, 0.35). */
  expressivenessSpread: number;
  /** Background noise floor, dBFS (-75, -60, -42). */
  noiseDb: number;
  /** Reverberant share of the signal, 0..1 (0.02, 0.1, 0.35). */
  reverb: number;
  /** Standard deviation of a session's recording gain, dB (0.3, 1.2, 3.5). */
  sessionGainSpread: number;
}

/** Each knob at difficulty 0, 0.5 and 1; interpolated linearly in between (calibrated with bench/quality's SVM). */
const ANCHORS: Readonly<Record<keyof DifficultyKnobs, readonly [number, number, number]>> = {
  separation: [1.6, 1.15, 0.4],
  spread: [0.25, 0.5, 1.4],
  speakerConfound: [0.1, 0.4, 1.2],
  expressivenessSpread: [0.05, 0.12, 0.35],
  noiseDb: [-75, -60, -42],
  reverb: [0.02, 0.1, 0.35],
  sessionGainSpread: [0.3, 1.2, 3.5],
};

/** Throws SerError 'usage' unless 0 <= d <= 1. */
export function checkDifficulty(d: number): void {
  if (!(d >= 0 && d <= 1)) throw new SerError('usage', undefined, `difficulty must be between 0 and 1 (got ${d})`);
}

export function difficultyKnobs(difficulty: number): DifficultyKnobs {
  checkDifficulty(difficulty);
  const half = difficulty <= 0.5;
  const t = half ? difficulty / 0.5 : (difficulty - 0.5) / 0.5;
  const out = {} as DifficultyKnobs;
  for (const k of Object.keys(ANCHORS) as (keyof DifficultyKnobs)[]) {
    const [a, b, c] = ANCHORS[k];
    out[k] = half ? a + (b - a) * t : b + (c - b) * t;
  }
  return out;
}

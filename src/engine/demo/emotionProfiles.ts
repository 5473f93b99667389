/**
 * Emotion prosody models: how each emotion moves the voice away from neutral speech. The directions and rough
 * sizes follow Murray & Arnott (1993, "Toward the simulation of emotion in synthetic speech"), Banse & Scherer
 * (1996) and Scherer (2003): anger and excitement loud, high, wide and bright; sadness and boredom low, narrow,
 * slow, soft and lax; fear high, fast, breathy and irregular; disgust slow with wide falling terminals. Close
 * pairs (hap/exc, sad/bor, neu/fru, ang/exc) are deliberately close, as they are in real corpora.
 */

/** Emotion codes the synthesiser can speak (the dataset layer's normalised codes). */
export type Emotion = 'neu' | 'ang' | 'hap' | 'sad' | 'fea' | 'dis' | 'bor' | 'exc' | 'fru';
export const EMOTIONS: readonly Emotion[] = ['neu', 'ang', 'hap', 'sad', 'fea', 'dis', 'bor', 'exc', 'fru'];

/** How one utterance is spoken, relative to the speaker's habitual voice. */
export interface ProsodyParams {
  /** Mean F0 shift, semitones. */
  f0Shift: number;
  /** Pitch-accent size multiplier (1 = neutral range). */
  f0Range: number;
  /** F0 declination within a phrase, semitones per second (negative falls). */
  declination: number;
  /** Pitch-accent duration, seconds; short = abrupt changes. */
  accentWidth: number;
  /** Accent shape from -1 (falls, downward inflections) to +1 (rises, upward inflections). */
  accentSkew: number;
  /** Boundary tone at a phrase end, semitones (negative = final fall). */
  finalMovement: number;
  /** Irregular 5-8 Hz F0 modulation, semitones. */
  f0Tremor: number;
  /** Speaking-rate multiplier (>1 faster). */
  rate: number;
  /** Speech level, dB relative to neutral. */
  intensity: number;
  /** Syllable-to-syllable level variation, dB (standard deviation). */
  intensityVar: number;
  /** Vocal effort: + pressed and bright (flatter spectral tilt, higher F1), - lax and dark. */
  effort: number;
  /** Period-to-period F0 perturbation, fraction (0.01 = 1 %). */
  jitter: number;
  /** Period-to-period amplitude perturbation, fraction. */
  shimmer: number;
  /** Aspiration noise relative to voicing, 0..1. */
  breathiness: number;
  /** Chance that a phrase ends in creaky voice, 0..1. */
  creak: number;
  /** Chance of a pause at a word boundary (phrase boundaries are likelier). */
  pauseRate: number;
  /** Mean pause, seconds. */
  pauseLength: number;
  /** Articulatory precision: 1 = normal, <1 slurred (vowels undershoot), >1 hyper-articulated. */
  articulation: number;
  /** F2/F3 multiplier (lip spreading of a smile >1, rounding <1). */
  formantShift: number;
}

export type ProsodyKey = keyof ProsodyParams;
export const PROSODY_KEYS: readonly ProsodyKey[] = [
  'f0Shift', 'f0Range', 'declination', 'accentWidth', 'accentSkew', 'finalMovement', 'f0Tremor', 'rate', 'intensity',
  'intensityVar', 'effort', 'jitter', 'shimmer', 'breathiness', 'creak', 'pauseRate', 'pauseLength', 'articulation',
  'formantShift',
];

/** Neutral read speech. */
export const NEUTRAL_PROSODY: Readonly<ProsodyParams> = {
  f0Shift: 0, f0Range: 1, declination: -1.5, accentWidth: 0.25, accentSkew: 0, finalMovement: -3, f0Tremor: 0,
  rate: 1, intensity: 0, intensityVar: 2, effort: 0, jitter: 0.01, shimmer: 0.04, breathiness: 0.1, creak: 0.1,
  pauseRate: 0.12, pauseLength: 0.25, articulation: 1, formantShift: 1,
};

/** Natural utterance-to-utterance spread of each parameter within one emotion of one speaker (one s.d.). */
export const PROSODY_SPREAD: Readonly<ProsodyParams> = {
  f0Shift: 1.2, f0Range: 0.15, declination: 0.5, accentWidth: 0.04, accentSkew: 0.2, finalMovement: 1.5, f0Tremor: 0.08,
  rate: 0.07, intensity: 1.5, intensityVar: 0.5, effort: 0.2, jitter: 0.003, shimmer: 0.01, breathiness: 0.04,
  creak: 0.05, pauseRate: 0.05, pauseLength: 0.05, articulation: 0.08, formantShift: 0.015,
};

/** Physically sensible bounds, applied after every random draw. */
export const PROSODY_LIMITS: Readonly<Record<ProsodyKey, readonly [number, number]>> = {
  f0Shift: [-9, 12], f0Range: [0.15, 2.5], declination: [-5, 2], accentWidth: [0.08, 0.5], accentSkew: [-1, 1],
  finalMovement: [-9, 6], f0Tremor: [0, 1.5], rate: [0.6, 1.6], intensity: [-15, 15], intensityVar: [0.3, 6],
  effort: [-1.5, 1.8], jitter: [0.002, 0.05], shimmer: [0.01, 0.15], breathiness: [0, 0.8], creak: [0, 0.9],
  pauseRate: [0, 0.7], pauseLength: [0.08, 0.8], articulation: [0.5, 1.4], formantShift: [0.92, 1.1],
};

/** Each emotion's departure from NEUTRAL_PROSODY (unlisted parameters stay neutral). */
export const EMOTION_DELTAS: Readonly<Record<Emotion, Partial<ProsodyParams>>> = {
  neu: {},
  // Hot anger: much higher and wider pitch, abrupt falls on stressed syllables, loud, tense and precise.
  ang: {
    f0Shift: 5, f0Range: 0.6, declination: -0.5, accentWidth: -0.08, accentSkew: -0.3, finalMovement: -2, rate: 0.12,
    intensity: 9, intensityVar: 2, effort: 1.1, jitter: 0.003, shimmer: -0.005, breathiness: -0.05, creak: -0.06,
    pauseRate: -0.05, articulation: 0.15,
  },
  // Happiness: higher, wider, smooth upward inflections, slightly faster and louder, smiling formants.
  hap: {
    f0Shift: 4, f0Range: 0.7, declination: 0.8, accentWidth: 0.04, accentSkew: 0.5, finalMovement: 2.5, rate: 0.06,
    intensity: 4, intensityVar: 1, effort: 0.4, breathiness: 0.05, formantShift: 0.04,
  },
  // Excitement (IEMOCAP 'exc'): happiness with more arousal.
  exc: {
    f0Shift: 6, f0Range: 0.9, declination: 0.5, accentSkew: 0.3, finalMovement: 1.5, rate: 0.15, intensity: 7,
    intensityVar: 2, effort: 0.75, breathiness: 0.03, articulation: 0.05, formantShift: 0.03,
  },
  // Sadness: slightly lower and narrower, downward inflections, slow, soft, lax, breathy, slurred, pauses.
  sad: {
    f0Shift: -2, f0Range: -0.45, declination: -0.5, accentWidth: 0.06, accentSkew: -0.4, finalMovement: -1, rate: -0.2,
    intensity: -7, intensityVar: -0.8, effort: -0.9, jitter: 0.004, shimmer: 0.02, breathiness: 0.2, creak: 0.2,
    pauseRate: 0.25, pauseLength: 0.15, articulation: -0.25,
  },
  // Fear: very much higher, fast, irregular voicing (jitter, tremor), breathy, precise.
  fea: {
    f0Shift: 7, f0Range: 0.3, declination: 0.5, accentWidth: -0.05, accentSkew: 0.2, finalMovement: 1, f0Tremor: 0.6,
    rate: 0.2, intensity: 1, intensityVar: 1, effort: 0.1, jitter: 0.012, shimmer: 0.03, breathiness: 0.18,
    creak: -0.06, pauseRate: 0.1, pauseLength: -0.05, articulation: 0.1,
  },
  // Disgust: very much slower, lower, wide downward terminal inflections, grumbled (creaky) chest tone.
  dis: {
    f0Shift: -3, f0Range: 0.2, declination: -0.5, accentWidth: 0.08, accentSkew: -0.6, finalMovement: -5, rate: -0.25,
    intensity: -2, intensityVar: 0.5, effort: -0.2, jitter: 0.004, breathiness: 0.05, creak: 0.25, pauseRate: 0.1,
    pauseLength: 0.1, formantShift: -0.03,
  },
  // Boredom: low, flat and narrow, slow, soft, creaky, slurred.
  bor: {
    f0Shift: -2.5, f0Range: -0.6, declination: -0.3, accentWidth: 0.08, accentSkew: -0.1, finalMovement: 0.5, rate: -0.18,
    intensity: -4, intensityVar: -1, effort: -0.6, jitter: 0.002, breathiness: 0.08, creak: 0.35, pauseRate: 0.12,
    pauseLength: 0.1, articulation: -0.3,
  },
  // Frustration (IEMOCAP 'fru'): near neutral pitch, louder and tenser, falling, with sighs (breathiness).
  fru: {
    f0Shift: 1, f0Range: 0.15, declination: -0.3, accentWidth: -0.03, accentSkew: -0.3, rate: -0.04, intensity: 3,
    intensityVar: 1.5, effort: 0.4, jitter: 0.002, breathiness: 0.12, creak: 0.1, pauseRate: 0.1, articulation: 0.05,
  },
};

/** Valence, activation and dominance of each emotion on IEMOCAP's 1..5 scale (centroids of its annotations). */
export const EMOTION_VAD: Readonly<Record<Emotion, readonly [number, number, number]>> = {
  neu: [3.0, 2.5, 2.8], ang: [1.8, 3.9, 3.9], hap: [4.0, 3.0, 3.0], exc: [3.9, 3.7, 3.3], sad: [2.0, 2.2, 2.4],
  fea: [2.0, 3.5, 2.2], dis: [2.0, 3.0, 3.3], bor: [2.5, 1.8, 2.5], fru: [2.2, 3.2, 3.2],
};

/** Emotions listeners confuse each emotion with, most likely first (for evaluator votes and mixtures). */
export const CONFUSABLE: Readonly<Record<Emotion, readonly Emotion[]>> = {
  neu: ['fru', 'sad', 'bor', 'hap'], ang: ['fru', 'exc', 'dis'], hap: ['exc', 'neu', 'fea'], exc: ['hap', 'ang', 'fea'],
  sad: ['neu', 'bor', 'fru', 'fea'], fea: ['sad', 'exc', 'fru'], dis: ['ang', 'bor', 'fru'], bor: ['neu', 'sad', 'dis'],
  fru: ['neu', 'ang', 'sad'],
};

export function isEmotion(code: string): code is Emotion {
  return (EMOTIONS as readonly string[]).includes(code);
}

/**
 * One utterance of a synthetic corpus, decided but not yet rendered: who says what, in which emotion and room,
 * and which label the files will carry. Corpus generators plan every utterance first (label flips are chosen
 * across the whole corpus) and render one dialog or file at a time, so memory stays small.
 */
import { Prng } from './prng';
import type { RoomSettings } from './roomAcoustics';
import type { SpeakerTraits } from './speaker';
import type { EmotionMix } from './expression';
import type { ProsodyParams } from './emotionProfiles';
import type { DifficultyKnobs } from './difficulty';
import type { UtteranceTruth } from './corpusTruth';
import { seedFrom } from './seeds';
import { makeSentence, type Sentence } from './sentence';
import { synthesizeUtterance } from './synthesizer';

export interface PlannedUtterance {
  /** Id as the dataset loader will report it. */
  id: string;
  /** Speaker id as the loader will report it. */
  speakerId: string;
  speaker: SpeakerTraits;
  mix: EmotionMix;
  prosody: ProsodyParams;
  /** Sentence text id and length; the same text id gives the same words. */
  textId: string;
  syllables: number;
  /** Seed of the rendering's random details. */
  seed: number;
  room: RoomSettings;
  gainDb: number;
  /** Label the files carry (an emotion code, or 'xxx'). */
  fileLabel: string;
  flipped: boolean;
}

export interface RenderedUtterance {
  samples: Float32Array;
  sentence: Sentence;
}

/**
 * Renders `p` at `sampleRate`. With `fit`, a rendering outside [min, max] seconds is redone with fewer or more
 * syllables (rarely needed: the syllable count is planned from the speaking rate), and `p.syllables` is updated.
 */
export function renderPlanned(p: PlannedUtterance, sampleRate: number, fit?: { min: number; max: number }): RenderedUtterance {
  for (let attempt = 0; ; attempt++) {
    const sentence = makeSentence(p.textId, p.syllables);
    const samples = synthesizeUtterance({
      sentence, speaker: p.speaker, prosody: p.prosody, seed: p.seed, sampleRate, room: p.room, gainDb: p.gainDb,
    });
    const seconds = samples.length / sampleRate;
    if (!fit || attempt >= 6 || (seconds >= fit.min && seconds <= fit.max)) return { samples, sentence };
    const next = seconds > fit.max
      ? Math.min(p.syllables - 1, Math.floor((p.syllables * (fit.max - 0.3)) / seconds))
      : Math.max(p.syllables + 1, Math.ceil((p.syllables * (fit.min + 0.3)) / seconds));
    if (next < 1) return { samples, sentence };
    p.syllables = next;
  }
}

export function truthOf(p: PlannedUtterance, seconds: number): UtteranceTruth {
  const t: UtteranceTruth = { id: p.id, speaker: p.speakerId, emotion: p.mix.primary, fileLabel: p.fileLabel, flipped: p.flipped, seconds };
  if (p.mix.secondary) {
    t.secondary = p.mix.secondary;
    t.blend = Math.round((p.mix.blend ?? 0.5) * 1000) / 1000;
  }
  return t;
}

/** A recording session's room and gain: the same for every utterance recorded in it. */
export function sessionRecording(seed: number, session: string, knobs: DifficultyKnobs): { room: RoomSettings; gainDb: number } {
  const rng = new Prng(seedFrom(seed, 'session', session));
  return {
    room: {
      noiseDb: knobs.noiseDb + 3 * rng.normal(),
      reverb: Math.min(0.6, knobs.reverb * rng.uniform(0.6, 1.4)),
      rt60: rng.uniform(0.25, 0.5),
    },
    gainDb: knobs.sessionGainSpread * rng.normal(),
  };
}

/** A length in [min, max] seconds, log-normal with about the given mean (utterance lengths are right-skewed). */
export function drawSeconds(rng: Prng, mean: number, min: number, max: number): number {
  const sigma = Math.min(0.5, Math.log(max / min) / 4);
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return Math.min(max, Math.max(min, Math.exp(mu + sigma * rng.normal())));
}

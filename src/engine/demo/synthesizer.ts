/**
 * Speaking one utterance: a sentence, a speaker and a prosody in, mono Float32 samples out, reproducible from a
 * seed. Articulation lays out the phones, intonation draws the F0 contour, the source-filter renderer makes the
 * sound, and the room sets its level and adds reverberation and noise.
 */
import { Prng } from './prng';
import type { ProsodyParams } from './emotionProfiles';
import type { SpeakerTraits } from './speaker';
import type { Sentence } from './sentence';
import { allocateTracks } from './frameTracks';
import { fillArticulation, layoutSentence } from './articulation';
import { fillIntonation } from './f0Contour';
import { renderSourceFilter } from './sourceFilter';
import { addNoise, addReverb, DRY_ROOM, setLevel, softLimit, type RoomSettings } from './roomAcoustics';

/** Sample rate of the synthetic corpora unless asked otherwise, Hz. */
export const DEFAULT_SAMPLE_RATE = 16000;

/** Active RMS of neutral speech at 0 dB intensity, dBFS (about where a close microphone puts conversation). */
export const REFERENCE_LEVEL_DB = -26;

export interface UtteranceSpec {
  sentence: Sentence;
  speaker: SpeakerTraits;
  prosody: ProsodyParams;
  /** Seed of everything random in this rendering (durations, accents, noise). */
  seed: number;
  /** Output rate, Hz. Default 16000. */
  sampleRate?: number;
  /** Default DRY_ROOM. */
  room?: RoomSettings;
  /** Recording gain, dB added to the level (sessions differ). Default 0. */
  gainDb?: number;
  /** Silence before and after the speech, seconds. Default 0.1-0.25 s each, drawn from the seed. */
  leadSilence?: number;
  tailSilence?: number;
}

/** Renders one utterance. Same spec, same samples, on every platform (all arithmetic is IEEE double). */
export function synthesizeUtterance(spec: UtteranceSpec): Float32Array {
  const rate = spec.sampleRate ?? DEFAULT_SAMPLE_RATE;
  const rng = new Prng(spec.seed);
  const lead = spec.leadSilence ?? rng.uniform(0.1, 0.25);
  const tail = spec.tailSilence ?? rng.uniform(0.1, 0.25);
  const timeline = layoutSentence(spec.sentence, spec.prosody, spec.speaker, lead, tail, rng.fork());
  const tracks = allocateTracks(rate, timeline.duration);
  fillArticulation(tracks, timeline, spec.prosody);
  fillIntonation(tracks, timeline.syllables, spec.prosody, spec.speaker, rng.fork());
  const x = renderSourceFilter(tracks, spec.prosody, rng.fork());
  const samples = Math.round(timeline.duration * rate);
  const y = x.length > samples ? x.subarray(0, samples) : x;
  setLevel(y, rate, REFERENCE_LEVEL_DB + spec.prosody.intensity + (spec.gainDb ?? 0));
  const room = spec.room ?? DRY_ROOM;
  addReverb(y, rate, room.reverb, room.rt60);
  addNoise(y, room.noiseDb, rng.fork());
  softLimit(y);
  return y.length === x.length ? y : y.slice();
}

/** Expected duration of `syllables` syllables at `rate`, seconds (speech only; for sizing sentences to a length). */
export function expectedSpeechSeconds(syllables: number, rate = 1): number {
  return syllables / (SYLLABLES_PER_SECOND * rate);
}

/** Syllables per second of neutral speech as laid out by articulation.ts, pauses included (measured over 300 sentences). */
export const SYLLABLES_PER_SECOND = 4.7;

/** The number of syllables that makes about `seconds` of speech at `prosody`'s rate. */
export function syllablesFor(seconds: number, prosody: Pick<ProsodyParams, 'rate'>): number {
  return Math.max(1, Math.round(seconds * SYLLABLES_PER_SECOND * prosody.rate));
}

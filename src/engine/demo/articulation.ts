/**
 * Articulation: a sentence becomes timed segments (phones with their formant targets, voicing and noise, pauses)
 * and then the formant and amplitude tracks of the renderer. Speaking rate, stress, phrase-final lengthening,
 * pauses, vowel undershoot (slurred speech) and the speaker's tract length all act here.
 */
import type { Prng } from './prng';
import type { ProsodyParams } from './emotionProfiles';
import type { SpeakerTraits } from './speaker';
import type { Sentence } from './sentence';
import { SCHWA, type Phone } from './phones';
import { smoothTrack, type FrameTracks } from './frameTracks';

type Quad = [number, number, number, number];

interface Segment {
  start: number;
  end: number;
  formants: Quad;
  bandwidths: Quad;
  voicing: number;
  aspiration: number;
  frication: number;
  fricCentre: number;
  fricBandwidth: number;
}

/** Where a syllable landed in time, seconds; the F0 contour is built on these. */
export interface SyllableTiming {
  start: number;
  end: number;
  vowelStart: number;
  vowelEnd: number;
  stressed: boolean;
  phraseEnd: boolean;
  /** Index of the prosodic phrase. */
  phrase: number;
  /** Level of the syllable relative to the utterance, dB (stress and random variation). */
  levelDb: number;
}

export interface Timeline {
  segments: Segment[];
  syllables: SyllableTiming[];
  /** Total seconds including the leading and trailing silence. */
  duration: number;
}

const BURST = 0.01;
/** Phones' intrinsic durations are those of careful read speech; acted conversation runs about a fifth faster. */
const TEMPO = 0.8;
const ASPIRATION = 0.035;

/** Formant targets of a vowel as this speaker says it in this prosody. */
function vowelTarget(p: Phone, stressed: boolean, pr: ProsodyParams, sp: SpeakerTraits): Quad {
  // Precision scales the distance from schwa: slurred speech shrinks the vowel space, tense speech expands it.
  const reach = Math.min(1.12, Math.max(0.45, 0.35 + 0.65 * pr.articulation)) * (stressed ? 1 : 0.8);
  const f = [0, 0, 0, 0] as Quad;
  for (let k = 0; k < 4; k++) f[k] = SCHWA.formants[k] + (p.formants[k] - SCHWA.formants[k]) * reach;
  f[0] *= 1 + 0.06 * pr.effort; // a wider jaw opening with effort raises F1
  f[1] *= pr.formantShift;
  f[2] *= pr.formantShift;
  return f.map((x) => x * sp.formantScale) as Quad;
}

function scaled(q: readonly number[], by: number): Quad {
  return q.map((x) => x * by) as Quad;
}

function bandwidthsOf(p: Phone, pr: ProsodyParams): Quad {
  // An open glottis (breathy voice) damps F1; pressed voice narrows every bandwidth a little.
  const b = p.bandwidths.map((x) => x * Math.max(0.75, 1 - 0.08 * pr.effort)) as Quad;
  b[0] *= 1 + 1.5 * pr.breathiness;
  return b;
}

/** Lays out `sentence` in time: `lead` seconds of silence, the speech, `tail` seconds of silence. */
export function layoutSentence(sentence: Sentence, pr: ProsodyParams, sp: SpeakerTraits, lead: number, tail: number, rng: Prng): Timeline {
  const segments: Segment[] = [];
  const syllables: SyllableTiming[] = [];
  let t = lead;
  let phrase = 0;
  const silence = (from: number, to: number, f: Quad): Segment => ({
    start: from, end: to, formants: f, bandwidths: [90, 130, 200, 300], voicing: 0, aspiration: 0, frication: 0, fricCentre: 3000, fricBandwidth: 2000,
  });
  const n = sentence.syllables.length;
  let phraseStartDb = 0;
  for (let si = 0; si < n; si++) {
    const syl = sentence.syllables[si];
    const nucleus = syl.phones[syl.nucleus];
    const vTarget = vowelTarget(nucleus, syl.stressed, pr, sp);
    const final = syl.phraseEnd;
    // Level: stress, a per-syllable random deviation, and a gentle fall across the phrase.
    const levelDb = (syl.stressed ? 2 : -1.5) + 0.7 * pr.intensityVar * rng.normal() + phraseStartDb;
    phraseStartDb -= 0.4;
    const gain = 10 ** (levelDb / 20);
    const sylStart = t;
    let vowelStart = t;
    let vowelEnd = t;
    for (let pi = 0; pi < syl.phones.length; pi++) {
      const p = syl.phones[pi];
      const isVowel = p.kind === 'vowel';
      let dur = TEMPO * p.duration * Math.exp(0.12 * rng.normal());
      if (isVowel) dur *= syl.stressed ? 1.25 : 0.85;
      if (final && pi >= syl.nucleus) dur *= isVowel ? 1.5 : 1.3;
      dur /= pr.rate;
      const loci = scaled(p.formants, sp.formantScale);
      const target = isVowel ? vTarget : p.transparent ? vTarget : loci;
      const base: Segment = {
        start: t, end: t + dur, formants: target, bandwidths: bandwidthsOf(p, pr), voicing: p.voicing * gain,
        aspiration: p.kind === 'aspirate' ? 0.35 * gain : 0, frication: 0, fricCentre: 3000, fricBandwidth: 2000,
      };
      if (p.noise && p.kind === 'fricative') {
        base.frication = p.noise.level * gain;
        base.fricCentre = p.noise.centre * sp.formantScale;
        base.fricBandwidth = p.noise.bandwidth * sp.formantScale;
      }
      segments.push(base);
      t += dur;
      if (p.kind === 'plosive' && p.noise) {
        segments.push({
          ...base, start: t, end: t + BURST, voicing: p.voiced ? 0.15 * gain : 0, frication: p.noise.level * gain * 1.5,
          fricCentre: p.noise.centre * sp.formantScale, fricBandwidth: p.noise.bandwidth * sp.formantScale,
        });
        t += BURST;
        if (!p.voiced) {
          const asp = ASPIRATION / pr.rate;
          const next = syl.phones[pi + 1];
          segments.push({ ...base, start: t, end: t + asp, formants: next?.kind === 'vowel' ? vTarget : loci, voicing: 0, aspiration: 0.25 * gain });
          t += asp;
        }
      }
      if (isVowel) {
        vowelStart = segments[segments.length - 1].start;
        vowelEnd = t;
      }
    }
    syllables.push({ start: sylStart, end: t, vowelStart, vowelEnd, stressed: syl.stressed, phraseEnd: final, phrase, levelDb });
    if (si < n - 1) {
      const pauseChance = final ? Math.min(0.95, 0.35 + 2 * pr.pauseRate) : syl.wordEnd ? pr.pauseRate * 0.4 : 0;
      if (rng.next() < pauseChance) {
        const len = pr.pauseLength * Math.exp(0.4 * rng.normal()) * (final ? 1 : 0.6);
        segments.push(silence(t, t + len, vTarget));
        t += len;
      }
      if (final) {
        phrase++;
        phraseStartDb = 0;
      }
    }
  }
  const last = segments[segments.length - 1];
  segments.unshift(silence(0, lead, segments[0].formants));
  segments.push(silence(t, t + tail, last.formants));
  return { segments, syllables, duration: t + tail };
}

/** Writes the formant, bandwidth, voicing and noise tracks of `timeline` into `tracks` and smooths them. */
export function fillArticulation(tracks: FrameTracks, timeline: Timeline, pr: ProsodyParams): void {
  const fs = tracks.sampleRate;
  const frameSeconds = tracks.hop / fs;
  const maxCentre = 0.44 * fs;
  let s = 0;
  for (let k = 0; k < tracks.frames; k++) {
    const time = (k + 0.5) * frameSeconds;
    while (s < timeline.segments.length - 1 && timeline.segments[s].end <= time) s++;
    const g = timeline.segments[s];
    for (let j = 0; j < 4; j++) {
      tracks.formants[j][k] = g.formants[j];
      tracks.bandwidths[j][k] = g.bandwidths[j];
    }
    tracks.voicing[k] = g.voicing;
    tracks.aspiration[k] = g.aspiration;
    tracks.frication[k] = g.frication;
    tracks.fricCentre[k] = Math.min(maxCentre, g.fricCentre);
    tracks.fricBandwidth[k] = g.fricBandwidth;
  }
  // Articulators move with a time constant of a few tens of ms; sloppy speech moves more lazily (more undershoot).
  const glide = 0.016 / pr.articulation;
  for (let j = 0; j < 4; j++) {
    smoothTrack(tracks.formants[j], glide, frameSeconds);
    smoothTrack(tracks.bandwidths[j], glide, frameSeconds);
  }
  smoothTrack(tracks.fricCentre, 0.01, frameSeconds);
  smoothTrack(tracks.fricBandwidth, 0.01, frameSeconds);
  smoothTrack(tracks.voicing, 0.006, frameSeconds);
  smoothTrack(tracks.aspiration, 0.004, frameSeconds);
  smoothTrack(tracks.frication, 0.0015, frameSeconds);
}

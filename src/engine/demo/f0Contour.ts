/**
 * Intonation: the F0 contour of an utterance built on its syllable timing, a superposition (in semitones) of
 * phrase declination, pitch accents on stressed syllables, boundary tones at phrase ends, slow wander and tremor.
 * Emotions shape it through range, accent width (abrupt vs smooth), accent skew (upward vs downward
 * inflections) and the final movement; creak marks phrase ends of lax or grumbled speech.
 */
import type { Prng } from './prng';
import type { ProsodyParams } from './emotionProfiles';
import type { SpeakerTraits } from './speaker';
import type { SyllableTiming } from './articulation';
import { smoothTrack, type FrameTracks } from './frameTracks';

/** Neutral accent height, semitones. */
const ACCENT = 3;

/** Fills `tracks.f0` (Hz) and `tracks.creak` (0..1). */
export function fillIntonation(tracks: FrameTracks, syllables: readonly SyllableTiming[], pr: ProsodyParams, sp: SpeakerTraits, rng: Prng): void {
  const frameSeconds = tracks.hop / tracks.sampleRate;
  const n = tracks.frames;
  const st = new Float64Array(n);
  const at = (time: number) => Math.min(n - 1, Math.max(0, Math.round(time / frameSeconds)));

  // Phrase declination, with a partial reset at each new phrase.
  const phrases = new Map<number, { start: number; end: number }>();
  for (const s of syllables) {
    const p = phrases.get(s.phrase);
    if (!p) phrases.set(s.phrase, { start: s.start, end: s.end });
    else p.end = s.end;
  }
  const ordered = [...phrases.values()];
  for (let k = 0; k < n; k++) {
    const time = k * frameSeconds;
    let p = ordered[0];
    for (const q of ordered) if (q.start <= time) p = q;
    const into = Math.min(Math.max(time - p.start, 0), p.end - p.start);
    st[k] = 1 + pr.declination * into;
  }

  // Pitch accents: raised-cosine bumps around stressed vowels. Skew moves the peak late (rises) or early (falls).
  const width = pr.accentWidth;
  for (const s of syllables) {
    const accented = s.stressed ? rng.next() < 0.8 : rng.next() < 0.1;
    const height = ACCENT * pr.f0Range * Math.exp(0.3 * rng.normal()) * (accented ? 1 : 0);
    if (height === 0) continue;
    const centre = (s.vowelStart + s.vowelEnd) / 2 + 0.45 * pr.accentSkew * width;
    for (let k = at(centre - width); k <= at(centre + width); k++) {
      const x = (k * frameSeconds - centre) / width;
      if (Math.abs(x) < 1) st[k] += height * 0.5 * (1 + Math.cos(Math.PI * x));
    }
  }

  // Boundary tones: a ramp over each phrase-final syllable that holds into the following pause.
  for (let i = 0; i < syllables.length; i++) {
    const s = syllables[i];
    if (!s.phraseEnd) continue;
    const next = syllables[i + 1];
    const holdUntil = next ? next.start : s.end + 0.3;
    const move = pr.finalMovement * pr.f0Range ** 0.5 * Math.exp(0.25 * rng.normal());
    for (let k = at(s.vowelStart); k <= at(holdUntil); k++) {
      const time = k * frameSeconds;
      st[k] += move * Math.min(1, Math.max(0, (time - s.vowelStart) / Math.max(0.05, s.end - s.vowelStart)));
    }
  }

  // Slow wander (about 0.5 semitone) and the tremor of a frightened voice (5-8 Hz, drifting in depth).
  const wander = new Float32Array(n);
  for (let k = 0; k < n; k++) wander[k] = rng.normal();
  smoothTrack(wander, 0.12, frameSeconds);
  // Forward-backward smoothing leaves about dt / (4 tau) of white noise's variance; scale back to 0.5 semitone.
  const wanderGain = 0.5 / Math.sqrt(frameSeconds / (4 * 0.12));
  const tremorRate = 5 + 3 * rng.next();
  const phase = 2 * Math.PI * rng.next();
  for (let k = 0; k < n; k++) {
    const time = k * frameSeconds;
    const tremor = pr.f0Tremor * Math.sin(2 * Math.PI * tremorRate * time + phase) * (0.6 + 0.4 * Math.sin(1.7 * time + phase));
    st[k] += wander[k] * wanderGain + tremor;
  }

  const base = sp.f0 * 2 ** (pr.f0Shift / 12);
  for (let k = 0; k < n; k++) tracks.f0[k] = Math.min(600, Math.max(50, base * 2 ** (st[k] / 12)));
  smoothTrack(tracks.f0, 0.01, frameSeconds);

  // Creak over the end of a phrase, the way lax voices run out of air.
  tracks.creak.fill(0);
  for (const s of syllables) {
    if (!s.phraseEnd || rng.next() >= pr.creak) continue;
    const from = s.vowelStart + 0.3 * (s.end - s.vowelStart);
    for (let k = at(from); k <= at(s.end); k++) tracks.creak[k] = 1;
  }
  smoothTrack(tracks.creak, 0.01, frameSeconds);
}

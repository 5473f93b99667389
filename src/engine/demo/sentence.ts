/**
 * Sentences: a text id deterministically becomes a phone sequence of pseudo-words (syllables, stress, word and
 * phrase boundaries), so the same sentence can be spoken by different speakers in different emotions, as in
 * EmoDB's ten texts.
 */
import { Prng } from './prng';
import { seedFrom } from './seeds';
import { CODAS, ONSETS, SCHWA, VOWELS, phone, type Phone } from './phones';

export interface SentenceSyllable {
  /** Onset, nucleus and coda phones in order. */
  phones: readonly Phone[];
  /** Index of the vowel in `phones`. */
  nucleus: number;
  /** Carries the word's lexical stress (where pitch accents may land). */
  stressed: boolean;
  wordEnd: boolean;
  /** Last syllable of a prosodic phrase (final lengthening, boundary tone, possible pause). */
  phraseEnd: boolean;
}

export interface Sentence {
  textId: string;
  syllables: readonly SentenceSyllable[];
  /** Pseudo-words as spelled in the transcript, without punctuation. */
  words: readonly string[];
  /** Transcript: the words, commas at inner phrase ends, a full stop. */
  text: string;
}

/** Word lengths in syllables: mostly short words, as in conversational English and German. */
const WORD_LENGTHS = [1, 1, 1, 2, 2, 2, 3, 1, 2];

/** The sentence of `textId` with exactly `syllables` syllables (at least 1). Same arguments, same sentence. */
export function makeSentence(textId: string, syllables: number): Sentence {
  const rng = new Prng(seedFrom('sentence', textId));
  const total = Math.max(1, Math.round(syllables));
  const out: SentenceSyllable[] = [];
  const words: string[] = [];
  const pieces: string[] = [];
  let wordsInPhrase = 0;
  let phraseWords = 3 + rng.int(4);
  while (out.length < total) {
    const len = Math.min(rng.pick(WORD_LENGTHS), total - out.length);
    // Short words are often function words, which carry no stress.
    const stressedWord = len > 1 || rng.next() < 0.6;
    let spelled = '';
    for (let s = 0; s < len; s++) {
      const stressed = stressedWord && s === 0;
      const onset = rng.next() < 0.85 ? rng.pick(ONSETS) : [];
      const v = !stressed && rng.next() < 0.4 ? SCHWA : rng.pick(VOWELS);
      const coda = rng.next() < (s === len - 1 ? 0.45 : 0.2) ? rng.pick(CODAS) : [];
      const phones = [...onset.map(phone), v, ...coda.map(phone)];
      spelled += phones.map((p) => p.spelling).join('');
      out.push({ phones, nucleus: onset.length, stressed, wordEnd: s === len - 1, phraseEnd: false });
    }
    words.push(spelled);
    pieces.push(spelled);
    wordsInPhrase++;
    if (wordsInPhrase >= phraseWords && out.length < total) {
      out[out.length - 1].phraseEnd = true;
      pieces[pieces.length - 1] += ',';
      wordsInPhrase = 0;
      phraseWords = 3 + rng.int(4);
    }
  }
  out[out.length - 1].phraseEnd = true;
  out[out.length - 1].wordEnd = true;
  if (!out.some((s) => s.stressed)) out[0].stressed = true;
  const text = `${pieces.join(' ')}.`;
  return { textId, syllables: out, words, text: text.charAt(0).toUpperCase() + text.slice(1) };
}

/**
 * Emotion label normalisation. Corpora spell the same emotion many ways (IEMOCAP's "Frustration", a manifest's
 * "angry", a folder named "Happy"); the engine compares codes, so every adapter maps names onto one vocabulary.
 */

/** IEMOCAP's header codes; 'xxx' means the evaluators did not agree. */
export const IEMOCAP_CODES: readonly string[] = ['neu', 'fru', 'ang', 'sad', 'hap', 'exc', 'sur', 'fea', 'dis', 'oth', 'xxx'];

/** IEMOCAP's evaluator words and the codes they stand for. */
export const IEMOCAP_WORDS: Readonly<Record<string, string>> = {
  Neutral: 'neu',
  Frustration: 'fru',
  Anger: 'ang',
  Sadness: 'sad',
  Happiness: 'hap',
  Excited: 'exc',
  Surprise: 'sur',
  Fear: 'fea',
  Disgust: 'dis',
  Other: 'oth',
};

/** Code -> IEMOCAP word, for writing evaluator lines. */
export const IEMOCAP_WORD_OF_CODE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(IEMOCAP_WORDS).map(([w, c]) => [c, w]),
);

/** Lower-cased names -> codes; anything not listed is kept lower-cased as it is. */
const ALIASES: Readonly<Record<string, string>> = {
  angry: 'ang',
  anger: 'ang',
  happy: 'hap',
  happiness: 'hap',
  joy: 'hap',
  neutral: 'neu',
  'neutral state': 'neu',
  sad: 'sad',
  sadness: 'sad',
  excited: 'exc',
  excitement: 'exc',
  frustrated: 'fru',
  frustration: 'fru',
  fear: 'fea',
  fearful: 'fea',
  disgust: 'dis',
  disgusted: 'dis',
  surprise: 'sur',
  surprised: 'sur',
  calm: 'cal',
  boredom: 'bor',
  bored: 'bor',
  other: 'oth',
};

/** The code for a label as a corpus, manifest or folder wrote it; undefined for an empty label. */
export function normaliseLabel(raw: string): string | undefined {
  const key = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (key === '') return undefined;
  return ALIASES[key] ?? key;
}

/**
 * The code for one IEMOCAP evaluator word. "Other" may carry the evaluator's own word ("Other:sarcastic");
 * the code is still 'oth'.
 */
export function iemocapWordToCode(word: string): string | undefined {
  const w = word.trim();
  if (w === '') return undefined;
  const head = w.includes(':') ? w.slice(0, w.indexOf(':')).trim() : w;
  return IEMOCAP_WORDS[head] ?? normaliseLabel(head);
}

/**
 * The phone inventory of the synthetic speech: vowels with formant targets of an adult male vocal tract
 * (Peterson & Barney 1952, Hillenbrand et al. 1995), consonants as formant loci that transitions head for plus
 * shaped noise (fricatives, plosive bursts, aspiration). Speakers scale the formants by their tract length.
 */

export type PhoneKind = 'vowel' | 'fricative' | 'plosive' | 'nasal' | 'approximant' | 'aspirate';

/** A noise resonance: centre and bandwidth in Hz for the reference tract, level relative to a vowel's voicing. */
export interface NoiseShape {
  centre: number;
  bandwidth: number;
  level: number;
}

export interface Phone {
  /** ASCII symbol, unique in the inventory. */
  symbol: string;
  /** Letters used for it in pseudo-word transcripts. */
  spelling: string;
  kind: PhoneKind;
  voiced: boolean;
  /** F1-F4 targets (Hz, reference male tract); for consonants the loci of the neighbouring transitions. */
  formants: readonly [number, number, number, number];
  /** B1-B4, Hz. */
  bandwidths: readonly [number, number, number, number];
  /** Intrinsic duration at the neutral rate, seconds (for plosives: the closure). */
  duration: number;
  /** Voicing amplitude relative to a stressed vowel, 0..1. */
  voicing: number;
  /** Frication of fricatives, the release burst of plosives. */
  noise?: NoiseShape;
  /** /h/: takes the formants of the following vowel instead of its own. */
  transparent?: boolean;
}

const VB: readonly [number, number, number, number] = [70, 90, 150, 250];

function vowel(symbol: string, spelling: string, f: [number, number, number, number], duration: number): Phone {
  return { symbol, spelling, kind: 'vowel', voiced: true, formants: f, bandwidths: VB, duration, voicing: 1 };
}

const LABIAL: [number, number, number, number] = [300, 900, 2200, 3300];
const ALVEOLAR: [number, number, number, number] = [300, 1700, 2600, 3400];
const VELAR: [number, number, number, number] = [300, 1850, 2300, 3300];
const POSTALVEOLAR: [number, number, number, number] = [300, 1900, 2500, 3300];
const CB: readonly [number, number, number, number] = [90, 130, 200, 300];

function plosive(symbol: string, voiced: boolean, loci: [number, number, number, number], noise: NoiseShape): Phone {
  return {
    symbol, spelling: symbol, kind: 'plosive', voiced, formants: loci, bandwidths: CB,
    duration: voiced ? 0.045 : 0.055, voicing: voiced ? 0.08 : 0, noise,
  };
}

function fricative(symbol: string, spelling: string, voiced: boolean, loci: [number, number, number, number], noise: NoiseShape, duration: number): Phone {
  return { symbol, spelling, kind: 'fricative', voiced, formants: loci, bandwidths: CB, duration, voicing: voiced ? 0.3 : 0, noise };
}

function approximant(symbol: string, spelling: string, kind: 'nasal' | 'approximant', f: [number, number, number, number], b: [number, number, number, number], voicing: number, duration: number): Phone {
  return { symbol, spelling, kind, voiced: true, formants: f, bandwidths: b, duration, voicing };
}

export const VOWELS: readonly Phone[] = [
  vowel('i', 'ee', [270, 2290, 3010, 3500], 0.12),
  vowel('I', 'i', [390, 1990, 2550, 3400], 0.085),
  vowel('e', 'ay', [480, 2020, 2600, 3400], 0.13),
  vowel('E', 'e', [530, 1840, 2480, 3400], 0.1),
  vowel('ae', 'a', [660, 1720, 2410, 3400], 0.13),
  vowel('a', 'ah', [730, 1090, 2440, 3300], 0.13),
  vowel('O', 'aw', [570, 840, 2410, 3300], 0.12),
  vowel('o', 'o', [500, 900, 2400, 3300], 0.12),
  vowel('U', 'uu', [440, 1020, 2240, 3300], 0.09),
  vowel('u', 'oo', [300, 870, 2240, 3300], 0.11),
  vowel('V', 'u', [640, 1190, 2390, 3300], 0.09),
];

/** Schwa: unstressed vowels drift towards it, and sloppy articulation pulls every vowel towards it. */
export const SCHWA: Phone = vowel('@', 'e', [500, 1500, 2500, 3400], 0.06);

export const CONSONANTS: readonly Phone[] = [
  plosive('p', false, LABIAL, { centre: 1200, bandwidth: 2000, level: 0.3 }),
  plosive('t', false, ALVEOLAR, { centre: 4000, bandwidth: 2500, level: 0.5 }),
  plosive('k', false, VELAR, { centre: 2200, bandwidth: 1200, level: 0.5 }),
  plosive('b', true, LABIAL, { centre: 1200, bandwidth: 2000, level: 0.2 }),
  plosive('d', true, ALVEOLAR, { centre: 4000, bandwidth: 2500, level: 0.3 }),
  plosive('g', true, VELAR, { centre: 2200, bandwidth: 1200, level: 0.3 }),
  fricative('f', 'f', false, LABIAL, { centre: 5500, bandwidth: 5000, level: 0.12 }, 0.1),
  fricative('s', 's', false, ALVEOLAR, { centre: 5800, bandwidth: 1800, level: 0.5 }, 0.11),
  fricative('S', 'sh', false, POSTALVEOLAR, { centre: 3000, bandwidth: 1500, level: 0.45 }, 0.11),
  fricative('v', 'v', true, LABIAL, { centre: 5500, bandwidth: 5000, level: 0.08 }, 0.07),
  fricative('z', 'z', true, ALVEOLAR, { centre: 5800, bandwidth: 1800, level: 0.3 }, 0.08),
  { symbol: 'h', spelling: 'h', kind: 'aspirate', voiced: false, formants: [500, 1500, 2500, 3400], bandwidths: [200, 200, 250, 300], duration: 0.07, voicing: 0, transparent: true },
  approximant('m', 'm', 'nasal', [250, 1100, 2200, 3300], [100, 200, 300, 400], 0.35, 0.065),
  approximant('n', 'n', 'nasal', [250, 1500, 2500, 3400], [100, 200, 300, 400], 0.35, 0.06),
  approximant('l', 'l', 'approximant', [360, 1300, 2700, 3400], [80, 120, 200, 300], 0.6, 0.055),
  approximant('r', 'r', 'approximant', [420, 1300, 1600, 3300], [80, 120, 150, 300], 0.6, 0.055),
  approximant('w', 'w', 'approximant', [300, 610, 2200, 3300], [70, 100, 200, 300], 0.55, 0.05),
  approximant('j', 'y', 'approximant', [260, 2070, 3020, 3500], [70, 100, 200, 300], 0.55, 0.05),
];

const BY_SYMBOL = new Map<string, Phone>([...VOWELS, SCHWA, ...CONSONANTS].map((p) => [p.symbol, p]));

/** The phone with this symbol; throws for a symbol outside the inventory (a programming error). */
export function phone(symbol: string): Phone {
  const p = BY_SYMBOL.get(symbol);
  if (!p) throw new Error(`no phone "${symbol}" in the inventory`);
  return p;
}

/** Syllable onsets and codas the sentence generator draws from, weighted towards the common ones. */
export const ONSETS: readonly string[][] = [
  ['t'], ['d'], ['k'], ['g'], ['p'], ['b'], ['s'], ['S'], ['f'], ['v'], ['z'], ['h'], ['m'], ['n'], ['l'], ['r'],
  ['w'], ['j'], ['t'], ['d'], ['n'], ['m'], ['l'], ['s'], ['k'],
  ['s', 't'], ['s', 'p'], ['t', 'r'], ['p', 'l'], ['k', 'l'], ['b', 'r'], ['g', 'r'], ['f', 'l'],
];
export const CODAS: readonly string[][] = [
  ['n'], ['t'], ['s'], ['l'], ['r'], ['m'], ['k'], ['d'], ['f'], ['S'], ['n', 't'], ['s', 't'], ['n', 'd'], ['l', 't'],
];

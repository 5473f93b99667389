/**
 * A synthetic corpus in Berlin EmoDB's layout (wav/03a01Fa.wav: speaker, text, emotion letter, version): its ten
 * speakers with their genders, its ten texts, its seven classes in its class counts (535 utterances, about 25
 * minutes), at any difficulty, optionally with deliberately wrong labels (swapped, so class counts stay).
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError, throwIfAborted } from '../errors';
import { encodeWav } from '../audio/wavWriter';
import { joinPath } from '../datasets/paths';
import { Prng } from './prng';
import { seedFrom } from './seeds';
import { checkDifficulty, difficultyKnobs } from './difficulty';
import { makeSpeaker } from './speaker';
import { realiseProsody, type EmotionMix } from './expression';
import { CONFUSABLE } from './emotionProfiles';
import { DEFAULT_SAMPLE_RATE } from './synthesizer';
import { renderPlanned, sessionRecording, truthOf, type PlannedUtterance } from './plannedUtterance';
import { chooseLabelSwaps } from './labelFlips';
import { flipsOf, TRUTH_FORMAT, TRUTH_VERSION, type CorpusTruth, type UtteranceTruth } from './corpusTruth';

export type EmodbEmotion = 'ang' | 'bor' | 'dis' | 'fea' | 'hap' | 'sad' | 'neu';

/** German initials in file names: Wut, Langeweile, Ekel, Angst, Freude, Trauer, Neutral. */
export const EMODB_LETTER: Readonly<Record<EmodbEmotion, string>> = { ang: 'W', bor: 'L', dis: 'E', fea: 'A', hap: 'F', sad: 'T', neu: 'N' };

/** EmoDB's utterances per class (535 in all). */
export const EMODB_CLASS_COUNTS: Readonly<Record<EmodbEmotion, number>> = { ang: 127, bor: 81, dis: 46, fea: 69, hap: 71, sad: 62, neu: 79 };

/** The ten actors and their genders, from the corpus documentation. */
export const EMODB_SPEAKERS: readonly { id: string; gender: 'F' | 'M' }[] = [
  { id: '03', gender: 'M' }, { id: '08', gender: 'F' }, { id: '09', gender: 'F' }, { id: '10', gender: 'M' }, { id: '11', gender: 'M' },
  { id: '12', gender: 'M' }, { id: '13', gender: 'F' }, { id: '14', gender: 'F' }, { id: '15', gender: 'M' }, { id: '16', gender: 'F' },
];

/**
 * The ten texts and their lengths in syllables: the real sentences' relative lengths (a* short, b* long), scaled
 * so the corpus averages EmoDB's 2.8 s per utterance.
 */
export const EMODB_TEXTS: readonly { id: string; syllables: number }[] = [
  { id: 'a01', syllables: 7 }, { id: 'a02', syllables: 8 }, { id: 'a04', syllables: 9 }, { id: 'a05', syllables: 13 },
  { id: 'a07', syllables: 8 }, { id: 'b01', syllables: 11 }, { id: 'b02', syllables: 14 }, { id: 'b03', syllables: 17 },
  { id: 'b09', syllables: 12 }, { id: 'b10', syllables: 10 },
];

const EMOTION_ORDER: readonly EmodbEmotion[] = ['ang', 'bor', 'dis', 'fea', 'hap', 'sad', 'neu'];

export interface EmodbCorpusOptions {
  /** Default 1. */
  seed?: number;
  /** 0 = emotions far apart .. 1 = heavily overlapping. Default 0.5 (an MFCC-statistics SVM scores about as on real EmoDB). */
  difficulty?: number;
  /** Utterances per class. Default EMODB_CLASS_COUNTS (classes left out get none when any is given). */
  classCounts?: Partial<Record<EmodbEmotion, number>>;
  /** Speaker ids out of EMODB_SPEAKERS. Default all ten. */
  speakers?: readonly string[];
  /** Share of files whose emotion letter is deliberately wrong (labels swapped, class counts kept). Default 0. */
  flipFraction?: number;
  /** Share of utterances blending two emotions. Default 0.1. */
  ambiguousFraction?: number;
  /** Multiplies every text's length (0.3 makes quick test corpora). Default 1. */
  lengthScale?: number;
  /** Hz of the written WAVs. Default 16000. */
  sampleRate?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** A planned EmoDB file. */
export interface PlannedEmodbUtterance extends PlannedUtterance {
  /** File name, e.g. 03a01Fa.wav. */
  name: string;
  /** Text id (a01..b10). */
  text: string;
}

export interface EmodbPlan {
  seed: number;
  difficulty: number;
  sampleRate: number;
  utterances: PlannedEmodbUtterance[];
}

function usage(why: string): SerError {
  return new SerError('usage', undefined, `EmoDB corpus: ${why}`);
}

/** Decides every file of the corpus (nothing rendered). Same options, same plan. */
export function planEmodbCorpus(options: EmodbCorpusOptions = {}): EmodbPlan {
  const seed = options.seed ?? 1;
  const difficulty = options.difficulty ?? 0.5;
  checkDifficulty(difficulty);
  const counts: Record<string, number> = options.classCounts ? { ...options.classCounts } : { ...EMODB_CLASS_COUNTS };
  const speakers = (options.speakers ?? EMODB_SPEAKERS.map((s) => s.id)).map((id) => {
    const s = EMODB_SPEAKERS.find((x) => x.id === id);
    if (!s) throw usage(`unknown speaker "${id}" (EmoDB's are ${EMODB_SPEAKERS.map((x) => x.id).join(' ')})`);
    return s;
  });
  if (speakers.length === 0) throw usage('no speakers');
  const flipFraction = options.flipFraction ?? 0;
  const ambiguous = options.ambiguousFraction ?? 0.1;
  const lengthScale = options.lengthScale ?? 1;
  const sampleRate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
  for (const [k, v] of Object.entries(counts)) {
    if (!EMOTION_ORDER.includes(k as EmodbEmotion)) throw usage(`unknown class "${k}" (EmoDB's are ${EMOTION_ORDER.join(' ')})`);
    if (!Number.isInteger(v) || v < 0) throw usage(`class count of ${k} must be a whole number >= 0 (got ${v})`);
    // Repeats of a (speaker, text, emotion) take version letters a..z; two letters are flip head-room.
    const most = 24 * speakers.length * EMODB_TEXTS.length;
    if (v > most) throw usage(`class count of ${k} (${v}) exceeds ${most}, the most ${speakers.length} speaker(s) can name with version letters`);
  }
  if (!(flipFraction >= 0 && flipFraction <= 1) || !(ambiguous >= 0 && ambiguous <= 1)) throw usage('fractions must be between 0 and 1');
  if (!(lengthScale > 0 && lengthScale <= 4)) throw usage(`lengthScale must be in (0, 4] (got ${lengthScale})`);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000) throw usage(`sampleRate must be 8000..192000 Hz (got ${sampleRate})`);

  const knobs = difficultyKnobs(difficulty);
  const traits = new Map(speakers.map((s) => [s.id, makeSpeaker(s.id, s.gender, seed, knobs)]));
  const utterances: PlannedEmodbUtterance[] = [];
  const classes = new Set(EMOTION_ORDER.filter((e) => (counts[e] ?? 0) > 0));
  for (const emotion of EMOTION_ORDER) {
    const n = counts[emotion] ?? 0;
    const rng = new Prng(seedFrom(seed, 'emodb-slots', emotion));
    // Rounds over (speaker, text) so every speaker gets a near-equal share and texts rotate; repeats are versions.
    const order = rng.shuffle([...speakers]);
    const textsOf = new Map(order.map((s) => [s.id, rng.shuffle([...EMODB_TEXTS])]));
    const slots = EMODB_TEXTS.flatMap((_, r) => order.map((s) => ({ speaker: s.id, text: textsOf.get(s.id)![r] })));
    for (let i = 0; i < n; i++) {
      const slot = slots[i % slots.length];
      const version = String.fromCharCode(97 + Math.floor(i / slots.length));
      const name = `${slot.speaker}${slot.text.id}${EMODB_LETTER[emotion]}${version}`;
      const u = new Prng(seedFrom(seed, 'utterance', name));
      const partners = CONFUSABLE[emotion].filter((c) => classes.has(c as EmodbEmotion));
      const mix: EmotionMix = partners.length && u.next() < ambiguous ? { primary: emotion, secondary: u.pick(partners), blend: u.uniform(0.2, 0.45) } : { primary: emotion };
      const speaker = traits.get(slot.speaker)!;
      const recording = sessionRecording(seed, `emodb-${slot.speaker}`, knobs);
      utterances.push({
        id: name, name: `${name}.wav`, text: slot.text.id, speakerId: slot.speaker, speaker, mix,
        prosody: realiseProsody(mix, speaker, knobs, u), textId: `emodb:${slot.text.id}`,
        syllables: Math.max(1, Math.round(slot.text.syllables * lengthScale)), seed: seedFrom(seed, 'render', name),
        room: recording.room, gainDb: recording.gainDb, fileLabel: emotion, flipped: false,
      });
    }
  }
  applyFlips(utterances, flipFraction, seed);
  return { seed, difficulty, sampleRate, utterances };
}

/** Swaps emotion letters between files; a name made twice by a swap moves to the next free version letter. */
function applyFlips(utterances: PlannedEmodbUtterance[], fraction: number, seed: number): void {
  if (fraction <= 0) return;
  const labels = utterances.map((u) => u.fileLabel);
  const flips = chooseLabelSwaps(labels, fraction * utterances.length, new Prng(seedFrom(seed, 'flips')));
  const taken = new Set(utterances.map((u) => u.id));
  for (const [i, label] of flips) {
    const u = utterances[i];
    taken.delete(u.id);
    const stem = `${u.speakerId}${u.text}${EMODB_LETTER[label as EmodbEmotion]}`;
    let v = 0;
    while (taken.has(`${stem}${String.fromCharCode(97 + v)}`)) v++;
    u.id = `${stem}${String.fromCharCode(97 + v)}`;
    u.name = `${u.id}.wav`;
    taken.add(u.id);
    u.fileLabel = label;
    u.flipped = true;
  }
}

export interface EmodbCorpusResult {
  /** `<outDir>/wav`. */
  wavDir: string;
  truth: CorpusTruth;
}

/** Writes `<outDir>/wav/<name>.wav` for every planned file and returns the ground truth. Same options, same bytes. */
export async function writeEmodbCorpus(fs: FileSystem, outDir: string, options: EmodbCorpusOptions = {}): Promise<EmodbCorpusResult> {
  const plan = planEmodbCorpus(options);
  const wavDir = joinPath(outDir, 'wav');
  await fs.mkdirp(wavDir);
  const utterances: UtteranceTruth[] = [];
  let done = 0;
  for (const p of plan.utterances) {
    throwIfAborted(options.signal, 'writing the synthetic EmoDB corpus');
    const { samples } = renderPlanned(p, plan.sampleRate);
    await fs.writeFileAtomic(joinPath(wavDir, p.name), encodeWav([samples], plan.sampleRate));
    utterances.push(truthOf(p, samples.length / plan.sampleRate));
    options.onProgress?.(++done, plan.utterances.length);
  }
  const truth: CorpusTruth = {
    format: TRUTH_FORMAT, version: TRUTH_VERSION, layout: 'emodb', seed: plan.seed, difficulty: plan.difficulty,
    sampleRate: plan.sampleRate, flips: flipsOf(utterances), utterances,
  };
  return { wavDir, truth };
}

/** An emotion code of EmoDB's seven. */
export function isEmodbEmotion(code: string): code is EmodbEmotion {
  return (EMOTION_ORDER as readonly string[]).includes(code);
}

/**
 * Ground truth of a synthetic corpus: what every utterance's audio really expresses and which file labels were
 * made wrong on purpose, so the inspection engine's mislabel detection can be scored. Saved as JSON that starts
 * with a format marker and a version.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { isEmotion, type Emotion } from './emotionProfiles';

/** Name of the truth file the demo corpus carries in its root. */
export const TRUTH_FILE = 'demo-truth.json';
export const TRUTH_FORMAT = 'ser-synthetic-truth';
export const TRUTH_VERSION = 1;

export interface UtteranceTruth {
  /** The id the dataset loader gives it (IEMOCAP utterance id, EmoDB file name without .wav). */
  id: string;
  /** Speaker id as the loader reports it (Ses01F, 03). */
  speaker: string;
  /** The emotion the audio was synthesised with. */
  emotion: Emotion;
  /** An ambiguous utterance's second emotion and its share (0..0.5). */
  secondary?: Emotion;
  blend?: number;
  /** The label the corpus files carry (an emotion code, or IEMOCAP's 'xxx'). */
  fileLabel: string;
  /** fileLabel was made wrong on purpose. */
  flipped: boolean;
  /** Seconds of audio written. */
  seconds: number;
}

export interface LabelFlip {
  id: string;
  /** What the audio expresses. */
  trueLabel: Emotion;
  /** What the files say. */
  fileLabel: string;
}

export interface CorpusTruth {
  format: typeof TRUTH_FORMAT;
  version: typeof TRUTH_VERSION;
  layout: 'iemocap' | 'emodb';
  seed: number;
  difficulty: number;
  /** Hz of the written audio. */
  sampleRate: number;
  /** Every deliberately wrong label, in corpus order. */
  flips: LabelFlip[];
  utterances: UtteranceTruth[];
}

export function flipsOf(utterances: readonly UtteranceTruth[]): LabelFlip[] {
  return utterances.filter((u) => u.flipped).map((u) => ({ id: u.id, trueLabel: u.emotion, fileLabel: u.fileLabel }));
}

export function truthJson(truth: CorpusTruth): string {
  return `${JSON.stringify(truth, null, 1)}\n`;
}

export async function writeTruth(fs: FileSystem, path: string, truth: CorpusTruth): Promise<void> {
  await fs.writeFileAtomic(path, truthJson(truth));
}

/** Parses and checks a truth file; throws SerError 'parse' naming `file` when it is not one. */
export function parseTruth(text: string, file: string): CorpusTruth {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new SerError('parse', file, `not JSON (${(err as Error).message})`);
  }
  const t = v as Partial<CorpusTruth> | null;
  if (!t || t.format !== TRUTH_FORMAT) throw new SerError('parse', file, `not a synthetic-corpus truth file (no "format": "${TRUTH_FORMAT}")`);
  if (t.version !== TRUTH_VERSION) throw new SerError('unsupported', file, `truth file version ${String(t.version)}; this build reads version ${TRUTH_VERSION}`);
  if (!Array.isArray(t.utterances) || !Array.isArray(t.flips)) throw new SerError('parse', file, 'truth file lacks "utterances" or "flips"');
  for (const u of t.utterances) {
    if (typeof u?.id !== 'string' || !isEmotion(String(u.emotion)) || typeof u.fileLabel !== 'string' || typeof u.flipped !== 'boolean') {
      throw new SerError('parse', file, `bad utterance entry ${JSON.stringify(u).slice(0, 80)}`);
    }
  }
  return t as CorpusTruth;
}

export async function readTruth(fs: FileSystem, path: string): Promise<CorpusTruth> {
  return parseTruth(await fs.readText(path), path);
}

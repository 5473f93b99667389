/**
 * A synthetic corpus in the exact IEMOCAP_full_release layout: sessions of one female and one male actor,
 * improvised and scripted dialogs with alternating turns at dialog times, consensus codes (with 'xxx'),
 * evaluator and self votes, V/A/D, pseudo-word transcripts, and optionally deliberately wrong consensus labels
 * whose ground truth is returned.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError, throwIfAborted } from '../errors';
import { encodeWav } from '../audio/wavWriter';
import { Prng } from './prng';
import { seedFrom } from './seeds';
import { checkDifficulty, difficultyKnobs } from './difficulty';
import { makeSpeaker, type SpeakerTraits } from './speaker';
import { realiseProsody, type EmotionMix } from './expression';
import { CONFUSABLE, type Emotion } from './emotionProfiles';
import { SYLLABLES_PER_SECOND, syllablesFor, DEFAULT_SAMPLE_RATE } from './synthesizer';
import { drawSeconds, renderPlanned, sessionRecording, truthOf, type PlannedUtterance } from './plannedUtterance';
import { chooseLabelSwaps } from './labelFlips';
import { annotate } from './evaluators';
import { flipsOf, TRUTH_FORMAT, TRUTH_VERSION, type CorpusTruth, type UtteranceTruth } from './corpusTruth';
import { iemocapDialogNames, type DialogName } from './iemocapDialogs';
import { writeIemocapLayout, type IemocapUttSpec } from './iemocapLayoutWriter';
import { joinPath } from '../datasets/paths';

/** Emotions an IEMOCAP-layout corpus can speak (codes IEMOCAP's header accepts). */
export type IemocapEmotion = 'neu' | 'fru' | 'ang' | 'sad' | 'hap' | 'exc' | 'fea' | 'dis';

/** IEMOCAP's consensus counts of the six main classes, used as relative frequencies. */
export const IEMOCAP_EMOTION_WEIGHTS: Readonly<Record<IemocapEmotion, number>> = {
  neu: 1708, fru: 1849, ang: 1103, sad: 1084, hap: 595, exc: 1041, fea: 0, dis: 0,
};

const VOCABULARY = ['neu', 'fru', 'ang', 'sad', 'hap', 'exc', 'sur', 'fea', 'dis'];
const EVALUATORS = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'];
/** Flips are only made where the default 4-class map sees them: hap and exc are one class there. */
const FOUR_CLASS: Record<string, string> = { ang: 'ang', hap: 'hap', exc: 'hap', neu: 'neu', sad: 'sad' };

export interface IemocapCorpusOptions {
  /** Default 1. */
  seed?: number;
  /** Session1..N, each with one F and one M actor (speakers Ses01F, Ses01M, ...). Default 5, at most 20. */
  sessions?: number;
  /** Dialogs per session, improvised and scripted alternating, each lead in turn. Default 6. */
  dialogsPerSession?: number;
  /** Utterances per session, spread over its dialogs. Default 60. */
  utterancesPerSession?: number;
  /** Utterance length bounds and mean, seconds. Defaults 1, 8 and 4 (IEMOCAP-like). */
  minSeconds?: number;
  maxSeconds?: number;
  meanSeconds?: number;
  /**
   * 0 = emotions far apart .. 1 = heavily overlapping. Default 0.75: spontaneous IEMOCAP is harder than acted
   * EmoDB, and there an MFCC-statistics SVM scores about 55-60 % 4-class UA, as on the real corpus.
   */
  difficulty?: number;
  /** Share of utterances whose consensus label is deliberately wrong (swapped across 4-class classes). Default 0. */
  flipFraction?: number;
  /** Share of utterances blending two emotions (evaluators split more). Default 0.15. */
  ambiguousFraction?: number;
  /** Share of utterances without consensus ('xxx'; always blends). Default 0.08. */
  unresolvedFraction?: number;
  /** Relative frequency of each emotion. Default IEMOCAP_EMOTION_WEIGHTS. */
  emotionWeights?: Partial<Record<IemocapEmotion, number>>;
  /** Share of utterances with the actor's self-evaluation (C-F1 / C-M1). Default 0.5. */
  selfEvaluationFraction?: number;
  /** Hz of the written WAVs. Default 16000. */
  sampleRate?: number;
  /** Called after each utterance is written. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface IemocapCorpusResult {
  /** `<outDir>/IEMOCAP_full_release`. */
  base: string;
  truth: CorpusTruth;
  /** Every dialog written, in order. */
  dialogs: { session: number; dialog: string; utterances: number }[];
}

interface PlannedTurn extends PlannedUtterance {
  gender: 'F' | 'M';
  evaluators: string[];
  withSelf: boolean;
  /** Silence before this turn in the dialog, seconds. */
  gap: number;
}

interface PlannedDialog extends DialogName {
  session: number;
  turns: PlannedTurn[];
}

type Resolved = Required<Omit<IemocapCorpusOptions, 'onProgress' | 'signal' | 'emotionWeights'>> & { weights: [IemocapEmotion, number][] };

function usage(why: string): SerError {
  return new SerError('usage', undefined, `IEMOCAP corpus: ${why}`);
}

function resolve(o: IemocapCorpusOptions): Resolved {
  const r = {
    seed: o.seed ?? 1, sessions: o.sessions ?? 5, dialogsPerSession: o.dialogsPerSession ?? 6,
    utterancesPerSession: o.utterancesPerSession ?? 60, minSeconds: o.minSeconds ?? 1, maxSeconds: o.maxSeconds ?? 8,
    meanSeconds: o.meanSeconds ?? 4, difficulty: o.difficulty ?? 0.75, flipFraction: o.flipFraction ?? 0,
    ambiguousFraction: o.ambiguousFraction ?? 0.15, unresolvedFraction: o.unresolvedFraction ?? 0.08,
    selfEvaluationFraction: o.selfEvaluationFraction ?? 0.5, sampleRate: o.sampleRate ?? DEFAULT_SAMPLE_RATE,
    weights: Object.entries({ ...IEMOCAP_EMOTION_WEIGHTS, ...o.emotionWeights }).filter(([, w]) => w > 0) as [IemocapEmotion, number][],
  };
  checkDifficulty(r.difficulty);
  if (!Number.isInteger(r.sessions) || r.sessions < 1 || r.sessions > 20) throw usage(`sessions must be 1..20 (got ${r.sessions})`);
  if (!Number.isInteger(r.utterancesPerSession) || r.utterancesPerSession < r.dialogsPerSession) {
    throw usage(`utterancesPerSession (${r.utterancesPerSession}) must be a whole number, at least dialogsPerSession (${r.dialogsPerSession})`);
  }
  if (!(r.minSeconds >= 0.5 && r.minSeconds < r.maxSeconds && r.meanSeconds > r.minSeconds && r.meanSeconds < r.maxSeconds)) {
    throw usage(`need 0.5 <= minSeconds < meanSeconds < maxSeconds (got ${r.minSeconds}, ${r.meanSeconds}, ${r.maxSeconds})`);
  }
  for (const k of ['flipFraction', 'ambiguousFraction', 'unresolvedFraction', 'selfEvaluationFraction'] as const) {
    if (!(r[k] >= 0 && r[k] <= 1)) throw usage(`${k} must be between 0 and 1 (got ${r[k]})`);
  }
  for (const [k, w] of Object.entries(o.emotionWeights ?? {})) {
    if (!(k in IEMOCAP_EMOTION_WEIGHTS)) throw usage(`emotionWeights: "${k}" is not one of ${Object.keys(IEMOCAP_EMOTION_WEIGHTS).join(' ')}`);
    if (!(typeof w === 'number' && w >= 0 && Number.isFinite(w))) throw usage(`emotionWeights.${k} must be a finite number >= 0 (got ${w})`);
  }
  if (r.weights.length === 0) throw usage('emotionWeights leave no emotion with a positive weight');
  if (!Number.isInteger(r.sampleRate) || r.sampleRate < 8000 || r.sampleRate > 192000) throw usage(`sampleRate must be 8000..192000 Hz (got ${r.sampleRate})`);
  return r;
}

function weightedPick(rng: Prng, items: readonly [IemocapEmotion, number][]): IemocapEmotion {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rng.next() * total;
  for (const [e, w] of items) if ((x -= w) < 0) return e;
  return items[items.length - 1][0];
}

function blendPartner(rng: Prng, primary: Emotion, allowed: ReadonlySet<string>): Emotion | undefined {
  const near = CONFUSABLE[primary].filter((c) => allowed.has(c));
  return near.length ? rng.pick(near) : undefined;
}

function planDialog(r: Resolved, session: number, name: DialogName, turns: number, speakers: Record<'F' | 'M', SpeakerTraits>): PlannedDialog {
  const knobs = difficultyKnobs(r.difficulty);
  const rng = new Prng(seedFrom(r.seed, 'dialog', name.dialog));
  const recording = sessionRecording(r.seed, `Ses${session}`, knobs);
  const weights = r.weights.map(([e, w]) => [e, name.theme.includes(e) ? 3 * w : w] as [IemocapEmotion, number]);
  const allowed = new Set<string>(r.weights.map(([e]) => e));
  const evaluators = rng.shuffle([...EVALUATORS]).slice(0, 3);
  const next = { F: 0, M: 0 };
  const out: PlannedTurn[] = [];
  let gender = name.lead;
  for (let i = 0; i < turns; i++) {
    if (i > 0 && rng.next() >= 0.15) gender = gender === 'F' ? 'M' : 'F';
    const id = `${name.dialog}_${gender}${String(next[gender]++).padStart(3, '0')}`;
    const u = new Prng(seedFrom(r.seed, 'utterance', id));
    const primary = weightedPick(rng, weights);
    const unresolved = u.next() < r.unresolvedFraction;
    const partner = unresolved || u.next() < r.ambiguousFraction ? blendPartner(u, primary, allowed) : undefined;
    const mix: EmotionMix = partner ? { primary, secondary: partner, blend: unresolved ? u.uniform(0.38, 0.5) : u.uniform(0.2, 0.45) } : { primary };
    const prosody = realiseProsody(mix, speakers[gender], knobs, u);
    // Script lines are shared by every session and take, so they keep their words whatever the emotion.
    const textId = name.scripted ? `${r.seed}:${name.scenario}:${i}` : `${r.seed}:${id}`;
    const speech = drawSeconds(name.scripted ? new Prng(seedFrom(textId)) : u, r.meanSeconds, r.minSeconds, r.maxSeconds) - 0.35;
    const syllables = name.scripted ? Math.max(1, Math.round(speech * SYLLABLES_PER_SECOND)) : syllablesFor(speech, prosody);
    out.push({
      id, speakerId: speakers[gender].id, speaker: speakers[gender], mix, prosody, textId, syllables,
      seed: seedFrom(r.seed, 'render', id), room: recording.room, gainDb: recording.gainDb,
      fileLabel: unresolved && partner ? 'xxx' : primary, flipped: false, gender, evaluators,
      withSelf: u.next() < r.selfEvaluationFraction, gap: rng.next() < 0.1 ? rng.uniform(3, 6) : rng.uniform(0.3, 2),
    });
  }
  return { ...name, session, turns: out };
}

function plan(r: Resolved): PlannedDialog[] {
  const knobs = difficultyKnobs(r.difficulty);
  const dialogs: PlannedDialog[] = [];
  for (let s = 1; s <= r.sessions; s++) {
    const ses = `Ses${String(s).padStart(2, '0')}`;
    const speakers = { F: makeSpeaker(`${ses}F`, 'F', r.seed, knobs), M: makeSpeaker(`${ses}M`, 'M', r.seed, knobs) };
    const names = iemocapDialogNames(s, r.dialogsPerSession);
    names.forEach((name, j) => {
      const turns = Math.floor(r.utterancesPerSession / names.length) + (j < r.utterancesPerSession % names.length ? 1 : 0);
      dialogs.push(planDialog(r, s, name, turns, speakers));
    });
  }
  const all = dialogs.flatMap((d) => d.turns);
  const labels = all.map((t) => t.fileLabel);
  const flips = chooseLabelSwaps(labels, r.flipFraction * all.length, new Prng(seedFrom(r.seed, 'flips')), {
    eligible: (i) => labels[i] in FOUR_CLASS,
    differ: (a, b) => FOUR_CLASS[a] !== FOUR_CLASS[b],
  });
  for (const [i, label] of flips) {
    all[i].fileLabel = label;
    all[i].flipped = true;
  }
  return dialogs;
}

function transcriptOf(text: string, emotion: Emotion, rng: Prng): string {
  const loud = emotion === 'ang' || emotion === 'exc' || emotion === 'hap';
  const x = rng.next();
  return loud && x < 0.4 ? `${text.slice(0, -1)}!` : x < 0.08 ? `${text.slice(0, -1)}?` : text;
}

/**
 * Writes `<outDir>/IEMOCAP_full_release/...` one dialog at a time and returns the ground truth. Same options,
 * same bytes. Files of an earlier corpus in `outDir` that this one does not write are left alone (writeDemoCorpus
 * clears its own previous output first).
 */
export async function writeIemocapCorpus(fs: FileSystem, outDir: string, options: IemocapCorpusOptions = {}): Promise<IemocapCorpusResult> {
  const r = resolve(options);
  const dialogs = plan(r);
  const total = dialogs.reduce((n, d) => n + d.turns.length, 0);
  const utterances: UtteranceTruth[] = [];
  const written: IemocapCorpusResult['dialogs'] = [];
  let done = 0;
  for (const d of dialogs) {
    const rng = new Prng(seedFrom(r.seed, 'times', d.dialog));
    let t = rng.uniform(1.5, 6);
    const specs: IemocapUttSpec[] = [];
    for (const turn of d.turns) {
      throwIfAborted(options.signal, 'writing the synthetic IEMOCAP corpus');
      const { samples, sentence } = renderPlanned(turn, r.sampleRate, { min: r.minSeconds, max: r.maxSeconds });
      const seconds = samples.length / r.sampleRate;
      const a = annotate({
        mix: turn.mix, fileCode: turn.fileLabel, flipped: turn.flipped, gender: turn.gender, evaluators: turn.evaluators,
        withSelf: turn.withSelf, vocabulary: VOCABULARY,
      }, new Prng(seedFrom(r.seed, 'annotation', turn.id)));
      const start = t;
      t += seconds;
      specs.push({
        id: turn.id, start, end: t, code: turn.fileLabel, vad: a.vad, votes: a.votes, selfVotes: a.selfVotes, dimVotes: a.dimVotes,
        transcript: transcriptOf(sentence.text, turn.mix.primary, rng), audio: encodeWav([samples], r.sampleRate),
      });
      t += turn.gap;
      utterances.push(truthOf(turn, seconds));
      options.onProgress?.(++done, total);
    }
    await writeIemocapLayout(fs, outDir, [{ session: d.session, dialog: d.dialog, utterances: specs }]);
    written.push({ session: d.session, dialog: d.dialog, utterances: specs.length });
  }
  const truth: CorpusTruth = {
    format: TRUTH_FORMAT, version: TRUTH_VERSION, layout: 'iemocap', seed: r.seed, difficulty: r.difficulty,
    sampleRate: r.sampleRate, flips: flipsOf(utterances), utterances,
  };
  return { base: joinPath(outDir, 'IEMOCAP_full_release'), truth, dialogs: written };
}

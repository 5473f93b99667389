/**
 * What every inspection score reads: the run's out-of-fold predictions joined with the dataset as it is now.
 *
 * Labels are the effective labels of today (corpus + corrections, see labels/labelStore.ts), not the labels the
 * run trained on: an utterance corrected since the run is scored against its new label, so a fixed error stops
 * being a suspect without retraining. Probabilities and embeddings stay the run's out-of-fold ones (honest: the
 * model that produced them never heard the speaker).
 */
import { SerError } from '../errors';
import type { EvaluatorVote } from '../datasets/utterance';
import type { OofPredictions } from '../run/oofPredictions';

/** An utterance of the dataset as the join needs it. */
export interface DatasetItem {
  id: string;
  /** Class under the class map of the effective label. */
  className: string;
  /** External evaluators' votes (IEMOCAP). */
  votes?: EvaluatorVote[];
  /** The actors' self-evaluations (IEMOCAP), never counted with the evaluators. */
  selfVotes?: EvaluatorVote[];
}

/** An OOF entry that cannot be scored any more, and why. */
export interface DroppedEntry {
  id: string;
  reason: 'not-in-dataset' | 'not-usable';
}

export interface InspectionData {
  /** Class names, in the order of the probability columns. */
  classes: string[];
  /** Scored utterances, in the order of the OOF file. */
  ids: string[];
  /** Effective label of each utterance, as a class index. */
  labels: Int32Array;
  /** The label the run trained on, as a class index (-1 when it is not one of `classes`). */
  trainedLabels: Int32Array;
  /** Fold whose model produced the utterance's prediction and embedding. */
  folds: Int32Array;
  /** n x C out-of-fold probabilities, each row summing to 1. */
  probs: Float64Array;
  dim: number;
  /** n x dim out-of-fold embeddings. */
  embeddings: Float32Array;
  votes: (EvaluatorVote[] | undefined)[];
  selfVotes: (EvaluatorVote[] | undefined)[];
  /** OOF entries whose utterance is gone from the dataset or no longer usable (e.g. relabelled out of the class map). */
  dropped: DroppedEntry[];
  /** Usable utterances the run has no prediction for (added or relabelled into the class map since the run). */
  notInRun: string[];
}

/**
 * Joins `oof` with the usable utterances `items`. `listed(id)` says whether the dataset lists the id at all (to
 * tell a deleted utterance from one that left the class map). Throws SerError 'usage' when the class map's classes
 * are not the run's.
 */
export function joinInspectionData(oof: OofPredictions, items: readonly DatasetItem[], listed: (id: string) => boolean, runDir = ''): InspectionData {
  const C = oof.classes.length;
  const classIndex = new Map(oof.classes.map((c, i) => [c, i] as const));
  const byId = new Map(items.map((it) => [it.id, it] as const));
  const foreign = [...new Set(items.map((it) => it.className))].filter((c) => !classIndex.has(c));
  if (foreign.length > 0) {
    throw new SerError(
      'usage',
      runDir || undefined,
      `the run was trained on classes ${oof.classes.join(',')} but the dataset's class map gives ${foreign.join(',')}; pass the run's --classes`,
    );
  }
  const ids: string[] = [];
  const rows: number[] = [];
  const dropped: DroppedEntry[] = [];
  const seen = new Set<string>();
  oof.utterances.forEach((e, r) => {
    if (seen.has(e.id)) throw new SerError('corrupt', runDir || undefined, `utterance ${e.id} has two out-of-fold predictions`);
    seen.add(e.id);
    if (byId.has(e.id)) {
      ids.push(e.id);
      rows.push(r);
    } else {
      dropped.push({ id: e.id, reason: listed(e.id) ? 'not-usable' : 'not-in-dataset' });
    }
  });
  const n = ids.length;
  const labels = new Int32Array(n);
  const trainedLabels = new Int32Array(n);
  const folds = new Int32Array(n);
  const probs = new Float64Array(n * C);
  const embeddings = new Float32Array(n * oof.dim);
  const votes: (EvaluatorVote[] | undefined)[] = [];
  const selfVotes: (EvaluatorVote[] | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const e = oof.utterances[rows[i]];
    const item = byId.get(ids[i])!;
    labels[i] = classIndex.get(item.className)!;
    trainedLabels[i] = classIndex.get(e.label) ?? -1;
    folds[i] = e.fold;
    // Renormalised: a writer rounding to a few decimals must not tilt scores that compare rows.
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.max(0, e.probs[c]);
    for (let c = 0; c < C; c++) probs[i * C + c] = sum > 0 ? Math.max(0, e.probs[c]) / sum : 1 / C;
    embeddings.set(oof.embeddings.subarray(rows[i] * oof.dim, (rows[i] + 1) * oof.dim), i * oof.dim);
    votes.push(item.votes);
    selfVotes.push(item.selfVotes);
  }
  const notInRun = items.filter((it) => !seen.has(it.id)).map((it) => it.id);
  return { classes: [...oof.classes], ids, labels, trainedLabels, folds, probs, dim: oof.dim, embeddings, votes, selfVotes, dropped, notInRun };
}

/** Index of each id in `data.ids`. */
export function idIndex(data: Pick<InspectionData, 'ids'>): Map<string, number> {
  return new Map(data.ids.map((id, i) => [id, i] as const));
}

/**
 * The same data judged against the labels the run trained on instead of today's (rows whose trained label is not
 * a class are left out): what the suspect list looked like when the run was made.
 */
export function withTrainedLabels(data: InspectionData): InspectionData {
  const keep: number[] = [];
  for (let i = 0; i < data.ids.length; i++) if (data.trainedLabels[i] >= 0) keep.push(i);
  const C = data.classes.length;
  const pick = <T extends Int32Array | Float64Array | Float32Array>(src: T, width: number, make: (n: number) => T): T => {
    const out = make(keep.length * width);
    keep.forEach((i, k) => out.set(src.subarray(i * width, (i + 1) * width), k * width));
    return out;
  };
  return {
    ...data,
    ids: keep.map((i) => data.ids[i]),
    labels: pick(data.trainedLabels, 1, (m) => new Int32Array(m)),
    trainedLabels: pick(data.trainedLabels, 1, (m) => new Int32Array(m)),
    folds: pick(data.folds, 1, (m) => new Int32Array(m)),
    probs: pick(data.probs, C, (m) => new Float64Array(m)),
    embeddings: pick(data.embeddings, data.dim, (m) => new Float32Array(m)),
    votes: keep.map((i) => data.votes[i]),
    selfVotes: keep.map((i) => data.selfVotes[i]),
  };
}

/**
 * The suspect list an annotator works through: utterances ranked by the combined model + neighbourhood evidence,
 * each with a suggested label and the reasons kept apart (model, neighbourhood, evaluators), so the reviewer sees
 * why and can tell "likely wrong" from "ambiguous". Utterances an annotator marked "not an issue" (with the label
 * they still carry) are left out.
 */
import type { ClassMap } from '../datasets/classMap';
import { evaluatorAgreement, type EvaluatorSummary } from './scores/evaluatorAgreement';
import { neighbourhoodPlurality, suspectOrder, type RankBy, type SuspectAnalysis } from './suspectAnalysis';

/**
 * likely-wrong: the model and the neighbourhood agree on another label, and the combined evidence makes it more
 * probable than not (suspicion >= 0.5).
 * ambiguous: the evaluators split (IEMOCAP); relabelling will not make it clean.
 * uncertain: some evidence against the label, but not both sources on one alternative.
 */
export type SuspectCategory = 'likely-wrong' | 'ambiguous' | 'uncertain';

export interface ModelReason {
  /** Out-of-fold probability of the given label. */
  selfConfidence: number;
  /** cleanlab's normalised margin, 0..1 (0.5 = tie with the best other class). */
  normalizedMargin: number;
  predicted: string;
  predictedProbability: number;
  /** Confident learning's label (argmax among classes above their threshold); null when none is. */
  confidentLabel: string | null;
  /** Counted off the diagonal of the confident joint: confident learning flags it. */
  offDiagonal: boolean;
}

export interface NeighbourhoodReason {
  /** Distance-weighted share of neighbours with another label, 0..1. */
  disagreement: number;
  /** The label the disagreeing neighbours support most; null when they all agree. */
  supports: string | null;
  /** Neighbours that voted. */
  neighbours: number;
  /** The nearest few, for display. */
  nearest: { id: string; label: string; similarity: number }[];
}

export interface Suspect {
  /** 1-based position in this list. */
  rank: number;
  id: string;
  /** Combined suspicion, 0..1: 1 - combined posterior of the given label (whatever the list is ranked by). */
  score: number;
  /** The effective label (corpus + corrections). */
  label: string;
  /** The most probable other label under the combined evidence. */
  suggested: string;
  suggestedProbability: number;
  category: SuspectCategory;
  reasons: {
    model: ModelReason;
    neighbourhood: NeighbourhoodReason | null;
    evaluators: EvaluatorSummary | null;
  };
  /** The label the run trained on, when it differs from today's (corrected since the run). */
  trainedLabel?: string;
}

/** Decides whether an annotator has dismissed an utterance as "not an issue" while it carries `label`. */
export interface UtteranceVerdicts {
  utteranceDismissed(id: string, label: string): boolean;
}

export interface SuspectListOptions {
  /** Most suspects returned; default all. */
  top?: number;
  /** Maps evaluator codes to classes; without it evaluator reasons are left out. */
  classMap?: ClassMap;
  verdicts?: UtteranceVerdicts;
  /** Nearest neighbours listed per suspect; default 5. */
  nearest?: number;
  /** Default 'combined'; the others are confident learning's plain rankings, for comparison. */
  rankBy?: RankBy;
}

export interface SuspectList {
  suspects: Suspect[];
  /** Utterances scored. */
  scored: number;
  /** Left out because an annotator dismissed them. */
  dismissed: number;
  /** The combination's fitted weights (see combinedEvidence.ts). */
  weights: { model: number; neighbourhood: number };
}

export function suspectList(a: SuspectAnalysis, options: SuspectListOptions = {}): SuspectList {
  const top = options.top ?? Number.POSITIVE_INFINITY;
  const suspects: Suspect[] = [];
  let dismissed = 0;
  for (const i of suspectOrder(a, options.rankBy)) {
    if (suspects.length >= top) break;
    const label = a.data.classes[a.data.labels[i]];
    if (options.verdicts?.utteranceDismissed(a.data.ids[i], label)) {
      dismissed++;
      continue;
    }
    suspects.push(describeSuspect(a, i, suspects.length + 1, options));
  }
  // Dismissals beyond the cut-off still count, so the caller can say how many are hidden in total.
  if (options.verdicts && suspects.length >= top) {
    const listed = new Set(suspects.map((s) => s.id));
    dismissed = a.data.ids.filter((id, i) => !listed.has(id) && options.verdicts!.utteranceDismissed(id, a.data.classes[a.data.labels[i]])).length;
  }
  return { suspects, scored: a.data.ids.length, dismissed, weights: a.combined.weights };
}

/** The suspect entry of row i (also used for a single utterance's details). */
export function describeSuspect(a: SuspectAnalysis, i: number, rank: number, options: Pick<SuspectListOptions, 'classMap' | 'nearest'> = {}): Suspect {
  const { data, model, neighbourhood, combined, graph } = a;
  const C = data.classes.length;
  const cls = (c: number) => data.classes[c];
  const y = data.labels[i];
  const predicted = a.predicted[i];
  const nearest: NeighbourhoodReason['nearest'] = [];
  for (let p = 0; p < Math.min(graph.k, options.nearest ?? 5); p++) {
    const j = graph.indices[i * graph.k + p];
    if (j >= 0) nearest.push({ id: data.ids[j], label: cls(data.labels[j]), similarity: graph.similarities[i * graph.k + p] });
  }
  const nbReason: NeighbourhoodReason | null =
    neighbourhood.voters[i] > 0
      ? {
          disagreement: neighbourhood.disagreement[i],
          supports: neighbourhood.supported[i] >= 0 ? cls(neighbourhood.supported[i]) : null,
          neighbours: neighbourhood.voters[i],
          nearest,
        }
      : null;
  const evaluators = options.classMap ? (evaluatorAgreement(data.votes[i], data.selfVotes[i], cls(y), options.classMap) ?? null) : null;
  const plurality = neighbourhoodPlurality(a, i);
  const category: SuspectCategory =
    predicted !== y && plurality === predicted && combined.score[i] >= 0.5 ? 'likely-wrong' : evaluators?.split ? 'ambiguous' : 'uncertain';
  const suggested = combined.suggested[i];
  const s: Suspect = {
    rank,
    id: data.ids[i],
    score: combined.score[i],
    label: cls(y),
    suggested: cls(suggested),
    suggestedProbability: combined.posterior[i * C + suggested],
    category,
    reasons: {
      model: {
        selfConfidence: model.selfConfidence[i],
        normalizedMargin: model.normalizedMargin[i],
        predicted: cls(predicted),
        predictedProbability: data.probs[i * C + predicted],
        confidentLabel: model.confidentLabel[i] >= 0 ? cls(model.confidentLabel[i]) : null,
        offDiagonal: model.offDiagonal[i] === 1,
      },
      neighbourhood: nbReason,
      evaluators,
    },
  };
  const trained = data.trainedLabels[i];
  if (trained !== y) s.trainedLabel = trained >= 0 ? cls(trained) : '(not a class)';
  return s;
}

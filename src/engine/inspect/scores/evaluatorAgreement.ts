/**
 * Evaluator disagreement (IEMOCAP): what the external evaluators said about an utterance, under the class map.
 *
 * This is reported apart from the label-error scores on purpose. Evaluators who split (two say angry, one says
 * frustrated) make an utterance *ambiguous*: no relabelling will make it clean. A label is *likely wrong* when the
 * model and the neighbourhood agree on another class. The two call for different actions (discard or soft-label
 * vs. correct), so they are never folded into one number.
 *
 * Each external evaluator has one vote, split evenly over the codes they gave; codes outside the class map count
 * as "other". The actors' self-evaluations are listed but never counted (they judged their own intent).
 */
import type { EvaluatorVote } from '../../datasets/utterance';
import { classOf, type ClassMap } from '../../datasets/classMap';

/** Share key for votes whose code is outside the class map. */
export const OTHER_CLASS = '(other)';

export interface EvaluatorSummary {
  /** External evaluators who voted. */
  evaluators: number;
  /** Share of the evaluators' vote per class (and OTHER_CLASS), summing to 1. */
  shares: Record<string, number>;
  /** Share for the utterance's (effective) label. */
  agreement: number;
  /** The class with the largest share (the first in class order on a tie); OTHER_CLASS when that wins. */
  plurality: string;
  /** No class holds more than half of the vote: the evaluators disagree among themselves. */
  split: boolean;
  /** At most half of the vote is for the utterance's label: it is not what most evaluators heard. */
  againstLabel: boolean;
  /** The actors' self-evaluations with their codes mapped to classes (OTHER_CLASS outside the map); not counted. */
  selfVotes: { evaluator: string; classes: string[] }[];
}

/** The evaluators' view of an utterance labelled `label` (a class name); undefined when nobody voted. */
export function evaluatorAgreement(
  votes: readonly EvaluatorVote[] | undefined,
  selfVotes: readonly EvaluatorVote[] | undefined,
  label: string,
  classMap: ClassMap,
): EvaluatorSummary | undefined {
  const counted = (votes ?? []).filter((v) => v.labels.length > 0);
  if (counted.length === 0) return undefined;
  const shares: Record<string, number> = {};
  for (const v of counted) {
    // Several codes of one evaluator may map to one class (hap and exc): that class gets their whole share.
    const classes = v.labels.map((code) => classOf(classMap, code) ?? OTHER_CLASS);
    for (const c of classes) shares[c] = (shares[c] ?? 0) + 1 / (classes.length * counted.length);
  }
  const order = [...classMap.classes, OTHER_CLASS];
  let plurality = OTHER_CLASS;
  let top = -1;
  for (const c of order) {
    if ((shares[c] ?? 0) > top + 1e-12) {
      top = shares[c] ?? 0;
      plurality = c;
    }
  }
  const agreement = shares[label] ?? 0;
  const half = 0.5 + 1e-9;
  return {
    evaluators: counted.length,
    shares,
    agreement,
    plurality,
    split: top < half,
    againstLabel: agreement < half,
    selfVotes: (selfVotes ?? []).map((v) => ({ evaluator: v.evaluator, classes: [...new Set(v.labels.map((code) => classOf(classMap, code) ?? OTHER_CLASS))] })),
  };
}

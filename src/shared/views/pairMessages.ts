/** Messages between the host and the pair review. */
import type { PairListData } from './viewTypes';
import { parseFromReviewList, type FromReviewList, type ToReviewList } from './reviewListMessages';
import { asMessage, isOneOf, isText } from './validate';

/** relabel-a: the left side takes the right's label; relabel-b: the other way; fine: both labels stand. */
export type PairVerdict = 'relabel-a' | 'relabel-b' | 'fine';
export const PAIR_VERDICTS: readonly PairVerdict[] = ['relabel-a', 'relabel-b', 'fine'];

/** Host -> pair review: the pairs, and per side (answer to 'load') its details and audio. */
export type ToPairView = { type: 'pairs'; classes: string[]; list: PairListData } | ToReviewList;

/** Pair review -> host: a verdict on a listed pair; 'load' asks for one side. */
export type FromPairView = FromReviewList | { type: 'verdict'; a: string; b: string; verdict: PairVerdict };

export function parseFromPairView(raw: unknown): FromPairView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'verdict':
      return isText(m.a) && isText(m.b) && m.a !== m.b && isOneOf(m.verdict, PAIR_VERDICTS) ? { type: 'verdict', a: m.a, b: m.b, verdict: m.verdict } : undefined;
    default:
      return parseFromReviewList(m);
  }
}

/** Kept across hide/show: the pair under review (its two ids). */
export interface PairViewState {
  active?: [string, string];
}

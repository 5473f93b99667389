/** Messages between the host and the pair review. */
import type { AudioSource, ViewError } from './audioSource';
import type { PairListData, UtteranceDetail } from './viewTypes';
import { asMessage, isOneOf, isText } from './validate';

/** relabel-a: the left side takes the right's label; relabel-b: the other way; fine: both labels stand. */
export type PairVerdict = 'relabel-a' | 'relabel-b' | 'fine';
export const PAIR_VERDICTS: readonly PairVerdict[] = ['relabel-a', 'relabel-b', 'fine'];

/** Host -> pair review. */
export type ToPairView =
  | { type: 'pairs'; classes: string[]; list: PairListData }
  | { type: 'busy'; message: string }
  /** Details and audio of one side (answer to 'load'). */
  | { type: 'detail'; detail: UtteranceDetail }
  | { type: 'audio'; id: string; source: AudioSource }
  | { type: 'error'; error: ViewError };

/** Pair review -> host. */
export type FromPairView =
  | { type: 'ready' }
  | { type: 'verdict'; a: string; b: string; verdict: PairVerdict }
  /** Details and audio of one side of a listed pair. */
  | { type: 'load'; id: string }
  | { type: 'open'; id: string }
  | { type: 'undo' }
  | { type: 'refresh' };

export function parseFromPairView(raw: unknown): FromPairView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'refresh':
      return { type: m.type };
    case 'verdict':
      return isText(m.a) && isText(m.b) && m.a !== m.b && isOneOf(m.verdict, PAIR_VERDICTS) ? { type: 'verdict', a: m.a, b: m.b, verdict: m.verdict } : undefined;
    case 'load':
    case 'open':
      return isText(m.id) ? { type: m.type, id: m.id } : undefined;
    default:
      return undefined;
  }
}

/** Kept across hide/show: the pair under review (its two ids). */
export interface PairViewState {
  active?: [string, string];
}

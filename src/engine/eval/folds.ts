/**
 * Speaker-independent evaluation folds. Leave-one-session-out (IEMOCAP's 5 sessions, the paper's protocol) and
 * leave-one-speaker-out hold out every utterance of a session or speaker at once, so no test speaker is ever heard
 * in training. The validation set used for early stopping is drawn from the training speakers only. A random
 * utterance-level split exists only because some users ask for it explicitly; it is never a default.
 */
import { SerError } from '../errors';
import { Prng } from '../demo/prng';

export type Protocol = 'loso-session' | 'loso-speaker' | 'random';
export const PROTOCOLS: readonly Protocol[] = ['loso-session', 'loso-speaker', 'random'];

/** What folds are built from: one entry per usable utterance. */
export interface FoldItem {
  id: string;
  speaker: string;
  session: string;
}

export interface Fold {
  index: number;
  /** The held-out session or speaker (or "random-k"). */
  name: string;
  train: string[];
  validation: string[];
  test: string[];
}

export interface FoldOptions {
  /** Share of training speakers for validation (at least one when 2+ remain). */
  validationShare: number;
  seed: number;
  /** Folds for 'random'. Default 5. */
  randomFolds?: number;
}

export function makeFolds(items: readonly FoldItem[], protocol: Protocol, opts: FoldOptions): Fold[] {
  if (items.length === 0) throw new SerError('usage', undefined, 'no usable utterances to evaluate');
  if (protocol === 'random') return randomFolds(items, opts);
  const key = (it: FoldItem) => (protocol === 'loso-session' ? it.session : it.speaker);
  const groups = [...new Set(items.map(key))].sort();
  if (groups.length < 2) {
    throw new SerError('usage', undefined, `${protocol} needs at least 2 ${protocol === 'loso-session' ? 'sessions' : 'speakers'}; this dataset has ${groups.length}`);
  }
  return groups.map((g, index) => {
    const test = items.filter((it) => key(it) === g);
    const rest = items.filter((it) => key(it) !== g);
    const { train, validation } = splitBySpeaker(rest, opts, index);
    return { index, name: g, train, validation, test: test.map((t) => t.id) };
  });
}

/** Holds out whole training speakers for validation, chosen by the seed and the fold index. */
export function splitBySpeaker(rest: readonly FoldItem[], opts: FoldOptions, foldIndex: number): { train: string[]; validation: string[] } {
  const speakers = [...new Set(rest.map((r) => r.speaker))].sort();
  if (opts.validationShare <= 0 || speakers.length < 2) return { train: rest.map((r) => r.id), validation: [] };
  const n = Math.min(speakers.length - 1, Math.max(1, Math.round(speakers.length * opts.validationShare)));
  const rng = new Prng(opts.seed * 7919 + foldIndex);
  const held = new Set(rng.shuffle([...speakers]).slice(0, n));
  return {
    train: rest.filter((r) => !held.has(r.speaker)).map((r) => r.id),
    validation: rest.filter((r) => held.has(r.speaker)).map((r) => r.id),
  };
}

function randomFolds(items: readonly FoldItem[], opts: FoldOptions): Fold[] {
  const k = opts.randomFolds ?? 5;
  if (items.length < k) throw new SerError('usage', undefined, `a ${k}-fold random split needs at least ${k} utterances`);
  const order = new Prng(opts.seed).shuffle(items.map((it) => it.id));
  return Array.from({ length: k }, (_, index) => {
    const test = order.filter((_, i) => i % k === index);
    const rest = order.filter((_, i) => i % k !== index);
    const nVal = Math.round(rest.length * opts.validationShare);
    return { index, name: `random-${index + 1}`, train: rest.slice(nVal), validation: rest.slice(0, nVal), test };
  });
}

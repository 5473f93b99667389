// Builders of synthetic inspection inputs: Gaussian class clusters in embedding space, out-of-fold-like
// probabilities from a noisy softmax, and a known share of labels flipped. Seeded: every call with the same
// options returns the same data.
import { Prng } from '../../../src/engine/demo/prng';
import type { OofPredictions } from '../../../src/engine/run/oofPredictions';

export interface SyntheticOptions {
  n: number;
  classes: string[];
  dim: number;
  /** Share of labels flipped to another class (uniformly chosen). */
  flipRate: number;
  seed: number;
  folds: number;
  /** Distance of the class centres from the origin, in units of the within-class spread. */
  separation: number;
  /** Noise the model adds to its own view of an utterance (0 = it sees the embedding exactly). */
  modelNoise: number;
  /** Softmax temperature of the model. */
  temperature: number;
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  n: 2000,
  classes: ['ang', 'hap', 'neu', 'sad'],
  dim: 16,
  flipRate: 0.1,
  seed: 7,
  folds: 5,
  separation: 1.6,
  modelNoise: 1.0,
  temperature: 1.0,
};

export interface SyntheticRun {
  classes: string[];
  ids: string[];
  trueLabels: Int32Array;
  /** The labels a dataset would carry: true labels with `flipRate` of them flipped. */
  labels: Int32Array;
  flipped: Set<string>;
  folds: Int32Array;
  /** n x C. */
  probs: Float64Array;
  dim: number;
  /** n x dim. */
  embeddings: Float32Array;
}

export function syntheticRun(options: Partial<SyntheticOptions> = {}): SyntheticRun {
  const o = { ...DEFAULT_SYNTHETIC, ...options };
  const rnd = new Prng(o.seed);
  const C = o.classes.length;
  const centres = Array.from({ length: C }, () => {
    const v = Array.from({ length: o.dim }, () => rnd.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => (o.separation * x) / norm);
  });
  const ids: string[] = [];
  const trueLabels = new Int32Array(o.n);
  const labels = new Int32Array(o.n);
  const folds = new Int32Array(o.n);
  const probs = new Float64Array(o.n * C);
  const embeddings = new Float32Array(o.n * o.dim);
  const flipped = new Set<string>();
  const flips = Math.round(o.flipRate * o.n);
  // Flip an exact count, chosen by a seeded shuffle, so precision@k is measured on a known k.
  const order = Array.from({ length: o.n }, (_, i) => i);
  for (let i = o.n - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const flipSet = new Set(order.slice(0, flips));
  for (let i = 0; i < o.n; i++) {
    const id = `utt${String(i).padStart(5, '0')}`;
    ids.push(id);
    const y = i % C;
    trueLabels[i] = y;
    folds[i] = i % o.folds;
    const e = centres[y].map((c) => c + rnd.normal());
    e.forEach((v, t) => (embeddings[i * o.dim + t] = v));
    const seen = e.map((v) => v + o.modelNoise * rnd.normal());
    const logits = centres.map((c) => -c.reduce((s, cv, t) => s + (seen[t] - cv) ** 2, 0) / (2 * o.temperature));
    const max = Math.max(...logits);
    const ex = logits.map((l) => Math.exp(l - max));
    const z = ex.reduce((a, b) => a + b, 0);
    ex.forEach((v, c) => (probs[i * C + c] = v / z));
    if (flipSet.has(i)) {
      labels[i] = (y + 1 + rnd.int(C - 1)) % C;
      flipped.add(id);
    } else {
      labels[i] = y;
    }
  }
  return { classes: o.classes, ids, trueLabels, labels, flipped, folds, probs, dim: o.dim, embeddings };
}

/** The run as the training engine would write it: OOF entries carry the (noisy) labels trained on. */
export function asOof(run: SyntheticRun): OofPredictions {
  const C = run.classes.length;
  return {
    classes: run.classes,
    dim: run.dim,
    utterances: run.ids.map((id, i) => ({ id, label: run.classes[run.labels[i]], fold: run.folds[i], probs: Array.from(run.probs.subarray(i * C, (i + 1) * C)) })),
    embeddings: run.embeddings,
  };
}

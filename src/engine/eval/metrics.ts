/**
 * Classification metrics as speech-emotion papers report them (percentages 0-100):
 *   WA (weighted accuracy) = overall accuracy; UA (unweighted accuracy) = mean per-class recall over the classes
 *   present in the reference; macro-F1 = mean per-class F1 over the same classes.
 */

export interface Metrics {
  WA: number;
  UA: number;
  macroF1: number;
  /** Per-class recall, percent; NaN for a class absent from the reference. */
  recall: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  /** Items scored. */
  n: number;
}

export function confusionMatrix(truth: readonly number[], predicted: readonly number[], classes: number): number[][] {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} labels for ${predicted.length} predictions`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

export function metricsFromConfusion(confusion: number[][]): Metrics {
  const k = confusion.length;
  let n = 0;
  let correct = 0;
  const recall: number[] = [];
  const f1: number[] = [];
  for (let c = 0; c < k; c++) {
    const row = confusion[c].reduce((a, b) => a + b, 0);
    const col = confusion.reduce((a, r) => a + r[c], 0);
    const tp = confusion[c][c];
    n += row;
    correct += tp;
    recall.push(row > 0 ? (100 * tp) / row : Number.NaN);
    if (row > 0) f1.push(tp === 0 ? 0 : (200 * tp) / (row + col));
  }
  const present = recall.filter((r) => !Number.isNaN(r));
  return {
    WA: n > 0 ? (100 * correct) / n : 0,
    UA: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0,
    macroF1: f1.length > 0 ? f1.reduce((a, b) => a + b, 0) / f1.length : 0,
    recall,
    confusion,
    n,
  };
}

export function computeMetrics(truth: readonly number[], predicted: readonly number[], classes: number): Metrics {
  return metricsFromConfusion(confusionMatrix(truth, predicted, classes));
}

/** Index of the largest value (first on ties). */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Mean and sample standard deviation. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(v) };
}

/**
 * Model and neighbourhood evidence combined into one posterior per utterance: a logarithmic opinion pool
 *     r_c  proportional to  p_c^a * q_c^b
 * of the out-of-fold probabilities p and the smoothed neighbourhood label distribution q, with the weights (a, b)
 * calibrated on the data: the pair that maximises the likelihood of the given labels, sum_i log r_{y_i}(i).
 *
 * Why this form: the two sources err differently (the model on acoustically confusable classes, the neighbourhood
 * where labels are locally noisy), so a product of the two sharpens agreement and softens one-sided evidence. The
 * calibration is what keeps it at least as good as the model alone: when the neighbourhood says nothing (random
 * embeddings), the fitted b goes to 0 and the ranking falls back to the model's; when the model is overconfident, a
 * shrinks. Two parameters fitted on thousands of labels cannot overfit, and an utterance's own label never enters
 * its own neighbourhood (self is excluded), so nothing leaks.
 *
 * q is smoothed towards the label frequencies with ALPHA pseudo-neighbours, so one disagreeing neighbour out of
 * one is not certainty, and a class absent from the neighbourhood keeps a finite log.
 */

export interface CombinedEvidence {
  /** n x C combined posterior, rows summing to 1. */
  posterior: Float64Array;
  /** Suspicion = 1 - posterior of the given label; higher = more likely mislabelled. */
  score: Float64Array;
  /** The most probable label other than the given one. */
  suggested: Int32Array;
  /** The fitted weights of the model (a) and of the neighbourhood (b). */
  weights: { model: number; neighbourhood: number };
}

/** Pseudo-neighbours voting with the label frequencies. */
const ALPHA = 1;
/** Weights tried by the calibration; 0 lets a source drop out entirely. */
const GRID = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
/** Rows used to fit the two weights (an even stride over all rows beyond this). */
const FIT_ROWS = 20000;
const FLOOR = 1e-12;

/**
 * Combines `probs` (n x C) with the neighbourhood `distribution` (n x C, rows summing to 1 or all zero) of
 * `voters` neighbours each. Without a neighbourhood (distribution undefined) the model alone is used, calibrated.
 */
export function combineEvidence(probs: Float64Array, labels: Int32Array, C: number, neighbourhood?: { distribution: Float64Array; voters: Int32Array }): CombinedEvidence {
  const n = labels.length;
  const prior = new Float64Array(C);
  for (let i = 0; i < n; i++) prior[labels[i]] += 1 / n;
  const logP = new Float64Array(n * C);
  const logQ = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    const m = neighbourhood ? neighbourhood.voters[i] : 0;
    for (let c = 0; c < C; c++) {
      logP[i * C + c] = Math.log(Math.max(probs[i * C + c], FLOOR));
      const q = neighbourhood ? (m * neighbourhood.distribution[i * C + c] + ALPHA * prior[c]) / (m + ALPHA) : prior[c];
      logQ[i * C + c] = Math.log(Math.max(q, FLOOR));
    }
  }
  const stride = Math.max(1, Math.ceil(n / FIT_ROWS));
  let best = { a: 1, b: 0, ll: -Infinity };
  for (const a of GRID) {
    for (const b of neighbourhood ? GRID : [0]) {
      if (a === 0 && b === 0) continue;
      let ll = 0;
      for (let i = 0; i < n; i += stride) ll += logPosterior(logP, logQ, i, C, a, b, labels[i]);
      // Ties keep the earlier (smaller) weights: the simpler explanation.
      if (ll > best.ll + 1e-9) best = { a, b, ll };
    }
  }
  const posterior = new Float64Array(n * C);
  const score = new Float64Array(n);
  const suggested = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, best.a * logP[i * C + c] + best.b * logQ[i * C + c]);
    let z = 0;
    for (let c = 0; c < C; c++) z += posterior[i * C + c] = Math.exp(best.a * logP[i * C + c] + best.b * logQ[i * C + c] - max);
    let alt = -1;
    for (let c = 0; c < C; c++) {
      posterior[i * C + c] /= z;
      if (c !== labels[i] && (alt < 0 || posterior[i * C + c] > posterior[i * C + alt])) alt = c;
    }
    score[i] = 1 - posterior[i * C + labels[i]];
    suggested[i] = alt;
  }
  return { posterior, score, suggested, weights: { model: best.a, neighbourhood: best.b } };
}

function logPosterior(logP: Float64Array, logQ: Float64Array, i: number, C: number, a: number, b: number, y: number): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, a * logP[i * C + c] + b * logQ[i * C + c]);
  let z = 0;
  for (let c = 0; c < C; c++) z += Math.exp(a * logP[i * C + c] + b * logQ[i * C + c] - max);
  return a * logP[i * C + y] + b * logQ[i * C + y] - max - Math.log(z);
}

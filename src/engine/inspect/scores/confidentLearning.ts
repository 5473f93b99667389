/**
 * Confident learning on out-of-fold probabilities (Northcutt, Jiang, Chuang: "Confident Learning: Estimating
 * Uncertainty in Dataset Labels", JAIR 70, 2021), with the definitions of the cleanlab library:
 *
 *  - per-class threshold t_j = mean of p_j(x) over the examples labelled j (cleanlab `get_confident_thresholds`):
 *    the model's average self-confidence on class j, so a class the model is shy about gets a lower bar;
 *  - confident joint C[i][j] = number of examples labelled i whose confident label is j, the confident label being
 *    the argmax of p_j(x) among the classes with p_j(x) >= t_j (cleanlab `count.compute_confident_joint`, which
 *    compares with t_j - 1e-6 so rounding does not drop an example exactly at its class mean); examples above no
 *    threshold are not counted;
 *  - self-confidence = p_label(x) (cleanlab `rank.get_self_confidence_for_each_label`);
 *  - normalised margin = (p_label(x) - max_{j != label} p_j(x) + 1) / 2 (cleanlab
 *    `rank.get_normalized_margin_for_each_label`).
 * Lower self-confidence or margin = more likely mislabelled. The probabilities must be out-of-fold: in-sample
 * probabilities drift to the given labels and hide the errors this looks for.
 */

export interface ConfidentLearning {
  /** Per-class thresholds t_j (NaN for a class nobody is labelled with). */
  thresholds: Float64Array;
  /** C x C counts, confidentJoint[given][confident]. */
  confidentJoint: number[][];
  /** The confident joint calibrated to the label counts and normalised to sum 1 (the paper's Q, eq. 3). */
  jointDistribution: number[][];
  /** p_label(x) per example. */
  selfConfidence: Float64Array;
  /** (p_label - max other + 1) / 2 per example, in [0, 1]. */
  normalizedMargin: Float64Array;
  /** The confident label per example (-1 when no class reaches its threshold). */
  confidentLabel: Int32Array;
  /** 1 when the confident label exists and differs from the given one: an off-diagonal example of C. */
  offDiagonal: Uint8Array;
}

/** cleanlab's tolerance when comparing probabilities with thresholds. */
const THRESHOLD_SLACK = 1e-6;

/** Confident learning over n examples: `probs` n x C (rows sum to 1), `labels` class indices. */
export function confidentLearning(probs: Float64Array, labels: Int32Array, C: number): ConfidentLearning {
  const n = labels.length;
  const sums = new Float64Array(C);
  const counts = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    sums[labels[i]] += probs[i * C + labels[i]];
    counts[labels[i]]++;
  }
  const thresholds = new Float64Array(C);
  for (let j = 0; j < C; j++) thresholds[j] = counts[j] > 0 ? sums[j] / counts[j] : Number.NaN;

  const confidentJoint = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const selfConfidence = new Float64Array(n);
  const normalizedMargin = new Float64Array(n);
  const confidentLabel = new Int32Array(n).fill(-1);
  const offDiagonal = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    const row = i * C;
    let best = -1;
    let bestP = -Infinity;
    let maxOther = 0;
    for (let j = 0; j < C; j++) {
      const p = probs[row + j];
      if (j !== y && p > maxOther) maxOther = p;
      // A class nobody is labelled with has no threshold and cannot be a confident label.
      if (p >= thresholds[j] - THRESHOLD_SLACK && p > bestP) {
        best = j;
        bestP = p;
      }
    }
    selfConfidence[i] = probs[row + y];
    normalizedMargin[i] = (probs[row + y] - maxOther + 1) / 2;
    if (best >= 0) {
      confidentLabel[i] = best;
      confidentJoint[y][best]++;
      if (best !== y) offDiagonal[i] = 1;
    }
  }
  return { thresholds, confidentJoint, jointDistribution: calibrateJoint(confidentJoint, counts), selfConfidence, normalizedMargin, confidentLabel, offDiagonal };
}

/**
 * The paper's calibration (eq. 3): each row of the confident joint is rescaled to the number of examples that
 * carry that label, then the whole matrix to sum 1, giving an estimate of the joint of given and true labels.
 */
export function calibrateJoint(confidentJoint: number[][], labelCounts: ArrayLike<number>): number[][] {
  const C = confidentJoint.length;
  const out = confidentJoint.map((row, i) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s > 0 ? (v / s) * labelCounts[i] : 0));
  });
  let total = 0;
  for (const row of out) for (const v of row) total += v;
  return total > 0 ? out.map((row) => row.map((v) => v / total)) : Array.from({ length: C }, () => new Array<number>(C).fill(0));
}

/** Example indices ordered most suspicious first by `score` (lower = more suspicious); ties by index. */
export function rankAscending(score: ArrayLike<number>): number[] {
  return Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
}

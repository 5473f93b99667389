/**
 * Neighbourhood disagreement: how much of an utterance's embedding neighbourhood carries another label, and which.
 *
 * Each of the k nearest neighbours (cosine, self excluded) votes for its own label with weight
 * w = exp(-d / h), d = 1 - similarity and h = the mean d of this utterance's neighbours. The bandwidth adapts to the
 * local density, so the score means the same in a tight cluster and in a sparse region, and the nearest neighbours
 * count most without a near-duplicate (d close to 0) taking all the weight as 1/d weighting would.
 */
import type { KnnGraph } from '../knn/knnIndex';

export interface NeighbourEvidence {
  /** Weighted share of the neighbourhood whose label differs from the utterance's, 0..1 (0 with no neighbours). */
  disagreement: Float64Array;
  /** The label with the largest weight among the differing neighbours (-1 when all agree or none exist). */
  supported: Int32Array;
  /** n x C weighted label distribution of the neighbourhood (all zeros when the utterance has no neighbours). */
  distribution: Float64Array;
  /** Neighbours that voted, per utterance. */
  voters: Int32Array;
}

/** Scores every row of `graph` (indices may be -1 for missing neighbours) against `labels`. */
export function neighbourDisagreement(graph: KnnGraph, labels: Int32Array, C: number): NeighbourEvidence {
  const { n, k } = graph;
  const disagreement = new Float64Array(n);
  const supported = new Int32Array(n).fill(-1);
  const distribution = new Float64Array(n * C);
  const voters = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    let m = 0;
    for (let p = 0; p < k; p++) {
      if (graph.indices[i * k + p] < 0) continue;
      h += 1 - graph.similarities[i * k + p];
      m++;
    }
    voters[i] = m;
    if (m === 0) continue;
    h /= m;
    let total = 0;
    for (let p = 0; p < k; p++) {
      const j = graph.indices[i * k + p];
      if (j < 0) continue;
      const d = Math.max(0, 1 - graph.similarities[i * k + p]);
      // h = 0: every neighbour is a duplicate of this utterance; they all count the same.
      const w = h > 0 ? Math.exp(-d / h) : 1;
      distribution[i * C + labels[j]] += w;
      total += w;
    }
    let other = 0;
    let best = -1;
    for (let c = 0; c < C; c++) {
      const v = (distribution[i * C + c] /= total);
      if (c === labels[i]) continue;
      other += v;
      if (v > 0 && (best < 0 || v > distribution[i * C + best])) best = c;
    }
    disagreement[i] = other;
    supported[i] = best;
  }
  return { disagreement, supported, distribution, voters };
}

/**
 * Every per-utterance score of a run, computed once and shared by the suspect list, the pairs and the retrain
 * comparison: confident learning on the out-of-fold probabilities, the neighbourhood vote in the embedding, and
 * their calibrated combination.
 */
import type { InspectionData } from './inspectionData';
import type { KnnGraph } from './knn/knnIndex';
import { NeighbourSpace, type NeighbourScope } from './neighbourSpace';
import { confidentLearning, type ConfidentLearning } from './scores/confidentLearning';
import { neighbourDisagreement, type NeighbourEvidence } from './scores/neighbourDisagreement';
import { combineEvidence, type CombinedEvidence } from './scores/combinedEvidence';

/** Neighbours per utterance in the neighbourhood vote. */
export const DEFAULT_NEIGHBOURS = 10;

export interface AnalysisOptions {
  /** Neighbours voting per utterance; default 10. */
  k?: number;
  /** Default 'fold' (see neighbourSpace.ts). */
  scope?: NeighbourScope;
  threads?: number;
  signal?: AbortSignal;
  /** Share of the neighbour search done, 0..1. */
  onProgress?: (fraction: number) => void;
}

export interface SuspectAnalysis {
  data: InspectionData;
  space: NeighbourSpace;
  graph: KnnGraph;
  model: ConfidentLearning;
  neighbourhood: NeighbourEvidence;
  combined: CombinedEvidence;
  /** argmax of the out-of-fold probabilities per utterance. */
  predicted: Int32Array;
}

/** The neighbour space and kNN graph of `data` (they depend on the embeddings and folds only, not on labels). */
export async function buildNeighbourhood(data: InspectionData, options: AnalysisOptions = {}): Promise<{ space: NeighbourSpace; graph: KnnGraph }> {
  const space = new NeighbourSpace(data.embeddings, data.ids.length, data.dim, data.folds, options.scope ?? 'fold');
  const graph = await space.graph(options.k ?? DEFAULT_NEIGHBOURS, {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) => options.onProgress?.(done / total),
  });
  return { space, graph };
}

/** Every score of `data` over a neighbourhood built for the same rows (cheap: no search; rerun after relabelling). */
export function scoreSuspects(data: InspectionData, space: NeighbourSpace, graph: KnnGraph): SuspectAnalysis {
  const n = data.ids.length;
  const C = data.classes.length;
  const model = confidentLearning(data.probs, data.labels, C);
  const neighbourhood = neighbourDisagreement(graph, data.labels, C);
  const combined = combineEvidence(data.probs, data.labels, C, neighbourhood);
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (data.probs[i * C + c] > data.probs[i * C + best]) best = c;
    predicted[i] = best;
  }
  return { data, space, graph, model, neighbourhood, combined, predicted };
}

export async function analyseSuspects(data: InspectionData, options: AnalysisOptions = {}): Promise<SuspectAnalysis> {
  const { space, graph } = await buildNeighbourhood(data, options);
  return scoreSuspects(data, space, graph);
}

/** What a suspect list is ranked by: the combined evidence (default) or one of confident learning's rankings. */
export type RankBy = 'combined' | 'self-confidence' | 'margin';

/**
 * Row indices, most suspicious first by `rankBy` (combined: higher suspicion first; self-confidence and margin:
 * lower first, as cleanlab ranks), then by lower self-confidence, then file order.
 */
export function suspectOrder(a: SuspectAnalysis, rankBy: RankBy = 'combined'): number[] {
  const sc = a.model.selfConfidence;
  const key: ArrayLike<number> =
    rankBy === 'combined' ? a.combined.score : rankBy === 'self-confidence' ? Float64Array.from(sc, (v) => 1 - v) : Float64Array.from(a.model.normalizedMargin, (v) => 1 - v);
  return Array.from({ length: sc.length }, (_, i) => i).sort((x, y) => key[y] - key[x] || sc[x] - sc[y] || x - y);
}

/** The neighbourhood's own plurality label (over all classes), -1 without neighbours. */
export function neighbourhoodPlurality(a: SuspectAnalysis, i: number): number {
  const C = a.data.classes.length;
  if (a.neighbourhood.voters[i] === 0) return -1;
  let best = 0;
  for (let c = 1; c < C; c++) if (a.neighbourhood.distribution[i * C + c] > a.neighbourhood.distribution[i * C + best]) best = c;
  return best;
}

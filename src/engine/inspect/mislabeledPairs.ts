/**
 * Mislabelled pairs, the Siamese view of a label error: two utterances the encoder places next to each other
 * (mutual nearest neighbours, or closer than a similarity threshold) that carry different labels. A contrastive
 * loss pushes such a pair apart; if they sound alike, one label is probably wrong.
 *
 * Which side: the one whose combined posterior (model + neighbourhood, see combinedEvidence.ts) gives more weight
 * to the other side's label; it should probably take that label. The pair's score is
 *     similarity (clipped at 0)  x  max(r_a[label_b], r_b[label_a])
 * so a pair ranks high when it is close and at least one side's evidence leans to the other's label.
 */
import type { SuspectAnalysis } from './suspectAnalysis';

/** Neighbours of each side considered for mutual pairs. */
export const DEFAULT_PAIR_NEIGHBOURS = 5;

export interface PairSide {
  id: string;
  label: string;
  /** Out-of-fold probability of its own label. */
  selfConfidence: number;
  /** Combined posterior of the other side's label. */
  posteriorOfOther: number;
  /** Its neighbourhood disagreement (see neighbourDisagreement.ts). */
  neighbourDisagreement: number;
}

export interface LabelPair {
  /** 1-based position in the list. */
  rank: number;
  a: PairSide;
  b: PairSide;
  /** Cosine similarity of the two embeddings. */
  similarity: number;
  /** Each is among the other's nearest neighbours. */
  mutual: boolean;
  /** The side more likely mislabelled. */
  likelyWrong: 'a' | 'b';
  /** What that side should probably be: the other side's label. */
  suggested: string;
  /** Combined posterior of `suggested` for the likely wrong side. */
  confidence: number;
  score: number;
}

/** Decides whether an annotator has dismissed a pair while its sides carry these labels. */
export interface PairVerdicts {
  pairDismissed(a: string, b: string, labelA: string, labelB: string): boolean;
}

export interface PairOptions {
  /** Neighbours per side for the mutual test; default 5 (at most the analysis' k). */
  neighbours?: number;
  /** Also pair any two neighbours at least this similar, mutual or not; default: mutual pairs only. */
  minSimilarity?: number;
  top?: number;
  verdicts?: PairVerdicts;
}

export interface PairList {
  pairs: LabelPair[];
  /** Candidate pairs found before the cut-off. */
  candidates: number;
  dismissed: number;
}

export function mislabeledPairs(a: SuspectAnalysis, options: PairOptions = {}): PairList {
  const { data, graph, combined, model, neighbourhood } = a;
  const C = data.classes.length;
  const m = Math.min(options.neighbours ?? DEFAULT_PAIR_NEIGHBOURS, graph.k);
  const near = (i: number, j: number): boolean => {
    for (let p = 0; p < m; p++) if (graph.indices[i * graph.k + p] === j) return true;
    return false;
  };
  const seen = new Set<string>();
  const found: Omit<LabelPair, 'rank'>[] = [];
  for (let i = 0; i < graph.n; i++) {
    for (let p = 0; p < graph.k; p++) {
      const j = graph.indices[i * graph.k + p];
      if (j < 0 || data.labels[i] === data.labels[j]) continue;
      const sim = graph.similarities[i * graph.k + p];
      const mutual = p < m && near(j, i);
      if (!mutual && !(options.minSimilarity !== undefined && sim >= options.minSimilarity)) continue;
      const [x, y] = i < j ? [i, j] : [j, i];
      const key = `${x}:${y}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const side = (s: number, other: number): PairSide => ({
        id: data.ids[s],
        label: data.classes[data.labels[s]],
        selfConfidence: model.selfConfidence[s],
        posteriorOfOther: combined.posterior[s * C + data.labels[other]],
        neighbourDisagreement: neighbourhood.disagreement[s],
      });
      const sa = side(x, y);
      const sb = side(y, x);
      // Ties go to the side the model is less sure of, then to the first.
      const aWrong = sa.posteriorOfOther > sb.posteriorOfOther || (sa.posteriorOfOther === sb.posteriorOfOther && sa.selfConfidence <= sb.selfConfidence);
      const confidence = aWrong ? sa.posteriorOfOther : sb.posteriorOfOther;
      found.push({
        a: sa,
        b: sb,
        similarity: sim,
        mutual: near(x, y) && near(y, x),
        likelyWrong: aWrong ? 'a' : 'b',
        suggested: aWrong ? sb.label : sa.label,
        confidence,
        score: Math.max(0, sim) * confidence,
      });
    }
  }
  found.sort((p, q) => q.score - p.score || q.similarity - p.similarity || p.a.id.localeCompare(q.a.id) || p.b.id.localeCompare(q.b.id));
  const pairs: LabelPair[] = [];
  let dismissed = 0;
  for (const f of found) {
    if (options.verdicts?.pairDismissed(f.a.id, f.b.id, f.a.label, f.b.label)) {
      dismissed++;
      continue;
    }
    if (pairs.length < (options.top ?? Number.POSITIVE_INFINITY)) pairs.push({ rank: pairs.length + 1, ...f });
  }
  return { pairs, candidates: found.length, dismissed };
}

/**
 * How well a suspect ranking finds known label errors (synthetic flips, or the demo corpus' planted ones):
 *   precision@k  with k = the number of flipped labels: the share of the top k that are flips (equal to recall@k);
 *   AUROC        the probability that a random flipped utterance ranks above a random clean one (ties count half),
 *                computed as the Mann-Whitney U statistic.
 * The ranking must list every scored utterance, most suspicious first, or give each one a score (higher = more
 * suspicious); utterances it does not list are ignored, and flips it does not list count as missed for precision.
 */

export interface LabelNoiseScores {
  /** Share of the top k that are flipped, k = number of flips; NaN when there are none. */
  precisionAtK: number;
  /** Area under the ROC curve of flipped vs clean; NaN when either group is empty. */
  auroc: number;
  k: number;
  /** Utterances in the ranking. */
  ranked: number;
}

export type SuspectRanking = readonly string[] | readonly { id: string; score: number }[];

export function labelNoiseScores(truthFlipped: ReadonlySet<string>, ranking: SuspectRanking): LabelNoiseScores {
  // A plain list is a ranking: its position is its score.
  const scored: { id: string; score: number }[] =
    ranking.length > 0 && typeof ranking[0] === 'string'
      ? (ranking as readonly string[]).map((id, i) => ({ id, score: ranking.length - i }))
      : (ranking as readonly { id: string; score: number }[]).map((r) => ({ id: r.id, score: r.score }));
  const k = truthFlipped.size;
  // Stable sort by score, highest first: equal scores keep the caller's order.
  const ordered = scored.map((r, i) => ({ ...r, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  let hits = 0;
  for (let p = 0; p < Math.min(k, ordered.length); p++) if (truthFlipped.has(ordered[p].id)) hits++;
  const precisionAtK = k > 0 ? hits / k : Number.NaN;

  // Mann-Whitney: average ranks over ties, ascending by score.
  const asc = [...ordered].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  let pos = 0;
  for (let start = 0; start < asc.length; ) {
    let end = start;
    while (end + 1 < asc.length && asc[end + 1].score === asc[start].score) end++;
    const avgRank = (start + end) / 2 + 1;
    for (let q = start; q <= end; q++) {
      if (truthFlipped.has(asc[q].id)) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    start = end + 1;
  }
  const neg = asc.length - pos;
  const auroc = pos > 0 && neg > 0 ? (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
  return { precisionAtK, auroc, k, ranked: scored.length };
}

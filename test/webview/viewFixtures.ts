/** Builders of the plain data the views show (suspects, pairs, training events), seeded and small. */
import type { PairItem, SuspectItem } from '../../src/shared/views/viewTypes';

export const CLASSES = ['ang', 'hap', 'neu', 'sad'];

export function suspect(rank: number, overrides: Partial<SuspectItem> = {}): SuspectItem {
  const label = CLASSES[rank % 4];
  const suggested = CLASSES[(rank + 1) % 4];
  return {
    rank,
    id: `Ses0${(rank % 5) + 1}F_impro0${rank % 7}_F${String(rank).padStart(3, '0')}`,
    score: Math.max(0.05, 0.95 - rank * 0.03),
    label,
    suggested,
    suggestedProbability: 0.6,
    category: rank % 3 === 0 ? 'likely-wrong' : rank % 3 === 1 ? 'ambiguous' : 'uncertain',
    reasons: {
      model: { selfConfidence: 0.12, normalizedMargin: 0.21, predicted: suggested, predictedProbability: 0.71, confidentLabel: suggested, offDiagonal: true },
      neighbourhood: {
        disagreement: 0.7,
        supports: suggested,
        neighbours: 10,
        nearest: [
          { id: 'Ses01M_impro03_M010', label: suggested, similarity: 0.94 },
          { id: 'Ses02F_script01_F004', label, similarity: 0.9 },
        ],
      },
      evaluators: { evaluators: 3, shares: { [label]: 0.33, [suggested]: 0.5, '(other)': 0.17 }, agreement: 0.33, plurality: suggested, split: false, againstLabel: true },
    },
    ...overrides,
  };
}

export function pair(rank: number): PairItem {
  const la = CLASSES[rank % 4];
  const lb = CLASSES[(rank + 2) % 4];
  return {
    rank,
    a: { id: `Ses01F_impro01_F${String(rank).padStart(3, '0')}`, label: la, selfConfidence: 0.2, posteriorOfOther: 0.64, neighbourDisagreement: 0.6 },
    b: { id: `Ses02M_impro04_M${String(rank).padStart(3, '0')}`, label: lb, selfConfidence: 0.7, posteriorOfOther: 0.2, neighbourDisagreement: 0.1 },
    similarity: 0.96 - rank * 0.01,
    mutual: true,
    likelyWrong: 'a',
    suggested: lb,
    confidence: 0.64,
    score: 0.6,
  };
}

/**
 * Plain data the review views show, shared by the extension host (which builds it from the engine) and the
 * webviews (which draw it). No runtime imports: every side can use this file. The shapes are structurally
 * compatible with the engine's (Suspect, LabelPair, NeighbourInfo, EvaluatorVote, ...), so the host can pass the
 * engine's objects through unchanged (test/webview/viewTypes.compat.test.ts checks that at compile time).
 */

/** One record of an utterance's label history (label store), oldest first. */
export interface LabelHistoryItem {
  op: 'set' | 'undo' | 'redo';
  /** set: the effective label before the change; null = unlabelled. */
  old?: string | null;
  /** set: the label given. */
  new?: string;
  who: string;
  /** ISO 8601 UTC. */
  when: string;
  note?: string;
  /** A set record an undo has withdrawn (always false for undo/redo records). */
  undone: boolean;
}

/** One evaluator's categorical judgement (IEMOCAP C-E* / C-F* lines); codes as the corpus wrote them, normalised. */
export interface EvaluatorVoteInfo {
  evaluator: string;
  labels: string[];
  note?: string;
}

/** One evaluator's dimensional judgement, each on IEMOCAP's 1..5 scale. */
export interface DimensionalVoteInfo {
  evaluator: string;
  valence?: number;
  activation?: number;
  dominance?: number;
  note?: string;
}

/** The current run's out-of-fold prediction for one utterance. */
export interface PredictionInfo {
  /** Class names in the order of `probs`. */
  classes: string[];
  /** Probabilities, summing to 1. */
  probs: number[];
  predicted: string;
  /** Fold whose model predicted it. */
  fold?: number;
}

/** Everything the utterance view shows beside the waveform. */
export interface UtteranceDetail {
  id: string;
  /** Effective label (corpus + corrections); null = unlabelled. */
  label: string | null;
  corpusLabel: string | null;
  speaker: string;
  session: string;
  gender?: 'F' | 'M';
  /** IEMOCAP dialog, e.g. "Ses01F_impro01". */
  dialog?: string;
  transcript?: string;
  /** External evaluators' votes (IEMOCAP). */
  votes?: EvaluatorVoteInfo[];
  /** The actors' self-evaluations (IEMOCAP), shown apart. */
  selfVotes?: EvaluatorVoteInfo[];
  dimensionalVotes?: DimensionalVoteInfo[];
  /** Consensus [valence, activation, dominance], 1..5. */
  vad?: [number, number, number];
  attributes?: Record<string, string | number>;
  history: LabelHistoryItem[];
  prediction?: PredictionInfo;
  /** Combined suspicion of the label, 0..1, when a run is open. */
  suspicion?: number;
  /** The most probable other label under the run's evidence. */
  suggested?: string;
}

/** A neighbour in the run's embedding space (engine NeighbourInfo). */
export interface NeighbourItem {
  id: string;
  label: string;
  /** Cosine similarity. */
  similarity: number;
  fold?: number;
  /** Combined suspicion of the neighbour's own label, 0..1. */
  score?: number;
}

/** An utterance in a list (confusion-matrix cell, map selection). */
export interface UtteranceBrief {
  id: string;
  label: string | null;
  predicted?: string | null;
  speaker?: string;
}

/** likely-wrong / ambiguous (evaluators split) / uncertain; see the engine's suspects.ts. */
export type SuspectCategory = 'likely-wrong' | 'ambiguous' | 'uncertain';

/** The evaluators' view of a suspect (IEMOCAP). */
export interface EvaluatorReason {
  evaluators: number;
  /** Share of the vote per class, summing to 1. */
  shares: Record<string, number>;
  /** Share for the utterance's label. */
  agreement: number;
  plurality: string;
  split: boolean;
  againstLabel: boolean;
}

/** A ranked suspect with its reasons (engine Suspect). */
export interface SuspectItem {
  rank: number;
  id: string;
  /** Combined suspicion, 0..1. */
  score: number;
  label: string;
  suggested: string;
  suggestedProbability: number;
  category: SuspectCategory;
  reasons: {
    model: {
      selfConfidence: number;
      normalizedMargin: number;
      predicted: string;
      predictedProbability: number;
      confidentLabel: string | null;
      offDiagonal: boolean;
    };
    neighbourhood: {
      disagreement: number;
      supports: string | null;
      neighbours: number;
      nearest: { id: string; label: string; similarity: number }[];
    } | null;
    evaluators: EvaluatorReason | null;
  };
  /** The label the run trained on, when it differs from today's. */
  trainedLabel?: string;
}

export interface SuspectListData {
  suspects: SuspectItem[];
  /** Utterances scored. */
  scored: number;
  /** Left out because an annotator dismissed them. */
  dismissed: number;
}

/** One side of a pair (engine PairSide). */
export interface PairSideItem {
  id: string;
  label: string;
  selfConfidence: number;
  posteriorOfOther: number;
  neighbourDisagreement: number;
}

/** Two close utterances with different labels (engine LabelPair). */
export interface PairItem {
  rank: number;
  a: PairSideItem;
  b: PairSideItem;
  similarity: number;
  mutual: boolean;
  /** The side more likely mislabelled. */
  likelyWrong: 'a' | 'b';
  /** What that side should probably be. */
  suggested: string;
  confidence: number;
  score: number;
}

export interface PairListData {
  pairs: PairItem[];
  candidates: number;
  dismissed: number;
}

export type ProjectionMethod = 'pca' | 'umap';

/** What the embedding map can colour points by. */
export type ColourBy = 'label' | 'predicted' | 'correct' | 'speaker' | 'session';

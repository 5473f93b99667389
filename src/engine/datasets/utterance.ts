/** The one shape every dataset adapter produces, whatever the corpus layout. */

/** Layouts the engine reads. */
export type DatasetFormat = 'iemocap' | 'emodb' | 'ravdess' | 'cremad' | 'manifest' | 'folders';
export const DATASET_FORMATS: readonly DatasetFormat[] = ['iemocap', 'emodb', 'ravdess', 'cremad', 'manifest', 'folders'];

/** One evaluator's categorical judgement of an utterance (IEMOCAP: a `C-E2:` or `C-F1:` line). */
export interface EvaluatorVote {
  /** Evaluator id as written in the corpus, e.g. "E2" or "F1". */
  evaluator: string;
  /** Normalised emotion codes, several when the evaluator chose several. */
  labels: string[];
  /** The free-text note in parentheses, if any. */
  note?: string;
}

/** One evaluator's dimensional judgement (IEMOCAP `A-E3:` lines), each on the corpus' 1..5 scale. */
export interface DimensionalVote {
  evaluator: string;
  valence?: number;
  activation?: number;
  dominance?: number;
  note?: string;
}

export interface Utterance {
  /** Unique within the dataset, e.g. "Ses01F_impro01_F000" or a manifest path relative to the root. */
  id: string;
  /** Absolute path of the audio file. */
  audioPath: string;
  /** Start of the region within audioPath, seconds; absent = from the beginning. */
  start?: number;
  /** End of the region within audioPath, seconds; absent = to the end. */
  end?: number;
  /** Speaker id, unique across the dataset (IEMOCAP: "Ses01F"). */
  speaker: string;
  /** Recording session, for leave-one-session-out (datasets without sessions use the speaker). */
  session: string;
  /** Normalised corpus emotion code ("ang", "hap", "exc", "neu", "sad", "fru", ...); undefined when unlabelled. */
  label: string | undefined;
  /** The label exactly as the corpus wrote it (code, letter or folder name). */
  rawLabel?: string;
  gender?: 'F' | 'M';
  /** IEMOCAP dialog (e.g. "Ses01F_impro01"); absent for corpora without dialogs. */
  dialog?: string;
  transcript?: string;
  /** External evaluators' categorical votes (IEMOCAP C-E* lines). */
  votes?: EvaluatorVote[];
  /** The actors' self-evaluations (IEMOCAP C-F1 / C-M1 lines), kept apart from external evaluators. */
  selfVotes?: EvaluatorVote[];
  /** Dimensional votes (IEMOCAP A-* lines). */
  dimensionalVotes?: DimensionalVote[];
  /** Consensus valence / activation / dominance when the corpus gives one (IEMOCAP's [V, A, D]). */
  vad?: [number, number, number];
  /** Other per-utterance attributes (RAVDESS intensity, CREMA-D level, EmoDB text id, ...). */
  attributes?: Record<string, string | number>;
}

/** A problem with one file; the rest of the dataset still loads. */
export interface DatasetIssue {
  file: string;
  message: string;
}

export interface LoadedDataset {
  format: DatasetFormat;
  /** Absolute path of the dataset root. */
  root: string;
  /** Every utterance listed by the corpus (labelled or not, in or out of the class map). */
  utterances: Utterance[];
  /** Per-file problems met while listing. */
  errors: DatasetIssue[];
}

/**
 * One run opened for inspection: what the extension's views and the CLI call. It loads the run and the dataset
 * once, builds the neighbour graph once (it depends on the embeddings only), and recomputes the cheap scores when
 * labels or verdicts change, so "correct a label, see the list update" never waits for a neighbour search.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError, throwIfAborted } from '../errors';
import type { LabelledDataset } from '../datasets/labelledDataset';
import { idIndex, type InspectionData } from './inspectionData';
import { joinDataset, loadInspection, type InspectionSelection } from './loadInspection';
import { readOofPredictions } from '../run/oofPredictions';
import { buildNeighbourhood, DEFAULT_NEIGHBOURS, scoreSuspects, type RankBy, type SuspectAnalysis } from './suspectAnalysis';
import type { NeighbourScope } from './neighbourSpace';
import { describeSuspect, suspectList, type Suspect, type SuspectList } from './suspects';
import { mislabeledPairs, type PairList, type PairOptions } from './mislabeledPairs';
import { classSplits, type ClassSplit, type SplitOptions } from './classSplits';
import { VerdictStore, type VerdictAuthor } from './verdicts/verdictStore';
import type { Dismissal, Retraction } from './verdicts/verdictRecord';
import { projectRun, type Projection, type ProjectionParams, type ProjectOptions } from './projection/projectRun';
import { compareRuns, type CompareOptions } from './compareRuns';
import type { RetrainComparison } from './retrainComparison';

export interface SessionOptions {
  /** Neighbours per utterance for the scores; default 10. */
  k?: number;
  /** Default 'fold' (see neighbourSpace.ts). */
  scope?: NeighbourScope;
  threads?: number;
  signal?: AbortSignal;
  /** Stage and fraction done, for a progress bar. */
  onProgress?: (stage: 'scan' | 'neighbours', fraction: number) => void;
}

/** A neighbour of an utterance, for display. */
export interface NeighbourInfo {
  id: string;
  label: string;
  /** Cosine similarity; distance = 1 - similarity. */
  similarity: number;
  fold: number;
  /** Combined suspicion of the neighbour's own label. */
  score: number;
}

/** A projection with today's label and suspicion of each point (null for points no longer scored). */
export interface LabelledProjection extends Projection {
  labels: (string | null)[];
  scores: (number | null)[];
}

export class InspectionSession {
  private analysisNow: SuspectAnalysis;
  private rows: Map<string, number>;

  private constructor(
    private readonly fs: FileSystem,
    readonly runDir: string,
    readonly dataset: LabelledDataset,
    analysis: SuspectAnalysis,
    readonly verdicts: VerdictStore,
    private readonly options: SessionOptions,
  ) {
    this.analysisNow = analysis;
    this.rows = idIndex(analysis.data);
  }

  /** Opens the run at `runDir` over the dataset of `selection`: scan, join, neighbour graph, scores. */
  static async open(fs: FileSystem, selection: InspectionSelection, runDir: string, options: SessionOptions = {}): Promise<InspectionSession> {
    const loaded = await loadInspection(fs, selection, runDir, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.('scan', total > 0 ? done / total : 1),
    });
    throwIfAborted(options.signal, 'opening the run');
    const { space, graph } = await buildNeighbourhood(loaded.data, {
      k: options.k ?? DEFAULT_NEIGHBOURS,
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (f) => options.onProgress?.('neighbours', f),
    });
    const verdicts = await VerdictStore.open(fs, loaded.dataset.root);
    return new InspectionSession(fs, runDir, loaded.dataset, scoreSuspects(loaded.data, space, graph), verdicts, options);
  }

  /** The joined data the scores are computed from. */
  get data(): InspectionData {
    return this.analysisNow.data;
  }

  /** All per-utterance scores, as of the last refresh. */
  get analysis(): SuspectAnalysis {
    return this.analysisNow;
  }

  /**
   * Picks up label corrections and verdicts made since (by this or any other process). When the set of scored
   * utterances changed (a label left the class map), the neighbour graph is rebuilt; otherwise only scores are.
   */
  async refresh(): Promise<void> {
    await this.dataset.store.reload();
    await this.verdicts.reload();
    const data = joinDataset(await readOofPredictions(this.fs, this.runDir), this.dataset, this.runDir);
    const old = this.analysisNow;
    const same = data.ids.length === old.data.ids.length && data.ids.every((id, i) => id === old.data.ids[i]);
    if (same) {
      this.analysisNow = scoreSuspects(data, old.space, old.graph);
    } else {
      const { space, graph } = await buildNeighbourhood(data, {
        k: this.options.k ?? DEFAULT_NEIGHBOURS,
        ...(this.options.scope ? { scope: this.options.scope } : {}),
        ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
      });
      this.analysisNow = scoreSuspects(data, space, graph);
    }
    this.rows = idIndex(data);
  }

  /** Ranked suspects, dismissed ones left out. */
  suspects(options: { top?: number; nearest?: number; rankBy?: RankBy } = {}): SuspectList {
    return suspectList(this.analysisNow, { ...options, classMap: this.dataset.classMap, verdicts: this.verdicts });
  }

  /** Confident learning's per-class view: thresholds, confident joint and its calibrated joint distribution. */
  confidentJoint(): { classes: string[]; thresholds: number[]; counts: number[][]; joint: number[][] } {
    const m = this.analysisNow.model;
    return { classes: [...this.data.classes], thresholds: Array.from(m.thresholds), counts: m.confidentJoint, joint: m.jointDistribution };
  }

  /** The full evidence for one utterance (whether or not it ranks high), with its rank among all scored. */
  suspect(id: string): Suspect & { dismissed: boolean } {
    const i = this.row(id);
    const s = this.analysisNow.combined.score;
    let rank = 1;
    for (let j = 0; j < s.length; j++) if (s[j] > s[i] || (s[j] === s[i] && j < i)) rank++;
    const out = describeSuspect(this.analysisNow, i, rank, { classMap: this.dataset.classMap });
    return { ...out, dismissed: this.verdicts.utteranceDismissed(id, out.label) };
  }

  /** Close pairs with different labels, dismissed ones left out. */
  pairs(options: Omit<PairOptions, 'verdicts'> = {}): PairList {
    return mislabeledPairs(this.analysisNow, { ...options, verdicts: this.verdicts });
  }

  /** Classes the embedding splits in two (same-label utterances far apart). */
  splits(options: SplitOptions = {}): ClassSplit[] {
    return classSplits(this.analysisNow, options);
  }

  /** The k nearest utterances to `id` in its neighbour space, most similar first. */
  neighbours(id: string, k = DEFAULT_NEIGHBOURS): NeighbourInfo[] {
    const a = this.analysisNow;
    return a.space.query(this.row(id), k).map((q) => ({
      id: a.data.ids[q.index],
      label: a.data.classes[a.data.labels[q.index]],
      similarity: q.similarity,
      fold: a.data.folds[q.index],
      score: a.combined.score[q.index],
    }));
  }

  /** A 2-D projection of the run (cached in the run directory unless `options.writeCache` is false) with today's labels and scores per point. */
  async projection(params: ProjectionParams, options: ProjectOptions = {}): Promise<LabelledProjection> {
    const p = await projectRun(this.fs, this.runDir, params, options);
    const a = this.analysisNow;
    const labels = p.ids.map((id) => (this.rows.has(id) ? a.data.classes[a.data.labels[this.rows.get(id)!]] : null));
    const scores = p.ids.map((id) => (this.rows.has(id) ? a.combined.score[this.rows.get(id)!] : null));
    return { ...p, labels, scores };
  }

  /** "Not an issue" for `id` with its current label. */
  dismissUtterance(id: string, by: VerdictAuthor): Promise<Dismissal> {
    const i = this.row(id);
    return this.verdicts.dismissUtterance(id, this.data.classes[this.data.labels[i]], by);
  }

  /** "Not an issue" for the pair (a, b) with their current labels. */
  dismissPair(a: string, b: string, by: VerdictAuthor): Promise<Dismissal> {
    const [i, j] = [this.row(a), this.row(b)];
    return this.verdicts.dismissPair(a, b, this.data.classes[this.data.labels[i]], this.data.classes[this.data.labels[j]], by);
  }

  /** Withdraws the dismissal `verdictId`. */
  retractVerdict(verdictId: string, who: string): Promise<Retraction> {
    return this.verdicts.retract(verdictId, who);
  }

  /** This run (after a retrain) against an earlier run of the same dataset (before). */
  compareWithEarlier(beforeRunDir: string, options: CompareOptions = {}): Promise<RetrainComparison> {
    return compareRuns(this.fs, this.dataset, beforeRunDir, this.runDir, {
      k: this.options.k ?? DEFAULT_NEIGHBOURS,
      ...(this.options.scope ? { scope: this.options.scope } : {}),
      ...options,
    });
  }

  private row(id: string): number {
    const i = this.rows.get(id);
    if (i === undefined) {
      const dropped = this.data.dropped.find((d) => d.id === id);
      throw new SerError('usage', undefined, dropped ? `utterance ${id} is in the run but ${dropped.reason === 'not-in-dataset' ? 'no longer in the dataset' : 'no longer usable (label outside the class map?)'}` : `utterance ${id} is not in this run`);
    }
    return i;
  }
}

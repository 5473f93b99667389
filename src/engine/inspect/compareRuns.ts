/**
 * Loads two runs of one dataset and compares them (see retrainComparison.ts): each run's suspects are computed
 * from its own out-of-fold predictions against the labels it trained on.
 */
import type { FileSystem } from '../io/fileSystem';
import type { LabelledDataset } from '../datasets/labelledDataset';
import { withTrainedLabels } from './inspectionData';
import { loadRunFor } from './loadInspection';
import { analyseSuspects, type AnalysisOptions } from './suspectAnalysis';
import { suspectList } from './suspects';
import { readRunMetrics } from './runMetrics';
import { compareRetrain, type RetrainComparison, type RunSuspects } from './retrainComparison';

export interface CompareOptions extends Omit<AnalysisOptions, 'onProgress'> {
  /** A suspect is an utterance whose combined suspicion is at least this; default 0.5 (evidence favours another label). */
  minScore?: number;
  /** Instead of minScore: the top k of each run. */
  top?: number;
}

export async function compareRuns(fs: FileSystem, dataset: LabelledDataset, beforeRunDir: string, afterRunDir: string, options: CompareOptions = {}): Promise<RetrainComparison> {
  const side = async (runDir: string): Promise<RunSuspects> => {
    const data = withTrainedLabels(await loadRunFor(fs, dataset, runDir));
    const analysis = await analyseSuspects(data, options);
    const all = suspectList(analysis).suspects;
    const suspects = options.top !== undefined ? all.slice(0, options.top) : all.filter((s) => s.score >= (options.minScore ?? 0.5));
    const metrics = await readRunMetrics(fs, runDir);
    return {
      runDir,
      ...(metrics ? { metrics } : {}),
      folds: new Map(data.ids.map((id, i) => [id, data.folds[i]] as const)),
      labels: new Map(data.ids.map((id, i) => [id, data.classes[data.labels[i]]] as const)),
      suspects: suspects.map((s) => ({ id: s.id, score: s.score, suggested: s.suggested })),
    };
  };
  return compareRetrain(await side(beforeRunDir), await side(afterRunDir));
}

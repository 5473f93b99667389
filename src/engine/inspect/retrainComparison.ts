/**
 * Before and after a retrain: did fixing labels help? Two runs on the same folds are compared on their metrics
 * (WA/UA/macro-F1 from metrics.json) and on their suspect lists: which suspects disappeared, which remain, which
 * are new. Each run's suspects are judged against the labels that run trained on, so the "before" list is the one
 * the annotator worked from; a suspect that disappeared because its label was corrected is marked `relabelled`.
 * Folds must match utterance by utterance, or a change could come from a different split; mismatches are listed.
 */
import { metricDelta, type HeadlineMetrics, type RunMetrics } from './runMetrics';

/** One run's side of the comparison. */
export interface RunSuspects {
  runDir: string;
  metrics?: RunMetrics;
  /** Every utterance of the run with its fold. */
  folds: ReadonlyMap<string, number>;
  /** Labels the run trained on. */
  labels: ReadonlyMap<string, string>;
  /** Its suspects, most suspicious first (typically the top k). */
  suspects: readonly { id: string; score: number; suggested: string }[];
}

export interface SuspectChange {
  id: string;
  /** 1-based rank before / after; null when not in that list. */
  before: number | null;
  after: number | null;
  /** Trained label before / after (null when the run lacks the utterance). */
  labelBefore: string | null;
  labelAfter: string | null;
  /** The label changed between the runs (an annotator corrected it). */
  relabelled: boolean;
}

export interface RetrainComparison {
  before: { runDir: string; metrics?: RunMetrics };
  after: { runDir: string; metrics?: RunMetrics };
  /** after - before; a metric is absent when either run lacks it. */
  delta: HeadlineMetrics;
  /** Every utterance in both runs has the same fold in both. */
  sameFolds: boolean;
  /** Utterances in both runs whose fold differs (at most 100 listed). */
  foldMismatches: string[];
  /** Utterances in only one of the runs. */
  onlyBefore: number;
  onlyAfter: number;
  disappeared: SuspectChange[];
  remained: SuspectChange[];
  appeared: SuspectChange[];
}

export function compareRetrain(before: RunSuspects, after: RunSuspects): RetrainComparison {
  const mismatches: string[] = [];
  let mismatchCount = 0;
  let onlyBefore = 0;
  for (const [id, fold] of before.folds) {
    const other = after.folds.get(id);
    if (other === undefined) onlyBefore++;
    else if (other !== fold) {
      mismatchCount++;
      if (mismatches.length < 100) mismatches.push(id);
    }
  }
  let onlyAfter = 0;
  for (const id of after.folds.keys()) if (!before.folds.has(id)) onlyAfter++;
  const rankBefore = new Map(before.suspects.map((s, k) => [s.id, k + 1] as const));
  const rankAfter = new Map(after.suspects.map((s, k) => [s.id, k + 1] as const));
  const change = (id: string): SuspectChange => {
    const lb = before.labels.get(id) ?? null;
    const la = after.labels.get(id) ?? null;
    return { id, before: rankBefore.get(id) ?? null, after: rankAfter.get(id) ?? null, labelBefore: lb, labelAfter: la, relabelled: lb !== null && la !== null && lb !== la };
  };
  const disappeared: SuspectChange[] = [];
  const remained: SuspectChange[] = [];
  for (const s of before.suspects) (rankAfter.has(s.id) ? remained : disappeared).push(change(s.id));
  const appeared = after.suspects.filter((s) => !rankBefore.has(s.id)).map((s) => change(s.id));
  const out: RetrainComparison = {
    before: { runDir: before.runDir, ...(before.metrics ? { metrics: before.metrics } : {}) },
    after: { runDir: after.runDir, ...(after.metrics ? { metrics: after.metrics } : {}) },
    delta: metricDelta(before.metrics, after.metrics),
    sameFolds: mismatchCount === 0,
    foldMismatches: mismatches,
    onlyBefore,
    onlyAfter,
    disappeared,
    remained,
    appeared,
  };
  return out;
}

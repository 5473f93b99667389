/**
 * Turns finished folds into the run's results: metrics.json (per fold, mean +- std over folds, pooled confusion)
 * and the out-of-fold predictions every inspection score reads (each utterance exactly once, predicted by the
 * model that never heard its speaker).
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import type { EvalMetrics, EvalProtocol, FoldMetrics } from '../../shared/trainTypes';
import { writeOofPredictions, type OofEntry } from '../run/oofPredictions';
import { runPaths } from '../run/runDirectory';
import { meanStd, metricsFromConfusion } from './metrics';
import { readFoldResult } from './foldTask';

export async function aggregateFolds(fs: FileSystem, runDir: string, folds: number, classes: string[], protocol: EvalProtocol): Promise<EvalMetrics> {
  const C = classes.length;
  const pooled = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const perFold: FoldMetrics[] = [];
  const entries: OofEntry[] = [];
  const chunks: Float32Array[] = [];
  let dim = 0;
  for (let f = 0; f < folds; f++) {
    const dir = runPaths(runDir).fold(f);
    const r = await readFoldResult(fs, dir);
    if (!r) throw new SerError('not-found', dir, `fold ${f} has no result`);
    const { result, embeddings } = r;
    perFold.push({ index: result.index, name: result.name, n: result.n, WA: result.WA, UA: result.UA, macroF1: result.macroF1, bestEpoch: result.bestEpoch, epochsRun: result.epochsRun, seconds: result.seconds });
    for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) pooled[i][j] += result.confusion[i][j];
    dim = result.dim;
    result.test.forEach((t) => entries.push({ id: t.id, label: classes[t.label], fold: f, probs: t.probs }));
    chunks.push(embeddings);
  }
  const emb = new Float32Array(entries.length * dim);
  let at = 0;
  for (const c of chunks) {
    emb.set(c, at);
    at += c.length;
  }
  await writeOofPredictions(fs, runDir, { classes, dim, utterances: entries, embeddings: emb });
  const p = metricsFromConfusion(pooled);
  const wa = meanStd(perFold.map((f) => f.WA));
  const ua = meanStd(perFold.map((f) => f.UA));
  const f1 = meanStd(perFold.map((f) => f.macroF1));
  const metrics: EvalMetrics = {
    WA: wa.mean, UA: ua.mean, macroF1: f1.mean,
    std: { WA: wa.std, UA: ua.std, macroF1: f1.std },
    pooled: { WA: p.WA, UA: p.UA, macroF1: p.macroF1 },
    classes, confusion: pooled, folds: perFold, protocol,
  };
  await fs.writeFileAtomic(runPaths(runDir).metrics, `${JSON.stringify(metrics, null, 2)}\n`);
  return metrics;
}

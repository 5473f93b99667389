/**
 * Runs as the editor lists and overlays them: a brief per run folder (run.json + metrics.json, read defensively)
 * and a run's out-of-fold predictions per utterance (predicted class and its probability) for the dataset tree.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';
import { readRunInfo, runPaths } from '../run/runDirectory';
import { OOF_JSON, readOofPredictions } from '../run/oofPredictions';
import { MODEL_JSON } from '../model/modelFiles';
import { readRunMetrics } from '../inspect/runMetrics';
import type { RunBrief, RunOverlay, WirePrediction } from '../../shared/protocol';
import type { EvalMetrics } from '../../shared/trainTypes';

/** Where the editor's Train Model puts the model trained on all speakers, inside the evaluation's run folder. */
export const FINAL_MODEL_FOLDER = 'final';

/** The brief of the run in `runDir`; undefined when the folder holds no run (or an unreadable run.json). */
export async function runBrief(fs: FileSystem, runDir: string): Promise<RunBrief | undefined> {
  let info;
  try {
    info = await readRunInfo(fs, runDir);
  } catch {
    return undefined;
  }
  const hasPredictions = (await fs.stat(joinPath(runDir, OOF_JSON)))?.isFile === true;
  const metrics = await readRunMetrics(fs, runDir);
  if (!info) {
    // Predictions without run.json (written by another tool, or an older engine): still a run the editor can show.
    if (!hasPredictions) return undefined;
    const st = await fs.stat(joinPath(runDir, OOF_JSON));
    const when = new Date(st?.mtimeMs ?? 0).toISOString();
    const bare: RunBrief = { runDir, kind: 'eval', status: 'complete', datasetRoot: '', createdAt: when, updatedAt: when, classes: [], utterances: 0, hasPredictions, hasModel: false };
    if (metrics && metrics.UA !== undefined && metrics.WA !== undefined) bare.metrics = { UA: metrics.UA, WA: metrics.WA, macroF1: metrics.macroF1 ?? 0 };
    return bare;
  }
  const brief: RunBrief = {
    runDir,
    kind: info.kind,
    status: info.status,
    datasetRoot: info.dataset?.root ?? '',
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
    classes: Array.isArray(info.classes) ? info.classes : [],
    utterances: typeof info.utterances === 'number' ? info.utterances : 0,
    hasPredictions,
    hasModel:
      (await fs.stat(joinPath(runPaths(runDir).model, MODEL_JSON)))?.isFile === true ||
      (await fs.stat(joinPath(runPaths(joinPath(runDir, FINAL_MODEL_FOLDER)).model, MODEL_JSON)))?.isFile === true,
  };
  if (info.config && typeof info.config === 'object') brief.config = info.config;
  if (info.protocol) brief.protocol = info.protocol;
  if (info.backend) brief.backend = `${info.backend.name} (${info.backend.device})`;
  if (metrics && metrics.UA !== undefined && metrics.WA !== undefined) brief.metrics = { UA: metrics.UA, WA: metrics.WA, macroF1: metrics.macroF1 ?? 0 };
  return brief;
}

/** Every run in `dirs` (each a run folder, or a folder of run folders), newest first. */
export async function listRuns(fs: FileSystem, dirs: readonly string[]): Promise<RunBrief[]> {
  const found = new Map<string, RunBrief>();
  for (const dir of dirs) {
    const own = await runBrief(fs, dir);
    if (own) {
      found.set(dir, own);
      continue;
    }
    const st = await fs.stat(dir);
    if (!st?.isDirectory) continue;
    for (const e of await fs.readdir(dir)) {
      if (!e.isDirectory || e.name.startsWith('.')) continue;
      const sub = joinPath(dir, e.name);
      const b = await runBrief(fs, sub);
      if (b) found.set(sub, b);
    }
  }
  return [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The run's brief and, when it has them, its out-of-fold predictions and full metrics. */
export async function runOverlay(fs: FileSystem, runDir: string): Promise<RunOverlay> {
  const run = await runBrief(fs, runDir);
  if (!run) throw new SerError('not-found', runDir, 'not a SER Studio run (no readable run.json)');
  const predictions: Record<string, WirePrediction> = {};
  let classes = run.classes;
  if (run.hasPredictions) {
    const oof = await readOofPredictions(fs, runDir);
    classes = oof.classes;
    for (const u of oof.utterances) {
      let best = 0;
      for (let c = 1; c < u.probs.length; c++) if (u.probs[c] > u.probs[best]) best = c;
      predictions[u.id] = { predicted: oof.classes[best], confidence: u.probs[best], probs: u.probs, fold: u.fold, trainedLabel: u.label };
    }
  }
  const out: RunOverlay = { run, classes, predictions };
  const metrics = await readEvalMetrics(fs, runDir);
  if (metrics) out.metrics = metrics;
  return out;
}

/** metrics.json as the evaluation wrote it, when it has the full shape (confusion matrix and folds). */
async function readEvalMetrics(fs: FileSystem, runDir: string): Promise<EvalMetrics | undefined> {
  const file = runPaths(runDir).metrics;
  if (!(await fs.stat(file))) return undefined;
  try {
    const m = JSON.parse(await fs.readText(file)) as EvalMetrics;
    if (Array.isArray(m.classes) && Array.isArray(m.confusion) && Array.isArray(m.folds) && typeof m.UA === 'number') return m;
  } catch {
    // A damaged metrics.json: the brief's headline (read defensively) is what the editor shows.
  }
  return undefined;
}

/**
 * The run directory: everything one training or evaluation run produced, in files a person can read.
 *   run.json        what was run: dataset, classes, config, protocol, backend, status, a fingerprint
 *   metrics.json    evaluation metrics (per fold, mean +- std, pooled confusion)
 *   log.txt         what happened, with timestamps
 *   oof.json + oof-embeddings.f32   out-of-fold predictions (see oofPredictions.ts)
 *   folds/fold-NN/  per-fold checkpoint (while training), result.json + embeddings.f32 (when done)
 *   model/          the final model (see model/modelFiles.ts)
 *   grid/<variant>/ sub-runs of `ser eval --grid`
 * A run whose fingerprint matches resumes in place (finished folds are kept, an interrupted fold continues from its
 * checkpoint); a different run is refused rather than mixed into it.
 */
import { createHash } from 'node:crypto';
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { joinPath } from '../datasets/paths';
import type { BackendSummary, EvalProtocol } from '../../shared/trainTypes';

export const RUN_FORMAT = 'ser-run';
export const RUN_VERSION = 1;

export interface RunInfo {
  format: typeof RUN_FORMAT;
  version: number;
  kind: 'eval' | 'train';
  createdAt: string;
  updatedAt: string;
  status: 'running' | 'complete' | 'cancelled' | 'failed';
  error?: string;
  dataset: { root: string; format: string; classes: string; subset: string };
  classes: string[];
  protocol?: EvalProtocol;
  folds?: { index: number; name: string; train: number; validation: number; test: number }[];
  utterances: number;
  config: unknown;
  featureConfig: unknown;
  backend?: BackendSummary;
  /** Hash of dataset, classes, labels, config and protocol: equal fingerprints = the same run. */
  fingerprint: string;
}

export const runPaths = (runDir: string) => ({
  info: joinPath(runDir, 'run.json'),
  metrics: joinPath(runDir, 'metrics.json'),
  log: joinPath(runDir, 'log.txt'),
  model: joinPath(runDir, 'model'),
  fold: (index: number) => joinPath(runDir, 'folds', `fold-${String(index).padStart(2, '0')}`),
  grid: (variant: string) => joinPath(runDir, 'grid', variant),
});

/** A stable hash of any JSON-able value (object keys sorted). */
export function fingerprintOf(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex').slice(0, 24);
}

export async function readRunInfo(fs: FileSystem, runDir: string): Promise<RunInfo | undefined> {
  const file = runPaths(runDir).info;
  if (!(await fs.stat(file))) return undefined;
  let info: RunInfo;
  try {
    info = JSON.parse(await fs.readText(file)) as RunInfo;
  } catch (err) {
    throw new SerError('parse', file, `not valid JSON: ${(err as Error).message}`);
  }
  if (info.format !== RUN_FORMAT) throw new SerError('corrupt', file, 'not a SER Studio run (run.json has another format)');
  return info;
}

export async function writeRunInfo(fs: FileSystem, runDir: string, info: RunInfo): Promise<void> {
  await fs.writeFileAtomic(runPaths(runDir).info, `${JSON.stringify({ ...info, updatedAt: new Date().toISOString() }, null, 2)}\n`);
}

/**
 * Prepares `runDir` for a run with `fingerprint`: a new or empty folder starts fresh; a folder holding the same run
 * resumes; anything else is refused (never overwritten: it may be someone's results).
 */
export async function claimRunDir(fs: FileSystem, runDir: string, fingerprint: string): Promise<'new' | 'resume'> {
  const st = await fs.stat(runDir);
  if (st && !st.isDirectory) throw new SerError('usage', runDir, 'exists and is not a folder');
  const existing = await readRunInfo(fs, runDir);
  if (existing) {
    if (existing.fingerprint === fingerprint) return 'resume';
    throw new SerError('usage', runDir, 'holds a different run (other dataset, labels, config or protocol); choose another --out');
  }
  if (st && (await fs.readdir(runDir)).some((e) => !e.name.startsWith('.'))) {
    throw new SerError('usage', runDir, 'is not empty and is not a SER Studio run; choose another --out');
  }
  await fs.mkdirp(runDir);
  return 'new';
}

/** Appends timestamped lines to the run's log.txt. */
export class RunLog {
  constructor(
    private readonly fs: FileSystem,
    private readonly runDir: string,
    private readonly echo?: (line: string) => void,
  ) {}

  async write(message: string): Promise<void> {
    const line = `${new Date().toISOString()} ${message}`;
    this.echo?.(line);
    await this.fs.appendDurable(runPaths(this.runDir).log, `${line}\n`);
  }
}

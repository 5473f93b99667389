/**
 * A run's headline metrics from its metrics.json, read defensively: the file is written by the evaluation engine
 * and its shape may grow. Known fields: WA, UA, macroF1 (percent, 0-100, mean over folds), `pooled` (the same over
 * all out-of-fold predictions) and `folds[]`. Anything missing or not a finite number is left out and noted.
 */
import type { FileSystem } from '../io/fileSystem';
import { joinPath } from '../datasets/paths';

export interface HeadlineMetrics {
  WA?: number;
  UA?: number;
  macroF1?: number;
}

export interface RunMetrics extends HeadlineMetrics {
  pooled?: HeadlineMetrics;
  folds?: ({ index: number } & HeadlineMetrics)[];
  file: string;
  /** What could not be read, in plain words (empty when all is well). */
  problems: string[];
}

function headline(o: unknown, where: string, problems: string[]): HeadlineMetrics {
  const out: HeadlineMetrics = {};
  if (o === null || typeof o !== 'object') return out;
  for (const key of ['WA', 'UA', 'macroF1'] as const) {
    const v = (o as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${where}${key} is not a number`);
    else {
      if (v < 0 || v > 100) problems.push(`${where}${key} = ${v} is outside 0-100 (percent expected)`);
      out[key] = v;
    }
  }
  return out;
}

/** The run's metrics; undefined when it has no metrics.json (yet). */
export async function readRunMetrics(fs: FileSystem, runDir: string): Promise<RunMetrics | undefined> {
  const file = joinPath(runDir, 'metrics.json');
  if (!(await fs.stat(file))) return undefined;
  const problems: string[] = [];
  let o: unknown;
  try {
    o = JSON.parse(await fs.readText(file));
  } catch (err) {
    return { file, problems: [`not valid JSON: ${(err as Error).message}`] };
  }
  const out: RunMetrics = { ...headline(o, '', problems), file, problems };
  const rec = (o ?? {}) as Record<string, unknown>;
  if (rec.pooled !== undefined) out.pooled = headline(rec.pooled, 'pooled.', problems);
  if (Array.isArray(rec.folds)) {
    out.folds = rec.folds.map((f: unknown, k: number) => {
      const idx = (f as { index?: unknown } | null)?.index;
      return { index: typeof idx === 'number' ? idx : k, ...headline(f, `folds[${k}].`, problems) };
    });
  }
  return out;
}

/** after - before for each metric both runs have. */
export function metricDelta(before: HeadlineMetrics | undefined, after: HeadlineMetrics | undefined): HeadlineMetrics {
  const out: HeadlineMetrics = {};
  for (const key of ['WA', 'UA', 'macroF1'] as const) {
    const a = before?.[key];
    const b = after?.[key];
    if (a !== undefined && b !== undefined) out[key] = b - a;
  }
  return out;
}

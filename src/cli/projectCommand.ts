import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type CliContext, type ExitCode } from './cliContext';
import { INSPECT_OPTIONS, intOption, openInspection } from './suspectsCommand';
import { ProgressDisplay } from './progressDisplay';

/**
 * `ser project <dir> --run <runDir> --method pca|umap --out FILE`: the run's embeddings in 2-D with each point's
 * label and suspicion, as JSON (`{method, ids, x, y, labels, scores, ...}`) or CSV when FILE ends in .csv.
 * Cached in the run folder: a second call with the same run and settings is immediate.
 */
export async function projectCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INSPECT_OPTIONS, method: { type: 'string' }, out: { type: 'string' }, fold: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' } },
  });
  const method = values.method ?? 'pca';
  if (method !== 'pca' && method !== 'umap') throw new UsageError(`--method must be pca or umap, not "${method}"`);
  if (!values.out) throw new UsageError('missing --out FILE (.json or .csv)');
  const fold = values.fold === undefined ? undefined : Number(values.fold);
  if (fold !== undefined && !(Number.isInteger(fold) && fold >= 0)) throw new UsageError(`--fold must be a fold index (0, 1, ...), not "${values.fold}"`);
  const session = await openInspection(ctx, positionals[0], values);
  const progress = new ProgressDisplay(ctx.stderr, method);
  const p = await session.projection(
    {
      method,
      ...(fold !== undefined ? { fold } : {}),
      ...(values.epochs !== undefined ? { epochs: intOption(values.epochs, '--epochs', 0) } : {}),
      ...(values.seed !== undefined ? { seed: intOption(values.seed, '--seed', 42) } : {}),
    },
    { signal: ctx.signal, onProgress: (f, stage) => progress.update(Math.round(f * 1000), 1000, stage) },
  );
  progress.finish();
  const out = path.resolve(ctx.cwd, values.out);
  const x = Array.from({ length: p.ids.length }, (_, i) => p.coords[2 * i]);
  const y = Array.from({ length: p.ids.length }, (_, i) => p.coords[2 * i + 1]);
  if (out.toLowerCase().endsWith('.csv')) {
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = p.ids.map((id, i) => [q(id), x[i], y[i], p.labels[i] ?? '', p.scores[i] === null ? '' : p.scores[i]!.toFixed(4)].join(','));
    await ctx.fs.writeFileAtomic(out, `id,x,y,label,score\n${rows.join('\n')}\n`);
  } else {
    const body = { method: p.method, params: p.params, ...(p.explainedVariance ? { explainedVariance: p.explainedVariance } : {}), ids: p.ids, x, y, labels: p.labels, scores: p.scores };
    await ctx.fs.writeFileAtomic(out, `${JSON.stringify(body)}\n`);
  }
  const ev = p.explainedVariance ? `, ${(100 * (p.explainedVariance[0] + p.explainedVariance[1])).toFixed(1)}% of the variance` : '';
  ctx.stderr.write(`${p.method.toUpperCase()} of ${p.ids.length} embeddings${ev} -> ${out}${p.cached ? ' (from the cache)' : ''}\n`);
  return 0;
}

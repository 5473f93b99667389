/**
 * `ser features <dir>`: extracts log-mel (or MFCC) features of the dataset's usable utterances into the cache,
 * in parallel worker threads, and prints what happened. Utterances that fail are listed with the reason and do
 * not change the exit status (0); a folder that is not a dataset exits 2.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { extractDataset, type DatasetExtraction } from '../engine/jobs/extractJob';
import { featureDims } from '../engine/features/featureConfig';
import type { CliContext, ExitCode } from './cliContext';
import { UsageError } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';
import { formatSeconds, ProgressDisplay } from './progressDisplay';

/** Problems listed in full; the rest are counted. */
const MAX_LISTED = 20;

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number >= ${min}, not "${text}"`);
  return Number(text);
}

export async function featuresCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...DATASET_OPTIONS,
      cache: { type: 'string' },
      workers: { type: 'string' },
      kind: { type: 'string' },
      mels: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`features takes one dataset folder, not ${positionals.length}`);
  const selection = datasetSelection(ctx.cwd, positionals[0], values);
  if (values.kind !== undefined && values.kind !== 'logmel' && values.kind !== 'mfcc') throw new UsageError(`--kind must be logmel or mfcc, not "${values.kind}"`);
  const workers = wholeNumber('workers', values.workers, 0);
  const nMels = wholeNumber('mels', values.mels, 1);
  const cacheDir = values.cache !== undefined ? path.resolve(ctx.cwd, values.cache) : path.join(selection.root, '.ser', 'features');

  const progress = new ProgressDisplay(ctx.stderr, 'extracting features');
  const result = await extractDataset(
    ctx.fs,
    {
      ...selection,
      cacheDir,
      ...(workers !== undefined ? { workers } : {}),
      featureConfig: { ...(values.kind !== undefined ? { kind: values.kind } : {}), ...(nMels !== undefined ? { nMels } : {}) },
    },
    {
      signal: ctx.signal,
      distDir: ctx.distDir,
      onProgress: (p) => progress.update(p.done, p.total, `(${p.cached} cached, ${p.computed} computed, ${p.failed} failed)`),
    },
  );
  progress.finish();
  ctx.stdout.write(formatExtraction(result, cacheDir));
  return 0;
}

export function formatExtraction(r: DatasetExtraction, cacheDir: string): string {
  const s = r.summary;
  const c = r.config;
  const ms = (samples: number) => `${((1000 * samples) / c.sampleRate).toFixed(1)} ms`;
  const speed = s.seconds > 0 ? `${Math.round(s.audioSeconds / s.seconds)}x realtime` : 'instant';
  const where = s.workers === 0 ? 'in this thread' : `${s.workers} worker thread${s.workers === 1 ? '' : 's'}`;
  const lines = [
    `${r.root}`,
    `  format      ${r.format}`,
    `  features    ${c.kind}, ${featureDims(c)} values per frame (${ms(c.winLength)} ${c.window} window, ${ms(c.hopLength)} hop, ${c.nFft}-point FFT, ${c.nMels} mels, ${c.sampleRate} Hz)`,
    `  cache       ${cacheDir}`,
    `  utterances  ${s.total}: ${s.cached} cached, ${s.computed} computed, ${s.failed} failed`,
    `  audio       ${formatSeconds(s.audioSeconds)} (${(s.audioSeconds / 3600).toFixed(2)} h) in ${formatSeconds(s.seconds)}, ${speed}, ${where}`,
  ];
  const list = (title: string, items: { file: string; message: string }[]) => {
    if (items.length === 0) return;
    lines.push(`  ${title}`);
    for (const e of items.slice(0, MAX_LISTED)) lines.push(`    ${e.file}: ${e.message}`);
    if (items.length > MAX_LISTED) lines.push(`    ... ${items.length - MAX_LISTED} more`);
  };
  list(`failed (${s.failed}; these utterances have no features, the rest were extracted)`, s.errors);
  list(`repaired (${s.repaired.length} damaged cache entries, recomputed)`, s.repaired);
  list(`warnings (${s.warnings.length})`, s.warnings);
  if (r.scanErrors.length > 0) lines.push(`  skipped     ${r.scanErrors.length} files the scan could not use (see \`ser scan\`)`);
  return `${lines.join('\n')}\n`;
}

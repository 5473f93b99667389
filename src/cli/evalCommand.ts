/**
 * `ser eval <dir>`: speaker-independent evaluation (leave-one-session-out or leave-one-speaker-out) of the training
 * config; with --grid the paper's comparison table. With --json, stdout ends with one JSON object:
 * {"WA", "UA", "macroF1", "folds", "backend", "seconds", ...} (percentages 0-100).
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate } from '../engine/eval/evaluate';
import { engineEnvironment } from '../engine/jobs/engineEnvironment';
import { defaultCacheDir } from '../engine/jobs/cacheLocation';
import { PROTOCOLS } from '../engine/eval/folds';
import type { EvalProtocol, EvalSummary, GridRow } from '../shared/trainTypes';
import type { CliContext, ExitCode } from './cliContext';
import { UsageError } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';
import { TRAIN_OPTIONS, defaultRunDir, trainArgs } from './trainArgs';
import { TrainEventPrinter } from './trainEvents';

export async function evalCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...DATASET_OPTIONS,
      ...TRAIN_OPTIONS,
      protocol: { type: 'string' },
      grid: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const sel = datasetSelection(ctx.cwd, positionals[0], values);
  const protocol = values.protocol as EvalProtocol | undefined;
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join('|')}`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError('--jobs must be a positive integer');
  const t = await trainArgs(ctx.fs, ctx.cwd, values);
  const runDir = values.out !== undefined ? path.resolve(ctx.cwd, values.out) : defaultRunDir(ctx.cwd, values.grid ? 'grid' : 'eval');
  const cacheDir = t.cacheDir ?? defaultCacheDir(sel.root);
  const env = engineEnvironment({ fs: ctx.fs, distDir: ctx.distDir, ...(process.env.SER_NATIVE_DIR ? { nativeDir: process.env.SER_NATIVE_DIR } : {}) }, { cacheDir, ...(jobs !== undefined ? { jobs } : {}) });
  const printer = new TrainEventPrinter(ctx.stderr, values.verbose);
  const gen = evaluate(env, { ...sel, ...t, runDir, cacheDir, ...(protocol ? { protocol } : {}), grid: values.grid }, ctx.signal);
  let r = await gen.next();
  while (!r.done) {
    printer.show(r.value);
    r = await gen.next();
  }
  const s = r.value;
  if (values.json) {
    const m = s.metrics;
    ctx.stdout.write(`${JSON.stringify({
      WA: m.WA, UA: m.UA, macroF1: m.macroF1, std: m.std, pooled: m.pooled, folds: m.folds.length, protocol: m.protocol,
      classes: m.classes, confusion: m.confusion, backend: s.backend.name, device: s.backend.device, seconds: s.seconds, runDir: s.runDir,
      perFold: m.folds, ...(s.grid ? { grid: s.grid } : {}), errors: s.errors,
    })}\n`);
  } else {
    ctx.stdout.write(formatEval(s));
  }
  return 0;
}

export function formatEval(s: EvalSummary): string {
  const m = s.metrics;
  const lines = [
    `${m.protocol} over ${m.folds.length} folds on ${s.backend.name} (${s.backend.device}), ${s.seconds.toFixed(1)} s`,
    `  UA ${m.UA.toFixed(2)} +- ${m.std.UA.toFixed(2)}   WA ${m.WA.toFixed(2)} +- ${m.std.WA.toFixed(2)}   macro-F1 ${m.macroF1.toFixed(2)} +- ${m.std.macroF1.toFixed(2)}   (mean over folds)`,
    `  pooled over all utterances: UA ${m.pooled.UA.toFixed(2)} WA ${m.pooled.WA.toFixed(2)} macro-F1 ${m.pooled.macroF1.toFixed(2)}`,
    '  folds:',
    ...m.folds.map((f) => `    ${f.name.padEnd(10)} n=${String(f.n).padStart(5)}  UA ${f.UA.toFixed(2).padStart(6)}  WA ${f.WA.toFixed(2).padStart(6)}  best epoch ${f.bestEpoch}`),
    '  confusion (rows: true, columns: predicted):',
    `    ${''.padEnd(6)}${m.classes.map((c) => c.padStart(6)).join('')}`,
    ...m.confusion.map((row, i) => `    ${m.classes[i].padEnd(6)}${row.map((v) => String(v).padStart(6)).join('')}`),
  ];
  if (s.grid) lines.push('', formatGrid(s.grid));
  if (s.errors.length) lines.push(`  ${s.errors.length} utterance(s) skipped (see the warnings above)`);
  lines.push(`  run: ${s.runDir}`);
  return `${lines.join('\n')}\n`;
}

/** The paper's table: variant, WA, UA, and the difference from the cross-entropy-only model. */
export function formatGrid(rows: GridRow[]): string {
  const head = `${'variant'.padEnd(26)}${'WA'.padStart(8)}${'UA'.padStart(8)}${'dWA'.padStart(8)}${'dUA'.padStart(8)}`;
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
  return [
    head,
    ...rows.map((r, i) => `${r.variant.padEnd(26)}${r.WA.toFixed(2).padStart(8)}${r.UA.toFixed(2).padStart(8)}${(i === 0 ? '-' : sign(r.deltaWA)).padStart(8)}${(i === 0 ? '-' : sign(r.deltaUA)).padStart(8)}`),
  ].join('\n');
}

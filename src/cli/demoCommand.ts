/**
 * `ser demo [--out DIR]`: the product on its embedded default. Writes the synthetic demo corpus (exact IEMOCAP
 * layout, a few deliberately wrong labels listed in demo-truth.json) unless it is already there, scans it, and runs
 * the speaker-independent evaluation (5 sessions, leave-one-session-out) whose out-of-fold predictions the
 * inspection views read. A second run reuses the corpus, the feature cache and the finished evaluation.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCorpus } from '../engine/demo/demoCorpus';
import { TRUTH_FILE, readTruth } from '../engine/demo/corpusTruth';
import { runScan } from '../engine/jobs/scanJob';
import { evaluate } from '../engine/eval/evaluate';
import { engineEnvironment } from '../engine/jobs/engineEnvironment';
import { defaultCacheDir } from '../engine/jobs/cacheLocation';
import { parseBackendChoice } from '../engine/backend/ensureBackend';
import type { CliContext, ExitCode } from './cliContext';
import { formatSummary } from './scanCommand';
import { formatEval } from './evalCommand';
import { TrainEventPrinter } from './trainEvents';

/** Where `ser demo` keeps its evaluation run inside the corpus folder. */
export const DEMO_RUN = path.join('.ser', 'runs', 'demo-eval');

export async function demoCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'no-train': { type: 'boolean', default: false }, backend: { type: 'string' }, verbose: { type: 'boolean', short: 'v', default: false } },
  });
  const out = path.resolve(ctx.cwd, values.out ?? 'demo');
  const truthPath = path.join(out, TRUTH_FILE);
  if (await ctx.fs.stat(truthPath)) {
    ctx.stderr.write(`demo corpus already in ${out} (delete the folder to make a new one)\n`);
  } else {
    ctx.stderr.write(`writing the synthetic demo corpus to ${out} ...\n`);
    const started = Date.now();
    await writeDemoCorpus(ctx.fs, out, { signal: ctx.signal });
    ctx.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const truth = await readTruth(ctx.fs, truthPath);
  const scan = await runScan(ctx.fs, { root: out, format: 'auto' }, { signal: ctx.signal });
  ctx.stdout.write(formatSummary(scan));
  ctx.stdout.write(`  deliberately wrong labels: ${truth.flips.length} (listed in ${truthPath})\n`);
  if (values['no-train']) return 0;

  const runDir = path.join(out, DEMO_RUN);
  const cacheDir = defaultCacheDir(out);
  const env = engineEnvironment({ fs: ctx.fs, distDir: ctx.distDir }, { cacheDir });
  const printer = new TrainEventPrinter(ctx.stderr, values.verbose);
  ctx.stderr.write(`evaluating leave-one-session-out into ${runDir} ...\n`);
  const gen = evaluate(env, { root: out, runDir, cacheDir, ...(values.backend ? { backend: parseBackendChoice(values.backend, '--backend') } : {}) }, ctx.signal);
  let r = await gen.next();
  while (!r.done) {
    printer.show(r.value);
    r = await gen.next();
  }
  ctx.stdout.write(formatEval(r.value));
  ctx.stdout.write(`\nnext: ser suspects ${out} --run ${runDir}   (the labels most likely wrong; compare with ${TRUTH_FILE})\n`);
  return 0;
}

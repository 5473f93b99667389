/** `ser train <dir> --out <runDir>`: one model on the whole dataset, saved in <runDir>/model for `ser predict`. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { trainRun } from '../engine/train/trainRun';
import { engineEnvironment } from '../engine/jobs/engineEnvironment';
import { defaultCacheDir } from '../engine/jobs/cacheLocation';
import type { CliContext, ExitCode } from './cliContext';
import { DATASET_OPTIONS, datasetSelection } from './datasetArgs';
import { TRAIN_OPTIONS, defaultRunDir, trainArgs } from './trainArgs';
import { TrainEventPrinter } from './trainEvents';

export async function trainCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...DATASET_OPTIONS, ...TRAIN_OPTIONS, json: { type: 'boolean', default: false } },
  });
  const sel = datasetSelection(ctx.cwd, positionals[0], values);
  const t = await trainArgs(ctx.fs, ctx.cwd, values);
  const runDir = values.out !== undefined ? path.resolve(ctx.cwd, values.out) : defaultRunDir(ctx.cwd, 'train');
  const cacheDir = t.cacheDir ?? defaultCacheDir(sel.root);
  const env = engineEnvironment({ fs: ctx.fs, distDir: ctx.distDir, ...(process.env.SER_NATIVE_DIR ? { nativeDir: process.env.SER_NATIVE_DIR } : {}) }, { cacheDir, jobs: 1 });
  const printer = new TrainEventPrinter(ctx.stderr, true);
  const gen = trainRun(env, { ...sel, ...t, runDir, cacheDir }, ctx.signal);
  let r = await gen.next();
  while (!r.done) {
    printer.show(r.value);
    r = await gen.next();
  }
  const s = r.value;
  if (values.json) ctx.stdout.write(`${JSON.stringify(s)}\n`);
  else {
    const v = s.validation ? `, validation UA ${s.validation.UA.toFixed(2)} WA ${s.validation.WA.toFixed(2)}` : '';
    ctx.stdout.write(`trained ${s.classes.join('/')} on ${s.backend.name} (${s.backend.device}) in ${s.seconds.toFixed(1)} s: best epoch ${s.bestEpoch} of ${s.epochsRun}${v}\nmodel: ${path.join(s.runDir, 'model')}\n`);
  }
  return 0;
}

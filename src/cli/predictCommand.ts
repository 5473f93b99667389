/** `ser predict <runDir> <wav...>`: probabilities per class and the embedding of each file. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBackend, parseBackendChoice } from '../engine/backend/ensureBackend';
import { predictFiles } from '../engine/model/predictFiles';
import { runPaths } from '../engine/run/runDirectory';
import type { CliContext, ExitCode } from './cliContext';
import { UsageError } from './cliContext';

export async function predictCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'same-speaker': { type: 'boolean', default: false }, backend: { type: 'string' } },
  });
  const [runDir, ...files] = positionals;
  if (!runDir || files.length === 0) throw new UsageError('predict needs <runDir> and at least one WAV file');
  const backend = await ensureBackend(values.backend ? { backend: parseBackendChoice(values.backend, '--backend') } : {});
  const r = await predictFiles(ctx.fs, runPaths(path.resolve(ctx.cwd, runDir)).model, files.map((f) => path.resolve(ctx.cwd, f)), { sameSpeaker: values['same-speaker'], signal: ctx.signal });
  for (const e of r.errors) ctx.stderr.write(`${e.file}: ${e.message}\n`);
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ classes: r.classes, backend: backend.name, predictions: r.predictions, errors: r.errors })}\n`);
  } else {
    for (const p of r.predictions) {
      const probs = r.classes.map((c) => `${c} ${(100 * p.probabilities[c]).toFixed(1)}%`).join('  ');
      ctx.stdout.write(`${p.file}\n  ${p.predicted}   (${probs})\n`);
    }
  }
  return r.predictions.length > 0 || r.errors.length === 0 ? 0 : 1;
}

/**
 * `ser setup-backend`: builds the native TensorFlow engine offline (tfjs-node, or tfjs-node-gpu with --gpu, against
 * TensorFlow 2.21 from a pip wheel) and reports each step; `--check` shows which backend the engine would use and
 * why the better ones are not; `--bench` times a training step on it.
 *
 *   ser setup-backend [--gpu] [--wheel FILE.whl] [--libtensorflow FILE.tar.gz] [--dir FOLDER] [--force] [--json]
 *   ser setup-backend --check [--backend auto|node-gpu|node|wasm|cpu] [--dir FOLDER] [--threads N] [--bench] [--json]
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { SerError } from '../engine/errors';
import { ensureBackend, parseBackendChoice } from '../engine/backend/ensureBackend';
import { defaultSetupBase } from '../engine/backend/native/nativeLocations';
import { BENCH_SHAPE, timeTrainingSteps } from '../engine/backend/probeModel';
import { setupNativeEngine } from '../engine/backend/setup/nativeSetup';
import { NativeSetupError, type SetupEvent, type SetupResult } from '../engine/backend/setup/setupTypes';
import { formatSeconds } from './progressDisplay';
import { UsageError, type CliContext, type ExitCode } from './cliContext';

export const SETUP_BACKEND_USAGE = `  setup-backend   build the native TensorFlow engine (tfjs-node + TensorFlow 2.21) offline, verify it, report each step
                  --gpu  tfjs-node-gpu against the CUDA TensorFlow wheel   --wheel FILE.whl  use this wheel (no download)
                  --libtensorflow FILE.tar.gz  use a libtensorflow tarball   --dir FOLDER (default $SER_NATIVE_DIR or ~/.cache/ser-studio/native)
                  --force  rebuild even if set up   --json
                  --check  show the backend the engine would use and why better ones are not [--backend B] [--threads N] [--bench]`;

function describeEvent(e: SetupEvent): string | undefined {
  switch (e.type) {
    case 'start':
      return `ser setup-backend: ${e.message}`;
    case 'warning':
      return `warning: ${e.message}`;
    case 'step': {
      const tag = `[${e.index}/${e.total}]`;
      if (e.status === 'running') return `${tag} ${e.message} ...`;
      if (e.status === 'failed') return `${tag} FAILED ${e.message}`;
      const took = e.seconds !== undefined ? ` (${formatSeconds(e.seconds)})` : '';
      return `${tag} ${e.status === 'skipped' ? 'skipped: ' : ''}${e.message}${took}`;
    }
    case 'done':
      return undefined;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

async function runSetup(ctx: CliContext, values: Record<string, string | boolean | undefined>): Promise<ExitCode> {
  if (values.wheel && values.libtensorflow) throw new UsageError('give --wheel or --libtensorflow, not both');
  const baseDir = resolve(ctx.cwd, (values.dir as string | undefined) ?? defaultSetupBase());
  const options = {
    flavor: values.gpu ? ('gpu' as const) : ('cpu' as const),
    baseDir,
    ...(values.wheel ? { wheel: resolve(ctx.cwd, values.wheel as string) } : {}),
    ...(values.libtensorflow ? { libtensorflow: resolve(ctx.cwd, values.libtensorflow as string) } : {}),
    force: values.force === true,
    signal: ctx.signal,
  };
  let result: SetupResult | undefined;
  try {
    for await (const event of setupNativeEngine(options)) {
      const line = describeEvent(event);
      if (line) ctx.stderr.write(`${line}\n`);
      if (event.type === 'done') result = event.result;
    }
  } catch (err) {
    if (err instanceof NativeSetupError) {
      if (values.json) ctx.stdout.write(`${JSON.stringify({ ok: false, step: err.step, error: err.message, missing: err.missing, log: err.logFile })}\n`);
      ctx.stderr.write(`ser setup-backend: ${err.message}\n`);
      if (err.missing.length) ctx.stderr.write(`missing:\n${err.missing.map((m) => `  - ${m}`).join('\n')}\n`);
      return 1;
    }
    throw err;
  }
  const r = result!;
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ ok: true, engineDir: r.engineDir, reused: r.reused, seconds: r.seconds, warnings: r.warnings, manifest: r.manifest })}\n`);
  } else {
    const gb = (r.manifest.diskBytes / 1024 ** 3).toFixed(2);
    const verb = r.reused ? 'already set up' : 'set up';
    ctx.stdout.write(`native engine ${verb} in ${formatSeconds(r.seconds)}: ${r.engineDir} (TensorFlow ${r.manifest.tensorflowVersion}, ${gb} GB on disk)\n`);
    if (r.warnings.length) ctx.stdout.write(`${r.warnings.length} warning(s) above\n`);
  }
  return 0;
}

async function runCheck(ctx: CliContext, values: Record<string, string | boolean | undefined>): Promise<ExitCode> {
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new UsageError(`--threads must be a positive integer, got "${String(values.threads)}"`);
  const info = await ensureBackend({
    ...(values.backend ? { backend: parseBackendChoice(values.backend as string, '--backend') } : {}),
    ...(values.dir ? { nativeDir: resolve(ctx.cwd, values.dir as string) } : {}),
    ...(threads !== undefined ? { threads } : {}),
  });
  let bench: ReturnType<typeof timeTrainingSteps> | undefined;
  // The pure-JS cpu backend takes minutes per batch of 32: it gets batches of 4 (utterances/s stay comparable).
  const shape = info.name === 'cpu' ? { ...BENCH_SHAPE, batch: 4 } : BENCH_SHAPE;
  if (values.bench) bench = timeTrainingSteps(shape, 5);
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ backend: info, ...(bench ? { bench: { ...bench, shape } } : {}) })}\n`);
    return 0;
  }
  ctx.stdout.write(`backend: ${info.summary}\n`);
  for (const t of info.tried) ctx.stdout.write(`  not used: ${t.name}${t.from && t.from !== 'not set up' ? ` (${t.from})` : ''}: ${t.error}\n`);
  if (bench) {
    const s = `batch ${shape.batch} x ${shape.frames} frames x ${shape.mels} mels`;
    ctx.stdout.write(`training step (conv2d+conv1d+dense, Adam, ${s}): median ${bench.msPerStep.toFixed(0)} ms (fastest ${bench.minMsPerStep.toFixed(0)} ms), ${bench.utterancesPerSecond.toFixed(1)} utterances/s\n`);
  }
  return 0;
}

export async function setupBackendCommand(ctx: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      gpu: { type: 'boolean' },
      wheel: { type: 'string' },
      libtensorflow: { type: 'string' },
      dir: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      check: { type: 'boolean' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      bench: { type: 'boolean' },
    },
  });
  if (positionals.length) throw new UsageError(`setup-backend takes no positional arguments (got ${positionals.join(' ')})`);
  if (!values.check && (values.backend || values.threads || values.bench)) throw new UsageError('--backend, --threads and --bench go with --check');
  try {
    return values.check ? await runCheck(ctx, values) : await runSetup(ctx, values);
  } catch (err) {
    if (err instanceof SerError && err.code === 'cancelled') {
      ctx.stderr.write('ser setup-backend: cancelled; the previous engine, if any, is untouched\n');
      return 1;
    }
    throw err;
  }
}

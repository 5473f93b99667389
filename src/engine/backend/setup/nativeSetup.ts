/**
 * `ser setup-backend` / `npm run setup:native`: builds a native engine (tfjs-node or tfjs-node-gpu against
 * TensorFlow 2.21) offline, and reports each step as it goes.
 *
 * - Idempotent: a verified engine (manifest present, its files unchanged) makes a second run return at once.
 * - Safe: everything is built in <base>/.builds/<name>-<stamp>/, verified there in a child process, and only then
 *   swapped in by atomically replacing the <base>/<name> symlink. A failure or a cancel at any step deletes the
 *   build folder and leaves the previous engine working; the log is kept as <base>/<name>.failed.log.
 * - One setup at a time per engine folder (a lock file with the owner's pid; a dead owner's lock is taken over).
 */
import { appendFileSync, closeSync, copyFileSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CancelledError, SerError } from '../../errors';
import { engineFolderName, packageNameFor, TENSORFLOW_VERSION, TFJS_NODE_VERSION } from '../native/nativeLocations';
import { checkManifestFiles, MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, readManifest, sha256FileSync, type NativeManifest } from '../native/nativeManifest';
import { realSetupSteps, versionFromLibraryName } from './setupSteps';
import { NativeSetupError, SETUP_STEPS, type SetupContext, type SetupEvent, type SetupOptions, type SetupResult, type SetupStepId, type SetupSteps } from './setupTypes';

export const BUILDS_FOLDER = '.builds';

/** Size of a folder's files (symlinks counted as links, not followed). */
export function diskUsage(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskUsage(path);
    else total += lstatSync(path).size;
  }
  return total;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new NativeSetupError('start', `another setup of this engine is running (pid ${owner}; lock ${file})`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new NativeSetupError('start', `cannot take the lock ${file}`);
}

/** Points <base>/<name> at the build with one rename (atomic), then removes the build it replaced. */
function swapIn(baseDir: string, name: string, buildDir: string): void {
  const link = join(baseDir, name);
  let previous: string | undefined;
  try {
    const st = lstatSync(link);
    if (st.isSymbolicLink()) previous = resolve(baseDir, readlinkSync(link));
    else {
      // A plain folder (made by hand or an older layout): move it aside, it is replaced below.
      previous = join(baseDir, BUILDS_FOLDER, `${name}-replaced-${Date.now()}`);
      renameSync(link, previous);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = join(baseDir, `.${name}.swap-${process.pid}`);
  rmSync(tmp, { force: true });
  symlinkSync(relative(baseDir, buildDir), tmp);
  renameSync(tmp, link);
  // A process that loaded the previous build keeps its mapped files; deleting the folder does not disturb it.
  if (previous && resolve(previous) !== resolve(buildDir)) rmSync(previous, { recursive: true, force: true });
}

/** Removes builds of this engine left by crashed runs (we hold the lock, so none is in progress). */
function removeStaleBuilds(baseDir: string, name: string): void {
  const builds = join(baseDir, BUILDS_FOLDER);
  let current: string | undefined;
  try {
    current = resolve(baseDir, readlinkSync(join(baseDir, name)));
  } catch {
    current = undefined;
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(builds);
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(builds, e);
    if (e.startsWith(`${name}-`) && path !== current) rmSync(path, { recursive: true, force: true });
  }
}

function checkExisting(engineDir: string, want: { tfjsVersion: string; flavor: string }): { manifest?: NativeManifest; problem?: string } {
  const read = readManifest(engineDir);
  if ('error' in read) return { problem: read.error };
  const m = read.manifest;
  if (m.tfjsVersion !== want.tfjsVersion || m.flavor !== want.flavor) return { problem: `it was built for ${m.packageName} ${m.tfjsVersion}` };
  const problems = checkManifestFiles(engineDir, m);
  return problems.length ? { problem: problems.join('; ') } : { manifest: m };
}

export async function* setupNativeEngine(options: SetupOptions, steps: SetupSteps = realSetupSteps): AsyncGenerator<SetupEvent, SetupResult> {
  const started = Date.now();
  const given = options.wheel ?? options.libtensorflow;
  const opts = {
    ...options,
    tfjsVersion: options.tfjsVersion ?? TFJS_NODE_VERSION,
    tensorflowVersion: options.tensorflowVersion ?? (given && versionFromLibraryName(given)) ?? TENSORFLOW_VERSION,
  };
  const name = engineFolderName(opts.flavor, opts.tfjsVersion, opts.tensorflowVersion);
  const engineDir = join(opts.baseDir, name);
  const packageName = packageNameFor(opts.flavor);
  const total = SETUP_STEPS.length;
  const warnings: string[] = [];
  yield { type: 'start', engineDir, message: `${packageName} ${opts.tfjsVersion} + TensorFlow ${opts.tensorflowVersion} (${opts.flavor.toUpperCase()}) in ${engineDir}` };

  if (!opts.force) {
    const existing = checkExisting(engineDir, opts);
    if (existing.manifest) {
      const m = existing.manifest;
      yield { type: 'step', step: 'install', index: total, total, status: 'skipped', message: `already set up and unchanged (TensorFlow ${m.tensorflowVersion}, verified ${m.builtAt}); --force rebuilds`, seconds: (Date.now() - started) / 1000 };
      const result: SetupResult = { engineDir, manifest: m, reused: true, seconds: (Date.now() - started) / 1000, warnings };
      yield { type: 'done', result };
      return result;
    }
    if (!/^no manifest/.test(existing.problem ?? '')) {
      warnings.push(`the engine there is not usable (${existing.problem}); rebuilding`);
      yield { type: 'warning', message: warnings[warnings.length - 1] };
    }
  }

  mkdirSync(join(opts.baseDir, BUILDS_FOLDER), { recursive: true });
  const release = acquireLock(join(opts.baseDir, `.${name}.lock`));
  removeStaleBuilds(opts.baseDir, name);
  const workDir = join(opts.baseDir, BUILDS_FOLDER, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(workDir);
  const logFile = join(workDir, 'setup.log');
  appendFileSync(logFile, `ser native engine setup ${new Date().toISOString()}: ${JSON.stringify({ ...opts, signal: undefined })}\n`);
  const pending: string[] = [];
  const ctx: SetupContext = {
    options: opts,
    workDir,
    packageName,
    packageDir: join(workDir, 'node_modules', ...packageName.split('/')),
    logFile,
    signal: opts.signal,
    tools: { python: 'python3', nodeGyp: '', nodedir: '', npm: ['npm'] },
    napiVersion: 0,
    warn(message) {
      warnings.push(message);
      pending.push(message);
      appendFileSync(logFile, `warning: ${message}\n`);
    },
  };
  let current: SetupStepId = 'check';
  try {
    let index = 0;
    const step = async function* <T>(id: SetupStepId, work: () => Promise<T>, describe: (r: T) => string): AsyncGenerator<SetupEvent, T> {
      current = id;
      index++;
      const title = SETUP_STEPS.find((s) => s.id === id)!.title;
      if (opts.signal?.aborted) throw new CancelledError('the native engine setup');
      yield { type: 'step', step: id, index, total, status: 'running', message: title };
      const t0 = Date.now();
      const r = await work();
      for (const w of pending.splice(0)) yield { type: 'warning', message: w };
      yield { type: 'step', step: id, index, total, status: 'done', message: `${title}: ${describe(r)}`, seconds: (Date.now() - t0) / 1000 };
      return r;
    };
    yield* step('check', () => steps.check(ctx), (r) => r);
    const library = yield* step('library', () => steps.library(ctx), (l) => `${l.name} (${Math.round(l.bytes / 1024 ** 2)} MB, ${l.kind === 'pip' ? 'downloaded with pip' : 'given'})`);
    yield* step('package', () => steps.package(ctx), (r) => r);
    yield* step('layout', () => steps.layout(ctx, library), (r) => r);
    yield* step('build', () => steps.build(ctx), (r) => r);
    const verified = yield* step('verify', () => steps.verify(ctx), (v) => `backend ${v.backend}, TensorFlow ${v.tensorflowVersion}, loss ${v.losses?.map((l) => l.toFixed(3)).join(' > ')} (${v.milliseconds} ms)${v.gpuDevice ? ', GPU' : ''}`);
    const manifest = yield* step(
      'install',
      async () => {
        const files = manifestFiles(ctx);
        const manifest: NativeManifest = {
          format: MANIFEST_FORMAT,
          version: MANIFEST_VERSION,
          flavor: opts.flavor,
          packageName,
          tfjsVersion: opts.tfjsVersion,
          tensorflowVersion: verified.tensorflowVersion ?? opts.tensorflowVersion,
          source: { kind: library.kind, name: library.name, sha256: library.sha256, bytes: library.bytes },
          packageDir: relative(workDir, ctx.packageDir),
          files,
          builtAt: new Date().toISOString(),
          node: process.version,
          napiVersion: ctx.napiVersion,
          setupSeconds: 0,
          diskBytes: 0,
          verified: { tensorflowVersion: verified.tensorflowVersion ?? '?', gpuDevice: verified.gpuDevice === true, losses: verified.losses ?? [], milliseconds: verified.milliseconds ?? 0 },
        };
        manifest.diskBytes = diskUsage(workDir);
        manifest.setupSeconds = Math.round((Date.now() - started) / 100) / 10;
        // Written last: its presence is what marks the build complete and verified.
        writeFileSync(join(workDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
        swapIn(opts.baseDir, name, workDir);
        return manifest;
      },
      (m) => `${engineDir} -> ${relative(opts.baseDir, workDir)} (${(m.diskBytes / 1024 ** 3).toFixed(2)} GB on disk)`,
    );
    const result: SetupResult = { engineDir, manifest, reused: false, seconds: (Date.now() - started) / 1000, warnings };
    yield { type: 'done', result };
    return result;
  } catch (err) {
    const failedLog = join(opts.baseDir, `${name}.failed.log`);
    try {
      copyFileSync(logFile, failedLog);
    } catch {
      // The log is a convenience; the error below says what failed.
    }
    rmSync(workDir, { recursive: true, force: true });
    const error =
      err instanceof NativeSetupError || err instanceof CancelledError
        ? err
        : new NativeSetupError(current, err instanceof SerError ? err.problem : (err as Error)?.message ?? String(err), [], failedLog);
    const where = error instanceof NativeSetupError ? error.step : current;
    const title = SETUP_STEPS.find((s) => s.id === where)?.title ?? where;
    // Short: the error itself (with the tool's last lines) is thrown next and shown once by the host.
    yield { type: 'step', step: current, index: SETUP_STEPS.findIndex((s) => s.id === current) + 1, total, status: 'failed', message: `${title} (full log: ${failedLog}; the previous engine, if any, is untouched)` };
    throw error;
  } finally {
    release();
  }
}

/** The files a later run checks: the binding by hash (small), the libraries by size (hashing 800 MB is slow). */
function manifestFiles(ctx: SetupContext): NativeManifest['files'] {
  const rel = (p: string) => relative(ctx.workDir, p);
  const binding = join(ctx.packageDir, 'lib', `napi-v${ctx.napiVersion}`, 'tfjs_binding.node');
  const files: NativeManifest['files'] = [];
  try {
    files.push({ path: rel(binding), bytes: statSync(binding).size, sha256: sha256FileSync(binding) });
  } catch {
    // Injected steps in tests may build no binding; the real build step checked it exists.
  }
  const libDir = join(ctx.packageDir, 'deps', 'lib');
  let libs: string[] = [];
  try {
    libs = readdirSync(libDir).filter((f) => !lstatSync(join(libDir, f)).isSymbolicLink());
  } catch {
    libs = [];
  }
  for (const f of libs) files.push({ path: rel(join(libDir, f)), bytes: statSync(join(libDir, f)).size });
  return files;
}

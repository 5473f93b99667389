/**
 * The real steps of a native engine setup (see nativeSetup.ts for the order, the swap and the failure handling):
 * check the tools, obtain libtensorflow (pip wheel, given wheel or tarball), install the tfjs-node package without
 * its download scripts, lay the libraries out where its binding.gyp expects them, build the addon, verify it.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { sha256File } from '../native/nativeManifest';
import { checkPrerequisites } from './prerequisites';
import { runLogged, type RunOptions } from './processRunner';
import { parseVerifyOutput, verifierArgs, type VerifyResult } from './verifyEngine';
import { NativeSetupError, type LibrarySource, type SetupContext, type SetupSteps } from './setupTypes';

/** Headers the binding includes, as prefixes inside the wheel (see docs/native-backend.md). */
const WHEEL_HEADERS = ['tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/ctstring', 'tensorflow/include/tsl/platform/ctstring', 'tensorflow/include/xla/tsl/c/'];
const WHEEL_LIBS = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'];

/** Unpacks only what the binding needs from the (zip) wheel; python's zipfile streams the 800 MB library. */
const UNPACK_WHEEL_PY = `
import os, shutil, sys, zipfile
wheel, deps = sys.argv[1], sys.argv[2]
libs = ${JSON.stringify(WHEEL_LIBS)}
heads = ${JSON.stringify(WHEEL_HEADERS)}
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
missing = [l for l in libs if l not in names]
if missing:
    sys.exit('the wheel has no ' + ', '.join(missing) + ' (not a TensorFlow 2.x Linux wheel?)')
for n in z.namelist():
    if n.endswith('/'):
        continue
    if n in libs:
        out = os.path.join(deps, 'lib', os.path.basename(n))
    elif any(n.startswith(h) for h in heads):
        out = os.path.join(deps, 'include', n[len('tensorflow/include/'):])
    else:
        continue
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with z.open(n) as src, open(out, 'wb') as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
`;

/** Runs a tool; on failure the error says `what` was being done and ends with the tool's last output lines. */
async function run(ctx: SetupContext, step: string, what: string, command: string, args: string[], options: RunOptions = {}): Promise<string> {
  const r = await runLogged(command, args, { logFile: ctx.logFile, signal: ctx.signal, ...options });
  if (r.code !== 0) {
    throw new NativeSetupError(step, `${what} failed (${basename(command)} exited with ${r.code ?? 'a signal'}):\n${r.tail}`, [], ctx.logFile);
  }
  return r.stdout;
}

/** Lists a wheel's members without unpacking (zip central directory), to reject a wrong file before the long steps. */
const CHECK_WHEEL_PY = `
import sys, zipfile
try:
    names = set(zipfile.ZipFile(sys.argv[1]).namelist())
except Exception as e:
    sys.exit('not a wheel (zip): %s' % e)
missing = [l for l in ${JSON.stringify(WHEEL_LIBS)} if l not in names]
if missing:
    sys.exit('no ' + ', '.join(missing) + ' inside: not a TensorFlow 2.x Linux x86-64 wheel')
`;

function findFile(dir: string, suffix: string): string | undefined {
  const hit = readdirSync(dir).find((f) => f.endsWith(suffix));
  return hit && join(dir, hit);
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Version from a wheel or tarball name: tensorflow_cpu-2.21.0-cp311-...whl, libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz. */
export function versionFromLibraryName(file: string): string | undefined {
  const name = basename(file);
  return /^tensorflow(?:[_-](?:cpu|gpu))?-(\d+\.\d+\.\d+)/i.exec(name)?.[1] ?? /libtensorflow.*?-(\d+\.\d+\.\d+)\.t/.exec(name)?.[1];
}

export const realSetupSteps: SetupSteps = {
  async check(ctx) {
    const o = ctx.options;
    const report = checkPrerequisites({ flavor: o.flavor, pip: !o.wheel && !o.libtensorflow, tar: Boolean(o.libtensorflow), baseDir: o.baseDir });
    for (const w of report.warnings) ctx.warn(w);
    if (report.missing.length) {
      throw new NativeSetupError('check', `missing: ${report.missing.join('; ')}`, report.missing);
    }
    ctx.tools = report.tools as Required<typeof report.tools>;
    return report.facts.join(', ');
  },

  async library(ctx) {
    const o = ctx.options;
    const given = o.wheel ?? o.libtensorflow;
    let file: string;
    let kind: LibrarySource['kind'];
    if (given) {
      if (!existsSync(given)) throw new NativeSetupError('library', `${given} does not exist`, [given]);
      file = given;
      kind = o.wheel ? 'wheel' : 'libtensorflow';
      if (o.wheel) await run(ctx, 'library', `checking ${basename(file)}`, ctx.tools.python, ['-c', CHECK_WHEEL_PY, file]);
      if (o.flavor === 'gpu' && /tensorflow[_-]cpu/i.test(basename(file))) {
        ctx.warn(`${basename(file)} is a CPU-only TensorFlow: this GPU engine will build and load but compute on the CPU`);
      }
    } else {
      const dir = join(ctx.workDir, 'download');
      mkdirSync(dir, { recursive: true });
      const spec = `${o.flavor === 'gpu' ? 'tensorflow' : 'tensorflow-cpu'}==${o.tensorflowVersion}`;
      const r = await runLogged(ctx.tools.python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', dir, spec], { logFile: ctx.logFile, signal: ctx.signal });
      const whl = r.code === 0 ? findFile(dir, '.whl') : undefined;
      if (!whl) {
        throw new NativeSetupError(
          'library',
          `pip could not download ${spec} (exit ${r.code}):\n${r.tail}\nOn a machine without a package index, download the wheel elsewhere and pass --wheel <file>.`,
          [spec],
          ctx.logFile,
        );
      }
      file = whl;
      kind = 'pip';
    }
    const bytes = statSync(file).size;
    const sha256 = await sha256File(file, ctx.signal);
    return { kind, file, name: basename(file), bytes, sha256, tensorflowVersion: versionFromLibraryName(file) };
  },

  async package(ctx) {
    const o = ctx.options;
    writeFileSync(join(ctx.workDir, 'package.json'), `${JSON.stringify({ name: 'ser-native-engine', private: true, description: 'Built by ser setup-backend; do not edit.' }, null, 2)}\n`);
    const [npm, ...npmArgs] = ctx.tools.npm;
    // --ignore-scripts: the package's install script would download libtensorflow 2.9.1 and a prebuilt addon from
    // Google's host; we build the addon ourselves against the wheel's TensorFlow.
    await run(ctx, 'package', `npm install ${ctx.packageName}@${o.tfjsVersion}`, npm, [...npmArgs, 'install', '--prefix', ctx.workDir, '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', `${ctx.packageName}@${o.tfjsVersion}`]);
    if (!existsSync(join(ctx.packageDir, 'binding.gyp'))) throw new NativeSetupError('package', `npm installed no ${ctx.packageName} with a binding.gyp in ${ctx.packageDir}`);
    return `${ctx.packageName}@${o.tfjsVersion} (scripts skipped)`;
  },

  async layout(ctx, lib) {
    const deps = join(ctx.packageDir, 'deps');
    const libDir = join(deps, 'lib');
    mkdirSync(join(deps, 'include'), { recursive: true });
    mkdirSync(libDir, { recursive: true });
    if (lib.kind === 'libtensorflow') {
      await run(ctx, 'layout', `unpacking ${lib.name}`, 'tar', ['-xzf', lib.file, '-C', deps]);
    } else {
      await run(ctx, 'layout', `unpacking ${lib.name}`, ctx.tools.python, ['-c', UNPACK_WHEEL_PY, lib.file, deps]);
      // The names binding.gyp links (-ltensorflow) and install.js looks for, all pointing at the wheel's files.
      for (const alias of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow.so.2.9.1']) symlinkSync('libtensorflow_cc.so.2', join(libDir, alias));
      for (const alias of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2.9.1']) symlinkSync('libtensorflow_framework.so.2', join(libDir, alias));
    }
    // A downloaded wheel has served its purpose; freeing it keeps the peak disk use down.
    if (lib.kind === 'pip') rmSync(join(ctx.workDir, 'download'), { recursive: true, force: true });
    for (const need of ['lib/libtensorflow.so', 'include/tensorflow/c/c_api.h', 'include/tensorflow/c/eager/c_api.h']) {
      if (!existsSync(join(deps, need))) throw new NativeSetupError('layout', `${lib.name} does not provide ${need}`, [need]);
    }
    const libBytes = readdirSync(libDir).reduce((n, f) => n + lstatSync(join(libDir, f)).size, 0);
    return `lib/ and include/ in ${deps} (${mb(libBytes)})`;
  },

  async build(ctx) {
    const pkg = JSON.parse(readFileSync(join(ctx.packageDir, 'package.json'), 'utf8')) as { binary?: { napi_versions?: number[] } };
    // The same N-API version node-pre-gyp's find() picks at load time: the highest both sides support.
    const napi = Math.max(...(pkg.binary?.napi_versions ?? [8]).filter((v) => v <= Number(process.versions.napi)));
    ctx.napiVersion = napi;
    const modulePath = join(ctx.packageDir, 'lib', `napi-v${napi}`);
    const env = { ...process.env, npm_config_build_from_source: 'true', npm_config_nodedir: ctx.tools.nodedir };
    await run(
      ctx,
      'build',
      'building the addon with node-gyp',
      process.execPath,
      [ctx.tools.nodeGyp, 'rebuild', `--nodedir=${ctx.tools.nodedir}`, '--module_name=tfjs_binding', `--module_path=${modulePath}`, `--napi_build_version=${napi}`, `--jobs=${availableParallelism()}`],
      { cwd: ctx.packageDir, env },
    );
    const binding = join(modulePath, 'tfjs_binding.node');
    if (!existsSync(binding)) throw new NativeSetupError('build', `node-gyp finished but ${binding} is missing`, [], ctx.logFile);
    // Object files are not needed at run time.
    rmSync(join(ctx.packageDir, 'build'), { recursive: true, force: true });
    return `${binding.slice(ctx.workDir.length + 1)} (N-API ${napi}, ${Math.round(statSync(binding).size / 1024)} KB)`;
  },

  async verify(ctx) {
    const r = await runLogged(process.execPath, [...verifierArgs(), ctx.packageDir, ctx.workDir], { logFile: ctx.logFile, signal: ctx.signal, captureStdout: true });
    const result: VerifyResult | undefined = parseVerifyOutput(r.stdout);
    if (!result?.ok || r.code !== 0) {
      const why = result?.error?.split('\n')[0] ?? `the verifying process exited with ${r.code ?? 'a signal'}`;
      throw new NativeSetupError('verify', `the built engine does not work: ${why}\n${r.tail}`, [], ctx.logFile);
    }
    const losses = result.losses ?? [];
    if (result.backend !== 'tensorflow' || !result.sharedCore || !(losses[losses.length - 1] < losses[0])) {
      throw new NativeSetupError('verify', `the built engine misbehaves: ${JSON.stringify(result)}`, [], ctx.logFile);
    }
    if (ctx.options.flavor === 'gpu' && !result.gpuDevice) ctx.warn('TensorFlow saw no GPU during verification: this machine has none usable (the engine still works on the CPU)');
    return result;
  },
};

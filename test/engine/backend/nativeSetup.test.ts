// The setup's orchestration with injected fake steps (nothing is downloaded or built here): reports each step,
// a second run is instant, a failure or cancel at any step leaves the previous engine in place, one run at a time.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupNativeEngine } from '../../../src/engine/backend/setup/nativeSetup';
import { NativeSetupError, type SetupContext, type SetupEvent, type SetupOptions, type SetupSteps } from '../../../src/engine/backend/setup/setupTypes';
import { checkPrerequisites, type PrerequisiteIo } from '../../../src/engine/backend/setup/prerequisites';
import { findNativePackages } from '../../../src/engine/backend/native/nativeLocations';
import { versionFromLibraryName } from '../../../src/engine/backend/setup/setupSteps';
import { CancelledError } from '../../../src/engine/errors';
import { onlyIn, removeTempDirs, tempDir, workingIndexJs } from './fakeNative';

after(() => removeTempDirs());

/** Fake steps that write a stand-in package (so the picker can find the result) and record their calls. */
function fakeSteps(calls: string[], failAt?: keyof SetupSteps, tag = 'v1'): SetupSteps {
  const step = async (name: keyof SetupSteps, ctx: SetupContext) => {
    calls.push(name);
    if (name === failAt) throw new Error(`${name} broke (${tag})`);
  };
  return {
    async check(ctx) {
      await step('check', ctx);
      return 'all tools here';
    },
    async library(ctx) {
      await step('library', ctx);
      return { kind: 'wheel', file: '/x/tensorflow_cpu-2.21.0.whl', name: 'tensorflow_cpu-2.21.0.whl', bytes: 1, sha256: 'ab' };
    },
    async package(ctx) {
      await step('package', ctx);
      mkdirSync(ctx.packageDir, { recursive: true });
      writeFileSync(join(ctx.packageDir, 'package.json'), JSON.stringify({ name: ctx.packageName, version: '4.22.0' }));
      writeFileSync(join(ctx.packageDir, 'index.js'), workingIndexJs(tag));
      return 'installed';
    },
    async layout(ctx) {
      await step('layout', ctx);
      mkdirSync(join(ctx.packageDir, 'deps', 'lib'), { recursive: true });
      writeFileSync(join(ctx.packageDir, 'deps', 'lib', 'libtensorflow_cc.so.2'), `lib ${tag}`);
      return 'laid out';
    },
    async build(ctx) {
      await step('build', ctx);
      ctx.napiVersion = 8;
      mkdirSync(join(ctx.packageDir, 'lib', 'napi-v8'), { recursive: true });
      writeFileSync(join(ctx.packageDir, 'lib', 'napi-v8', 'tfjs_binding.node'), `binding ${tag}`);
      return 'built';
    },
    async verify(ctx) {
      await step('verify', ctx);
      return { ok: true, backend: 'tensorflow', tensorflowVersion: '2.21.0', gpuDevice: false, sharedCore: true, losses: [1, 0.5], milliseconds: 3 };
    },
  };
}

async function drain(options: SetupOptions, steps: SetupSteps): Promise<{ events: SetupEvent[]; error?: unknown }> {
  const events: SetupEvent[] = [];
  try {
    for await (const e of setupNativeEngine(options, steps)) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

test('a first run reports every step and installs a verified engine the picker finds', async () => {
  const base = tempDir();
  const calls: string[] = [];
  const { events, error } = await drain({ flavor: 'cpu', baseDir: base }, fakeSteps(calls));
  assert.equal(error, undefined);
  assert.deepEqual(calls, ['check', 'library', 'package', 'layout', 'build', 'verify']);
  const done = events.filter((e) => e.type === 'step' && e.status === 'done').map((e) => (e as { step: string }).step);
  assert.deepEqual(done, ['check', 'library', 'package', 'layout', 'build', 'verify', 'install']);
  const last = events.at(-1)!;
  assert.ok(last.type === 'done' && !last.result.reused);
  const engine = join(base, '4.22.0-2.21.0-cpu');
  assert.match(readlinkSync(engine), /^\.builds\/4\.22\.0-2\.21\.0-cpu-/);
  const manifest = JSON.parse(readFileSync(join(engine, 'manifest.json'), 'utf8'));
  assert.equal(manifest.tensorflowVersion, '2.21.0');
  assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ['node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node', 'node_modules/@tensorflow/tfjs-node/deps/lib/libtensorflow_cc.so.2']);
  assert.ok(manifest.files[0].sha256);
  assert.equal(findNativePackages('cpu', onlyIn(base)).found[0].root, engine);
});

test('a second run is instant: nothing is called; a changed binding or --force rebuilds', async () => {
  const base = tempDir();
  await drain({ flavor: 'cpu', baseDir: base }, fakeSteps([]));
  const calls: string[] = [];
  const t0 = Date.now();
  const { events } = await drain({ flavor: 'cpu', baseDir: base }, fakeSteps(calls));
  assert.ok(Date.now() - t0 < 500);
  assert.deepEqual(calls, []);
  const last = events.at(-1)!;
  assert.ok(last.type === 'done' && last.result.reused);
  assert.ok(events.some((e) => e.type === 'step' && e.status === 'skipped' && /already set up and unchanged/.test(e.message)));
  writeFileSync(join(base, '4.22.0-2.21.0-cpu', 'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'), 'tampered');
  const again = await drain({ flavor: 'cpu', baseDir: base }, fakeSteps(calls));
  assert.ok(again.events.some((e) => e.type === 'warning' && /not usable \(.*tfjs_binding\.node has 8 bytes, the manifest says 10/.test(e.message)));
  assert.equal(calls.length, 6);
  calls.length = 0;
  await drain({ flavor: 'cpu', baseDir: base, force: true }, fakeSteps(calls));
  assert.equal(calls.length, 6);
});

for (const failAt of ['check', 'library', 'package', 'layout', 'build', 'verify'] as const) {
  test(`a failure at ${failAt} leaves the previous engine in place, removes the partial build and keeps the log`, async () => {
    const base = tempDir();
    await drain({ flavor: 'cpu', baseDir: base }, fakeSteps([], undefined, 'good'));
    const engine = join(base, '4.22.0-2.21.0-cpu');
    const before = realpathSync(engine);
    const { events, error } = await drain({ flavor: 'cpu', baseDir: base, force: true }, fakeSteps([], failAt, 'bad'));
    assert.ok(error instanceof NativeSetupError, String(error));
    assert.equal(error.step, failAt);
    assert.match(error.message, new RegExp(`native engine setup failed at ${failAt}: ${failAt} broke \\(bad\\)`));
    const failed = events.find((e) => e.type === 'step' && e.status === 'failed');
    assert.ok(failed?.type === 'step' && /the previous engine, if any, is untouched/.test(failed.message));
    assert.equal(realpathSync(engine), before);
    assert.match(readFileSync(join(engine, 'node_modules/@tensorflow/tfjs-node/index.js'), 'utf8'), /2\.21\.0-good|"good"/);
    assert.deepEqual(readdirSync(join(base, '.builds')), [before.split('/').pop()]);
    assert.ok(existsSync(join(base, '4.22.0-2.21.0-cpu.failed.log')));
    assert.ok(!existsSync(join(base, '.4.22.0-2.21.0-cpu.lock')), 'lock released');
  });
}

test('a cancel stops the setup between steps and leaves nothing behind', async () => {
  const base = tempDir();
  const controller = new AbortController();
  const steps = fakeSteps([]);
  const slowPackage = steps.package;
  steps.package = async (ctx) => {
    controller.abort();
    return slowPackage(ctx);
  };
  const { error } = await drain({ flavor: 'cpu', baseDir: base, signal: controller.signal }, steps);
  assert.ok(error instanceof CancelledError);
  assert.ok(!existsSync(join(base, '4.22.0-2.21.0-cpu')));
  assert.deepEqual(readdirSync(join(base, '.builds')), []);
});

test('a second setup of the same engine at the same time is refused; a dead owner lock is taken over', async () => {
  const base = tempDir();
  mkdirSync(join(base, '.builds'), { recursive: true });
  writeFileSync(join(base, '.4.22.0-2.21.0-cpu.lock'), String(process.ppid));
  const { error } = await drain({ flavor: 'cpu', baseDir: base }, fakeSteps([]));
  assert.ok(error instanceof NativeSetupError && /another setup of this engine is running/.test(error.message));
  writeFileSync(join(base, '.4.22.0-2.21.0-cpu.lock'), '999999999');
  const ok = await drain({ flavor: 'cpu', baseDir: base }, fakeSteps([]));
  assert.equal(ok.error, undefined);
});

test('the engine folder is named after the given wheel or tarball version', async () => {
  assert.equal(versionFromLibraryName('/w/tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl'), '2.21.0');
  assert.equal(versionFromLibraryName('tensorflow-2.20.1-cp312-cp312-manylinux_2_17_x86_64.whl'), '2.20.1');
  assert.equal(versionFromLibraryName('libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz'), '2.9.1');
  const base = tempDir();
  const { events } = await drain({ flavor: 'gpu', baseDir: base, wheel: '/w/tensorflow-2.20.1-cp312.whl' }, fakeSteps([]));
  assert.ok(events[0].type === 'start' && events[0].engineDir.endsWith('4.22.0-2.20.1-gpu'));
});

function fakeIo(overrides: Partial<PrerequisiteIo> = {}, absent: string[] = []): PrerequisiteIo {
  return {
    platform: 'linux',
    arch: 'x64',
    env: {},
    execPath: '/usr/bin/node',
    nodeVersion: '20.20.2',
    tool: (cmd, args) => (absent.includes(cmd) || absent.includes(`${cmd} ${args?.join(' ')}`) ? undefined : `${cmd} 1.0`),
    exists: () => false,
    freeBytes: () => 100 * 1024 ** 3,
    cuda: () => ({ ok: false, missing: ['libcuda.so.1 (NVIDIA driver)'], found: {} }),
    home: '/home/u',
    ...overrides,
  };
}

test('prerequisites: everything missing is listed at once, each with how to get it', () => {
  const report = checkPrerequisites(
    { flavor: 'cpu', pip: true, tar: false, baseDir: '/b' },
    fakeIo({ freeBytes: () => 0.4 * 1024 ** 3 }, ['python3', 'make', 'g++', 'npm']),
  );
  const text = report.missing.join('\n');
  for (const want of [/python3 .*apt-get install python3/, /pip .*--wheel <file>/, /make: apt-get install make/, /C\+\+ compiler \(g\+\+\)/, /Node\.js 20 headers/, /node-gyp/, /npm/, /disk space: about 1\.7 GB free needed under \/b, 0\.4 GB free/]) {
    assert.match(text, want);
  }
});

test('prerequisites: a given wheel needs no pip; a GPU build without CUDA warns but is not blocked', () => {
  const headers = (p: string) => p.startsWith('/usr/include/node/') || p.endsWith('node-gyp.js');
  const io = fakeIo({ exists: headers }, ['python3 -m pip --version']);
  const cpu = checkPrerequisites({ flavor: 'cpu', pip: false, tar: false, baseDir: '/b' }, { ...io, exists: (p) => headers(p) });
  // node_version.h cannot be read from the fake file system, so headers count as missing here; the rest passes.
  assert.deepEqual(cpu.missing.filter((m) => !/headers/.test(m)), []);
  const gpu = checkPrerequisites({ flavor: 'gpu', pip: false, tar: false, baseDir: '/b' }, io);
  assert.match(gpu.warnings.join(' '), /no usable CUDA here \(missing libcuda\.so\.1 \(NVIDIA driver\)\): the GPU engine builds/);
  const mac = checkPrerequisites({ flavor: 'cpu', pip: false, tar: false, baseDir: '/b' }, fakeIo({ platform: 'darwin', arch: 'arm64' }));
  assert.match(mac.missing[0], /Linux on x86-64 \(this is darwin-arm64\)/);
});

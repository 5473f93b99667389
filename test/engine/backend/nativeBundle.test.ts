// The engine's backends from a production bundle (esbuild.mjs's own settings: TensorFlow.js inside the bundle), run
// from a folder outside the repository so no node_modules can be found: cpu and wasm train with gradients and chained
// ops; a native engine folder (a stand-in always, the real one when `npm run setup:native` made it) registers into
// the bundle's tfjs-core and nothing of tfjs loads from the folder; the bundled native-setup verifier works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import * as tf from '../../../src/engine/backend/tfjs';
import { findRepoRoot } from '../../../src/engine/backend/native/nativeLocations';
import { makeFakeEngine, removeTempDirs, tempDir } from './fakeNative';
import { realNativeEngineOrSkip } from '../../fixtures/realNativeEngine';

const repo = findRepoRoot(__dirname)!;
let out = '';

/** What the probe entry prints: the selection, where tfjs came from, and a few steps of training. */
interface Probe {
  error?: string;
  name?: string;
  backend?: string;
  tfv?: string;
  loadedFrom?: string;
  /** Files of any @tensorflow/tfjs* package that Node loaded from disk (the bundle should need none). */
  tfjsFilesLoaded?: string[];
  /** The fake package's view of tfjs-core is the bundle's own (same Tensor class, same registerBackend). */
  sameCore?: boolean;
  losses?: number[];
  grad?: number[];
  chained?: number[];
}

const ENTRY = (src: string) => `
import { ensureBackend } from ${JSON.stringify(join(src, 'engine/backend/ensureBackend'))};
import * as tf from ${JSON.stringify(join(src, 'engine/backend/tfjs'))};
import { makeProbeModel, TEST_SHAPE } from ${JSON.stringify(join(src, 'engine/backend/probeModel'))};
const print = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\\n');
ensureBackend({ repoRoot: null, searchNodeModules: false }).then((info) => {
  const fake = (globalThis as { __serFakeNativeCore?: typeof tf }).__serFakeNativeCore;
  const model = makeProbeModel(TEST_SHAPE);
  const losses = Array.from({ length: 6 }, () => model.step());
  model.dispose();
  print({
    name: info.name,
    backend: tf.getBackend(),
    tfv: info.detail.tensorflowVersion,
    loadedFrom: info.detail.loadedFrom,
    tfjsFilesLoaded: Object.keys(require.cache).filter((f) => /@tensorflow[\\\\/]tfjs(-core|-layers|-backend-cpu|-backend-wasm|-converter|-data)?[\\\\/]/.test(f)),
    ...(fake ? { sameCore: fake.Tensor === tf.Tensor && fake.registerBackend === tf.registerBackend } : {}),
    losses,
    grad: tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)))(tf.tensor1d([1, 2, 3])).dataSync())),
    chained: tf.tidy(() => Array.from((tf.tensor1d([1, 2]) as tf.Tensor).add(1).mul(2).dataSync())),
  });
}, (err) => print({ error: String(err) }));
`;

/** Preloaded to run the bundle as on Node >= 23, which removed util.isNullOrUndefined (tfjs-node 4.22 calls it). */
const NODE_23_UTIL = "const u = require('util'); delete u.isNullOrUndefined; delete u.isArray;\n";

before(async () => {
  out = realpathSync(mkdtempSync(join(tmpdir(), 'ser-bundle-')));
  const entry = join(out, 'probe.ts');
  writeFileSync(entry, ENTRY(join(repo, 'src')));
  writeFileSync(join(out, 'node23util.js'), NODE_23_UTIL);
  const { bundleConfigs } = (await import(pathToFileURL(join(repo, 'esbuild.mjs')).href)) as {
    bundleConfigs(o: { production: boolean; outdir: string }): esbuild.BuildOptions[];
  };
  const [node] = bundleConfigs({ production: true, outdir: out });
  await esbuild.build({ ...node, entryPoints: [{ in: entry, out: 'probe' }, { in: join(repo, 'src/engine/backend/setup/verifyNative.ts'), out: 'verifyNative' }], logLevel: 'error' });
});

after(() => {
  removeTempDirs();
  if (out) rmSync(out, { recursive: true, force: true });
});

function probe(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Probe {
  const base = tempDir('ser-bundle-home-');
  const r = spawnSync(process.execPath, [...nodeArgs, join(out, 'probe.js')], {
    cwd: out,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: base, XDG_CACHE_HOME: join(base, 'cache'), ...env },
  });
  const line = r.stdout.trim().split('\n').pop();
  assert.ok(line?.startsWith('{'), `no result from the bundle (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  const p = JSON.parse(line!) as Probe;
  assert.equal(p.error, undefined, r.stderr.slice(-3000));
  return p;
}

function assertTrains(p: Probe): void {
  assert.deepEqual(p.tfjsFilesLoaded, [], 'TensorFlow.js came from the bundle, not from files on disk');
  assert.ok(p.losses!.every(Number.isFinite) && p.losses![5] < p.losses![0] * 0.9, `loss should fall: ${p.losses}`);
  assert.deepEqual(p.grad, [2, 4, 6], 'gradients are registered');
  assert.deepEqual(p.chained, [4, 6], 'chained ops are registered');
}

test('production bundle: cpu and wasm train (gradients, chained ops), wasm binaries from beside the bundle', () => {
  assert.ok(existsSync(join(out, 'tfjs-backend-wasm-simd.wasm')) && existsSync(join(out, 'tfjs-backend-wasm.wasm')));
  const cpu = probe({ SER_BACKEND: 'cpu' });
  assert.equal(cpu.backend, 'cpu');
  assertTrains(cpu);
  const wasm = probe({ SER_BACKEND: 'wasm' });
  assert.equal(wasm.backend, 'wasm');
  assert.equal(wasm.loadedFrom, out);
  assertTrains(wasm);
  assert.ok(Math.abs(wasm.losses![0] - cpu.losses![0]) < 1e-4 * Math.max(1, cpu.losses![0]), 'same start on both');
});

test('production bundle: a native engine folder registers into the bundled tfjs-core (its decoy tfjs-core never loads)', () => {
  const base = tempDir();
  makeFakeEngine(base, { tfVersion: '2.21.0-from-bundle' });
  const p = probe({ SER_NATIVE_DIR: base, SER_BACKEND: 'node' });
  assert.equal(p.name, 'node');
  assert.equal(p.backend, 'tensorflow');
  assert.equal(p.tfv, '2.21.0-from-bundle');
  assert.equal(p.sameCore, true);
  assertTrains(p);
});

function realEngine(t: { diagnostic(m: string): void; skip(m: string): void }) {
  return realNativeEngineOrSkip(t, { repoRoot: repo, searchNodeModules: false }, tf.version_core);
}

test('production bundle: the real native engine (tfjs-node + TensorFlow 2.21) shares the bundled tfjs and trains', (t) => {
  const real = realEngine(t);
  if (!real) return;
  const p = probe({ SER_NATIVE_DIR: join(real.root, '..'), SER_BACKEND: 'node' });
  t.diagnostic(`TensorFlow ${p.tfv} from ${p.loadedFrom}`);
  assert.equal(p.backend, 'tensorflow');
  assert.match(p.tfv!, /^2\.21\./);
  assertTrains(p);
});

test('production bundle: the real native engine works where Node has no util.isNullOrUndefined (Node >= 23)', (t) => {
  const real = realEngine(t);
  if (!real) return;
  const p = probe({ SER_NATIVE_DIR: join(real.root, '..'), SER_BACKEND: 'node' }, ['--require', join(out, 'node23util.js')]);
  assert.equal(p.backend, 'tensorflow');
  assertTrains(p);
});

test('production bundle: the native setup verifier (dist/verifyNative.js) loads the real engine into the bundled tfjs', (t) => {
  const real = realEngine(t);
  if (!real) return;
  const r = spawnSync(process.execPath, [join(out, 'verifyNative.js'), real.packageDir, real.root], { cwd: out, encoding: 'utf8' });
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  assert.equal(result.ok, true);
  assert.equal(result.backend, 'tensorflow');
  assert.equal(result.sharedCore, true, `loaded from the engine folder: ${result.foreign}`);
  assert.ok(result.losses.at(-1) < result.losses[0]);
});

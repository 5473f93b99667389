// Native engine folders as `ser setup-backend` lays them out, with stand-in packages: found by the search order,
// loaded into the engine's own tfjs-core (never the folder's copy), and skipped with a clear reason when broken.
import { test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../../../src/engine/backend/tfjs';
import { createRequire } from 'node:module';
import { ensureBackend, resetBackendSelection, backendCandidates } from '../../../src/engine/backend/ensureBackend';
import { findNativePackages, nativeBases } from '../../../src/engine/backend/native/nativeLocations';
import { nativeCandidate } from '../../../src/engine/backend/native/nativeCandidate';
import { tfjsSharingState } from '../../../src/engine/backend/native/tfjsSharing';
import type { CudaProbe } from '../../../src/engine/backend/native/cudaProbe';
import { makeFakeEngine, onlyIn, removeTempDirs, tempDir, workingIndexJs } from './fakeNative';

after(() => removeTempDirs());

/** The engine's tfjs-core module object itself (a TS namespace import would be a wrapper copy). */
const core = createRequire(__filename)('@tensorflow/tfjs-core') as typeof tf;

const cudaPresent = (): CudaProbe => ({ ok: true, missing: [], found: {} });
const cudaMissing = (): CudaProbe => ({ ok: false, missing: ['libcuda.so.1 (NVIDIA driver)', 'libcudnn.so.9 (cuDNN 9)'], found: {} });

function loadedFrom(dir: string): string[] {
  return Object.keys(require.cache).filter((f) => f.startsWith(dir));
}

beforeEach(() => resetBackendSelection());

test('a native engine folder is found and its package registers into the engine tfjs-core, not the folder copy', async () => {
  const base = tempDir();
  makeFakeEngine(base);
  const info = await ensureBackend(onlyIn(base));
  assert.equal(info.name, 'node');
  assert.equal(info.tfBackendName, 'tensorflow');
  assert.equal(info.device, 'CPU native');
  assert.equal(info.detail.tensorflowVersion, '2.21.0-fake');
  assert.equal(info.detail.backendPackage, '@tensorflow/tfjs-node 4.22.0');
  assert.equal(tf.getBackend(), 'tensorflow');
  // The same instance: the module object the package got is the one the engine imports (a copy would have its own
  // Tensor class and its own exports), and the folder's decoy tfjs-core (which throws when loaded) never loaded.
  const seen = (globalThis as { __serFakeNativeCore?: typeof core }).__serFakeNativeCore;
  assert.equal(seen, core);
  assert.equal(seen!.Tensor, tf.Tensor);
  assert.ok(!Object.keys(require.cache).some((f) => f.startsWith(base) && f.includes('tfjs-core')));
  assert.ok(tfjsSharingState().redirected > 0);
  // And the backend computes through the engine's tf.
  assert.deepEqual(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync())), [2, 3]);
});

test('a package selected again after its backend was discarded gets its own kernels back (a module loads once)', async () => {
  const base = tempDir();
  makeFakeEngine(base, { tfVersion: '2.21.0-again' });
  const loc = findNativePackages('cpu', onlyIn(base)).found[0];
  const first = await nativeCandidate(loc).load();
  assert.ok(tf.getKernel('BatchMatMul', 'tensorflow'));
  first.discard!();
  assert.equal(tf.getKernel('BatchMatMul', 'tensorflow'), undefined);
  const info = await ensureBackend({ ...onlyIn(base), backend: 'node' });
  assert.equal(info.detail.tensorflowVersion, '2.21.0-again');
  assert.deepEqual(Array.from(tf.tidy(() => tf.matMul(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4], [2, 1])).dataSync())), [11]);
});

test('a symlinked engine folder (the atomic-swap layout) works too', async () => {
  const base = tempDir();
  makeFakeEngine(base, { symlinked: true, tfVersion: '2.21.0-linked' });
  const info = await ensureBackend(onlyIn(base));
  assert.equal(info.name, 'node');
  assert.equal(info.detail.tensorflowVersion, '2.21.0-linked');
});

test('a broken GPU package is reported with its error and the native CPU engine is used', async () => {
  const base = tempDir();
  makeFakeEngine(base, { flavor: 'gpu', indexJs: "throw new Error('libcudart.so.12: cannot open shared object file: No such file or directory');" });
  makeFakeEngine(base, { tfVersion: '2.21.0-cpu' });
  const info = await ensureBackend(onlyIn(base), { cudaProbe: cudaPresent });
  assert.equal(info.name, 'node');
  assert.equal(info.tried[0].name, 'node-gpu');
  assert.match(info.tried[0].error, /cannot load @tensorflow\/tfjs-node-gpu from .*: libcudart\.so\.12: cannot open shared object file/);
  assert.match(info.summary, /\[not used: node-gpu: cannot load @tensorflow\/tfjs-node-gpu from/);
});

test('without CUDA the GPU package is not even loaded, the missing libraries are named, and CPU native is used', async () => {
  const base = tempDir();
  const gpuDir = makeFakeEngine(base, { flavor: 'gpu', gpuDevice: true });
  makeFakeEngine(base);
  const info = await ensureBackend(onlyIn(base), { cudaProbe: cudaMissing });
  assert.equal(info.name, 'node');
  assert.match(info.tried[0].error, /^no usable CUDA: missing libcuda\.so\.1 \(NVIDIA driver\), libcudnn\.so\.9 \(cuDNN 9\)/);
  assert.deepEqual(loadedFrom(join(gpuDir, 'node_modules')), []);
});

test('a GPU package that loads but sees no GPU is rejected and the CPU package takes over the tensorflow name', async () => {
  const base = tempDir();
  makeFakeEngine(base, { flavor: 'gpu', gpuDevice: false, tfVersion: '2.21.0-gpu-build' });
  makeFakeEngine(base, { tfVersion: '2.21.0-cpu-build' });
  const info = await ensureBackend(onlyIn(base), { cudaProbe: cudaPresent });
  assert.equal(info.name, 'node');
  assert.match(info.tried[0].error, /^TensorFlow found no usable GPU \(@tensorflow\/tfjs-node-gpu loaded, TensorFlow 2\.21\.0-gpu-build\)/);
  assert.match(info.summary, /\[not used: node-gpu: TensorFlow found no usable GPU\]$/);
  assert.equal(info.detail.tensorflowVersion, '2.21.0-cpu-build');
  assert.equal(tf.getBackend(), 'tensorflow');
});

test('a working GPU package is taken first and reported as GPU', async () => {
  const base = tempDir();
  makeFakeEngine(base, { flavor: 'gpu', gpuDevice: true, tfVersion: '2.21.0-cuda' });
  makeFakeEngine(base);
  const info = await ensureBackend(onlyIn(base), { cudaProbe: cudaPresent });
  assert.equal(info.name, 'node-gpu');
  assert.equal(info.device, 'GPU');
  assert.equal(info.detail.gpuDevice, true);
  assert.deepEqual(info.tried, []);
});

test('an unfinished setup (no manifest) is skipped with the reason, and the picker falls back to wasm', async () => {
  const base = tempDir();
  makeFakeEngine(base, { noManifest: true });
  const info = await ensureBackend(onlyIn(base));
  assert.equal(info.name, 'wasm');
  const node = info.tried.find((t) => t.name === 'node')!;
  assert.match(node.error, /^not set up \(looked in .*; unusable: .*4\.22\.0-2\.21\.0-cpu: no manifest\.json/);
});

test('a package that registers no tensorflow backend is reported as such', async () => {
  const base = tempDir();
  makeFakeEngine(base, { indexJs: 'module.exports = {};' });
  const info = await ensureBackend({ ...onlyIn(base), backend: 'auto' });
  assert.notEqual(info.name, 'node');
  assert.match(info.tried.find((t) => t.name === 'node')!.error, /registered no 'tensorflow' backend with the engine's tfjs-core/);
});

test('threads given to the picker reach TensorFlow through its environment variables, before the load', async () => {
  const base = tempDir();
  const env: NodeJS.ProcessEnv = {};
  makeFakeEngine(base, { indexJs: `if (process.env.TF_NUM_INTRAOP_THREADS !== undefined) throw new Error('leaked into process.env');\n${workingIndexJs()}` });
  const info = await ensureBackend({ ...onlyIn(base), env, threads: 3 });
  assert.equal(info.name, 'node');
  assert.equal(info.detail.threads, 3);
  assert.equal(info.detail.threadsConfigured, true);
  assert.equal(env.TF_NUM_INTRAOP_THREADS, '3');
  assert.equal(env.TF_NUM_INTEROP_THREADS, '3');
});

test('search order: given folder, $SER_NATIVE_DIR, repository .ser-native, user cache; then node_modules', () => {
  const bases = nativeBases({ nativeDir: '/ext/storage', env: { SER_NATIVE_DIR: '/opt/ser', XDG_CACHE_HOME: '/c' }, repoRoot: '/repo', homeDir: '/h', platform: 'linux' });
  assert.deepEqual(bases, [
    { dir: '/ext/storage', why: 'given folder' },
    { dir: '/opt/ser', why: '$SER_NATIVE_DIR' },
    { dir: '/repo/.ser-native', why: 'repository' },
    { dir: '/c/ser-studio/native', why: 'user cache' },
  ]);
  assert.equal(nativeBases({ env: {}, repoRoot: null, homeDir: '/h', platform: 'linux' })[0].dir, '/h/.cache/ser-studio/native');
  const base = tempDir();
  const first = makeFakeEngine(join(base, 'a'));
  const second = makeFakeEngine(join(base, 'b'));
  const found = findNativePackages('cpu', { ...onlyIn(join(base, 'a')), env: { SER_NATIVE_DIR: join(base, 'b') }, searchNodeModules: true });
  assert.deepEqual(found.found.slice(0, 2).map((f) => f.root), [first, second]);
  assert.equal(found.searched.at(-1), 'node_modules');
  const names = backendCandidates(onlyIn(base)).map((c) => `${c.name}:${c.from}`);
  assert.deepEqual(names, ['node-gpu:not set up', 'node:not set up', 'wasm:built in', 'cpu:built in']);
  writeFileSync(join(base, 'a', '4.22.0-2.21.0-cpu', 'manifest.json'), '{"format":"other"}');
  assert.match(findNativePackages('cpu', onlyIn(join(base, 'a'))).skipped[0].problem, /not a SER native engine manifest/);
});

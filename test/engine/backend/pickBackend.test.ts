// The picker's order, fallback and reports, with injected fake loaders (no native library is loaded here).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { pickBackend, describeBackend } from '../../../src/engine/backend/pickBackend';
import { ensureBackend, parseBackendChoice, resetBackendSelection, useCpuBackend } from '../../../src/engine/backend/ensureBackend';
import type { BackendCandidate, BackendName, LoadedBackend } from '../../../src/engine/backend/types';
import { SerError } from '../../../src/engine/errors';

const calls: string[] = [];

function ok(name: BackendName, extra: Partial<LoadedBackend> = {}): BackendCandidate {
  return {
    name,
    from: `fake ${name}`,
    async load() {
      calls.push(`load ${name}`);
      return { tfBackendName: 'cpu', device: 'CPU', detail: { tfjsVersion: tf.version_core, threads: 1, threadsConfigured: false }, ...extra };
    },
  };
}

function failing(name: BackendName, error: string): BackendCandidate {
  return {
    name,
    from: `fake ${name}`,
    async load() {
      calls.push(`load ${name}`);
      throw new Error(`${error}\nsecond line is not reported`);
    },
  };
}

beforeEach(() => {
  calls.length = 0;
  resetBackendSelection();
});

test('auto takes the first candidate that works and records the failures before it, in order', async () => {
  const info = await pickBackend('auto', [failing('node-gpu', 'no usable CUDA'), failing('node', 'binding missing'), ok('wasm'), ok('cpu')]);
  assert.equal(info.name, 'wasm');
  assert.deepEqual(calls, ['load node-gpu', 'load node', 'load wasm']);
  assert.deepEqual(info.tried, [
    { name: 'node-gpu', error: 'no usable CUDA', from: 'fake node-gpu' },
    { name: 'node', error: 'binding missing', from: 'fake node' },
  ]);
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(info.summary, /^cpu \(CPU\): 1 thread, tfjs 4\.22\.0 \[not used: node-gpu: no usable CUDA; node: binding missing\]$/);
});

test('an explicit choice tries only that backend, and fails with every reason when it cannot load', async () => {
  await assert.rejects(pickBackend('node', [ok('wasm'), failing('node', 'not set up'), failing('node', 'wrong TF version')]), (err: unknown) => {
    assert.ok(err instanceof SerError);
    assert.equal(err.code, 'unsupported');
    assert.match(err.message, /the node backend could not be used: node: not set up; node: wrong TF version/);
    return true;
  });
  assert.deepEqual(calls, ['load node', 'load node']);
});

test('a backend whose initialisation fails, or that a confirm step rejects, is discarded and the next is tried', async () => {
  let discarded = 0;
  const unregistered = ok('node-gpu', { tfBackendName: 'no-such-backend' });
  tf.registerBackend('init-throws', () => {
    throw new Error('libtensorflow.so.2: cannot open shared object file');
  });
  const brokenInit = ok('node-gpu', { tfBackendName: 'init-throws' });
  const rejected = ok('node', {
    confirm() {
      throw new Error('loaded but TensorFlow found no usable GPU');
    },
    discard() {
      discarded++;
    },
  });
  const info = await pickBackend('auto', [unregistered, brokenInit, rejected, ok('cpu')]);
  assert.equal(info.name, 'cpu');
  assert.equal(discarded, 1);
  assert.match(info.tried[0].error, /Backend name 'no-such-backend' not found in registry/);
  assert.match(info.tried[1].error, /tf\.setBackend\('init-throws'\) failed to initialise it/);
  assert.equal(info.tried[2].error, 'loaded but TensorFlow found no usable GPU');
});

test('confirm may refine the device and detail the report shows', async () => {
  const info = await pickBackend('auto', [
    ok('node', {
      device: 'CPU native',
      confirm: () => ({ detail: { tfjsVersion: '4.22.0', tensorflowVersion: '2.21.0', threads: 2, threadsConfigured: true, backendPackage: '@tensorflow/tfjs-node 4.22.0', loadedFrom: '/x' } }),
    }),
  ]);
  assert.equal(info.device, 'CPU native');
  assert.equal(info.summary, 'cpu (CPU native): TensorFlow 2.21.0, 2 threads, @tensorflow/tfjs-node 4.22.0 from /x');
  assert.equal(describeBackend({ ...info, detail: { ...info.detail, threadsConfigured: false } }).includes('2 threads (default)'), true);
});

test('ensureBackend selects once per process unless another backend is named', async () => {
  const candidates = [ok('wasm'), ok('cpu')];
  const a = await ensureBackend({}, { candidates });
  const b = await ensureBackend({}, { candidates });
  assert.equal(a, b);
  assert.deepEqual(calls, ['load wasm']);
  const c = await ensureBackend({ backend: 'cpu' }, { candidates });
  assert.equal(c.name, 'cpu');
  assert.deepEqual(calls, ['load wasm', 'load cpu']);
});

test('a failed selection is not cached; $SER_BACKEND chooses when the caller does not', async () => {
  await assert.rejects(ensureBackend({ env: { SER_BACKEND: 'node' } }, { candidates: [failing('node', 'nope'), ok('cpu')] }));
  const info = await ensureBackend({ env: { SER_BACKEND: 'cpu' } }, { candidates: [failing('node', 'nope'), ok('cpu')] });
  assert.equal(info.name, 'cpu');
  assert.throws(() => ensureBackend({ env: { SER_BACKEND: 'tpu' } }), /\$SER_BACKEND must be one of auto, node-gpu, node, wasm, cpu; got "tpu"/);
});

test('useCpuBackend gives the deterministic cpu backend: same seeded numbers every run', async () => {
  const info = await useCpuBackend();
  assert.equal(info.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  const a = tf.tidy(() => Array.from(tf.randomNormal([4], 0, 1, 'float32', 42).dataSync()));
  const b = tf.tidy(() => Array.from(tf.randomNormal([4], 0, 1, 'float32', 42).dataSync()));
  assert.deepEqual(a, b);
});

test('parseBackendChoice accepts the five names only', () => {
  for (const n of ['auto', 'node-gpu', 'node', 'wasm', 'cpu']) assert.equal(parseBackendChoice(n), n);
  assert.throws(() => parseBackendChoice('gpu'), (err: unknown) => err instanceof SerError && err.code === 'usage');
});

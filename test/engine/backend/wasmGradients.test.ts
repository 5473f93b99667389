// The wasm backend's conv gradients (registered by the engine) against the cpu backend's, for conv1d and conv2d with
// stride and padding variants; no leaked wasm memory; gather's gradient (UnsortedSegmentSum) too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { ensureBackend } from '../../../src/engine/backend/ensureBackend';
import { registerWasmTrainingKernels } from '../../../src/engine/backend/wasm/registerWasmTrainingKernels';

type Case = { name: string; x: number[]; k: number[]; stride: number | [number, number]; pad: 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]] };

const CONV2D: Case[] = [
  { name: '3x3 stride 1 same', x: [2, 7, 6, 3], k: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { name: '3x3 stride 1 valid', x: [2, 7, 6, 3], k: [3, 3, 3, 4], stride: 1, pad: 'valid' },
  { name: '3x2 stride 2 same', x: [2, 7, 6, 3], k: [3, 2, 3, 4], stride: 2, pad: 'same' },
  { name: '3x3 stride 2x3 valid', x: [2, 9, 8, 2], k: [3, 3, 2, 5], stride: [2, 3], pad: 'valid' },
  { name: '5x5 stride 1 pad 1', x: [1, 8, 8, 3], k: [5, 5, 3, 2], stride: 1, pad: 1 },
  { name: '3x3 stride 3 explicit pads', x: [1, 8, 8, 3], k: [3, 3, 3, 2], stride: 3, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '1x1 stride 1', x: [3, 4, 5, 6], k: [1, 1, 6, 2], stride: 1, pad: 'valid' },
  { name: 'one input channel (mel input)', x: [2, 12, 10, 1], k: [3, 3, 1, 4], stride: 1, pad: 'same' },
];

const CONV1D: Case[] = [
  { name: 'k5 stride 1 same', x: [3, 20, 4], k: [5, 4, 6], stride: 1, pad: 'same' },
  { name: 'k3 stride 2 valid', x: [3, 21, 4], k: [3, 4, 6], stride: 2, pad: 'valid' },
  { name: 'k3 stride 2 same', x: [3, 21, 4], k: [3, 4, 6], stride: 2, pad: 'same' },
  { name: 'k1 stride 1', x: [2, 9, 5], k: [1, 5, 3], stride: 1, pad: 'valid' },
];

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

async function gradients(backend: string, c: Case, conv1d: boolean, xs: Float32Array, ks: Float32Array): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(xs, c.x);
    const k = tf.tensor(ks, c.k);
    // A non-linear loss so dy varies per position (a plain sum would make every dy 1).
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y = conv1d
        ? tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, c.stride as number, c.pad as 'same')
        : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad);
      return tf.sum(tf.mul(y, tf.sin(y)));
    };
    return tf.grads(f)([x, k]).map((g) => g.dataSync() as Float32Array);
  });
}

/** Largest difference relative to the largest magnitude of the reference gradient. */
function relError(ref: Float32Array, got: Float32Array): number {
  let diff = 0;
  let mag = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ref[i] - got[i]));
    mag = Math.max(mag, Math.abs(ref[i]));
  }
  return diff / mag;
}

before(async () => {
  await ensureBackend({ backend: 'wasm' });
});

for (const [conv1d, cases] of [[false, CONV2D], [true, CONV1D]] as const) {
  for (const c of cases) {
    test(`${conv1d ? 'conv1d' : 'conv2d'} ${c.name}: wasm gradients match cpu within 1e-5`, async () => {
      await tf.setBackend('cpu');
      const [xs, ks] = tf.tidy(() => [tf.randomNormal([size(c.x)], 0, 1, 'float32', 1).dataSync() as Float32Array, tf.randomNormal([size(c.k)], 0, 1, 'float32', 2).dataSync() as Float32Array]);
      const ref = await gradients('cpu', c, conv1d, xs, ks);
      const wasmBackend = () => tf.findBackend('wasm') as unknown as { numDataIds(): number };
      const before = wasmBackend().numDataIds();
      const got = await gradients('wasm', c, conv1d, xs, ks);
      assert.equal(wasmBackend().numDataIds(), before, 'every intermediate freed');
      assert.equal(got[0].length, ref[0].length);
      assert.equal(got[1].length, ref[1].length);
      assert.ok(relError(ref[0], got[0]) < 1e-5, `input gradient off by ${relError(ref[0], got[0])}`);
      assert.ok(relError(ref[1], got[1]) < 1e-5, `filter gradient off by ${relError(ref[1], got[1])}`);
    });
  }
}

const POOLS: { name: string; x: number[]; size: number | [number, number]; stride: number | [number, number]; pad: 'same' | 'valid' | number }[] = [
  { name: '2x2 stride 2 same (odd sizes)', x: [2, 7, 9, 3], size: 2, stride: 2, pad: 'same' },
  { name: '2x2 stride 2 valid', x: [2, 8, 6, 4], size: 2, stride: 2, pad: 'valid' },
  { name: '3x3 stride 1 same (overlapping windows)', x: [1, 6, 5, 2], size: 3, stride: 1, pad: 'same' },
  { name: '3x3 stride 2 pad 1', x: [2, 7, 6, 3], size: 3, stride: 2, pad: 1 },
  // Non-square windows: 'valid' only, wasm's own forward MaxPool mishandles padded non-square windows.
  { name: '3x2 stride 2x1 valid', x: [2, 7, 6, 3], size: [3, 2], stride: [2, 1], pad: 'valid' },
];

for (const p of POOLS) {
  test(`maxPool ${p.name}: wasm gradient matches cpu, ties (ReLU zeros) included`, async () => {
    const grad = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        // Rounded and ReLU'd values: many ties inside windows, where only the first maximum may get the gradient.
        const x = tf.relu(tf.round(tf.randomNormal(p.x, 0, 2, 'float32', 3)));
        const dyWeights = tf.randomNormal(tf.maxPool(x as tf.Tensor4D, p.size, p.stride, p.pad).shape, 0, 1, 'float32', 4);
        return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, p.size, p.stride, p.pad), dyWeights)))(x).dataSync());
      });
    };
    const ref = await grad('cpu');
    const got = await grad('wasm');
    assert.equal(got.length, ref.length);
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(ref[i] - got[i]) <= 1e-6 * Math.max(1, Math.abs(ref[i])), `element ${i}: ${got[i]} vs ${ref[i]}`);
  });
}

test('sums over all but the last axis (bias gradients) match cpu; other sums still work', async () => {
  const sums = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 5);
      return [tf.sum(x, [0, 1, 2]), tf.sum(x, [-4, -3, -2], true), tf.sum(x), tf.sum(x, 3), tf.sum(x, [1, 2]), tf.sum(tf.cast(tf.round(x), 'int32'), [0, 1, 2])].map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) }));
    });
  };
  const ref = await sums('cpu');
  const got = await sums('wasm');
  ref.forEach((r, i) => {
    assert.deepEqual(got[i].shape, r.shape);
    r.v.forEach((v, j) => assert.ok(Math.abs(v - got[i].v[j]) <= 1e-4 * Math.max(1, Math.abs(v)), `sum ${i} element ${j}: ${got[i].v[j]} vs ${v}`));
  });
});

test("gather's gradient (UnsortedSegmentSum) runs on wasm and matches cpu", async () => {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([2, 0, 2, 1], 'int32')), tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]))));
      return Array.from(g(table).dataSync());
    });
  };
  assert.deepEqual(await run('wasm'), await run('cpu'));
  assert.deepEqual(await run('wasm'), [3, 4, 7, 8, 6, 8]);
});

test('registering the training kernels twice changes nothing', () => {
  const before = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  registerWasmTrainingKernels();
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), before);
});

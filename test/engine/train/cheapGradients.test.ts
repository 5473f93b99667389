// The encoder's ReLU, reductions and layer norm with hand-written gradients (src/engine/model/relu.ts, reductions.ts,
// layerNorm.ts) give the values and gradients of tfjs' own ops, on the deterministic cpu backend and on wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { Prng } from '../../../src/engine/demo/prng';
import { layerNorm } from '../../../src/engine/model/layerNorm';
import { meanAlong, sumAlong, tiledReduction } from '../../../src/engine/model/reductions';
import { relu } from '../../../src/engine/model/relu';
import { useBackend } from './trainFixtures';

const rng = new Prng(7);
const shape = [3, 4, 2, 5];
const values = Array.from({ length: 3 * 4 * 2 * 5 }, () => rng.normal());
// A weighting that differs per element, so that a wrong broadcast in a gradient shows.
const weights = Array.from({ length: values.length }, (_, i) => 1 + (i % 7));

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(a.sub(b))).dataSync()[0];
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`relu, sumAlong and meanAlong match tfjs' own values and gradients (${backend})`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor(values, shape);
      const w = tf.tensor(weights, shape);
      const pairs: [string, (v: tf.Tensor) => tf.Tensor, (v: tf.Tensor) => tf.Tensor][] = [
        ['relu', (v) => relu(v), (v) => tf.relu(v)],
        ...[0, 1, 2, 3, -1].flatMap((axis): [string, (v: tf.Tensor) => tf.Tensor, (v: tf.Tensor) => tf.Tensor][] => [
          [`sum ${axis}`, (v) => sumAlong(v, axis), (v) => tf.sum(v, axis)],
          [`mean ${axis} keepDims`, (v) => meanAlong(v, axis, true), (v) => tf.mean(v, axis, true)],
          // What sumAlong and meanAlong run on tfjs-node, tried here on the backends every machine has.
          [`tiled sum ${axis}`, (v) => tiledReduction('sum', (axis + 4) % 4, false)(v), (v) => tf.sum(v, axis)],
          [`tiled mean ${axis} keepDims`, (v) => tiledReduction('mean', (axis + 4) % 4, true)(v), (v) => tf.mean(v, axis, true)],
        ]),
      ];
      for (const [name, ours, theirs] of pairs) {
        const a = ours(x);
        const b = theirs(x);
        assert.deepEqual(a.shape, b.shape, `${name}: shape`);
        assert.ok(maxDiff(a, b) < 1e-5, `${name}: values`);
        // Weight the input before the op so that the upstream gradient is not uniform.
        const ga = tf.grad((v: tf.Tensor) => ours(v.mul(w)).square().sum())(x);
        const gb = tf.grad((v: tf.Tensor) => theirs(v.mul(w)).square().sum())(x);
        assert.ok(maxDiff(ga, gb) < 1e-3, `${name}: gradient differs by ${maxDiff(ga, gb)}`);
      }
    });
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`layerNorm matches the normalisation written out in tfjs ops, values and all three gradients (${backend})`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor(values, shape).mul(3).add(1);
      const w = tf.tensor(weights, shape);
      const gamma = tf.tensor1d([0.5, 1.5, -1, 2, 0.25]);
      const beta = tf.tensor1d([0, 1, -2, 0.5, 3]);
      const reference = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
        const centred = v.sub(tf.mean(v, -1, true));
        return centred.div(tf.mean(centred.square(), -1, true).add(1e-5).sqrt()).mul(g).add(b);
      };
      const loss = (f: (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(v, g, b).mul(w).square().sum();
      assert.ok(maxDiff(layerNorm(x, gamma, beta), reference(x, gamma, beta)) < 1e-4, 'values');
      const ours = tf.grads(loss(layerNorm))([x, gamma, beta]);
      const theirs = tf.grads(loss(reference))([x, gamma, beta]);
      ['x', 'gamma', 'beta'].forEach((name, i) => {
        const scale = tf.max(tf.abs(theirs[i])).dataSync()[0];
        assert.ok(maxDiff(ours[i], theirs[i]) < 1e-4 * scale, `d${name} differs by ${maxDiff(ours[i], theirs[i])} (scale ${scale})`);
      });
    });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { contrastiveLoss, pairwiseDistances } from '../../../src/engine/train/contrastiveLoss';
import { matMul, matMulTransposedB } from '../../../src/engine/model/matMul';
import { Prng } from '../../../src/engine/demo/prng';
import { contrastiveFeatures } from '../../../src/engine/train/contrastiveFeatures';
import type { EncoderOutputs } from '../../../src/engine/model/encoder';
import { useBackend } from './trainFixtures';

const rng = new Prng(11);
const B = 8;
const D = 5;
const Z = Array.from({ length: B }, () => Array.from({ length: D }, () => rng.normal() * 0.6));
const Y = [0, 1, 0, 2, 1, 1, 2, 0];
const dist = (i: number, j: number) => Math.sqrt(Z[i].reduce((s, v, k) => s + (v - Z[j][k]) ** 2, 0) + 1e-9);
const m = 1.2;
const pull = (i: number, j: number) => dist(i, j) ** 2;
const push = (i: number, j: number) => Math.max(0, m - dist(i, j)) ** 2;

function lossOf(sel: 'random' | 'batch-all' | 'batch-hard' | 'semi-hard'): number {
  return tf.tidy(() => contrastiveLoss(tf.tensor2d(Z), Y, sel, m).dataSync()[0]);
}

test('pairwise distances match the definition', async () => {
  await useBackend('cpu');
  const d = tf.tidy(() => pairwiseDistances(tf.tensor2d(Z)).arraySync());
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) assert.ok(Math.abs(d[i][j] - dist(i, j)) < 1e-4, `d[${i}][${j}]`);
});

test('random pairs: Hadsell loss over the designated pairs (2i, 2i+1)', async () => {
  await useBackend('cpu');
  let s = 0;
  for (let i = 0; i < B; i += 2) s += Y[i] === Y[i + 1] ? pull(i, i + 1) : push(i, i + 1);
  assert.ok(Math.abs(lossOf('random') - s / (B / 2)) < 1e-4);
});

test('batch-all: mean over positive pairs plus mean over negative pairs', async () => {
  await useBackend('cpu');
  let sp = 0, np = 0, sn = 0, nn = 0;
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) {
    if (i === j) continue;
    if (Y[i] === Y[j]) { sp += pull(i, j); np++; } else { sn += push(i, j); nn++; }
  }
  assert.ok(Math.abs(lossOf('batch-all') - (sp / np + sn / nn)) < 1e-4);
});

test('batch-hard: farthest positive and nearest negative per anchor', async () => {
  await useBackend('cpu');
  let sp = 0, sn = 0, np = 0, nn = 0;
  for (let i = 0; i < B; i++) {
    const pos = [...Array(B).keys()].filter((j) => j !== i && Y[j] === Y[i]);
    const neg = [...Array(B).keys()].filter((j) => Y[j] !== Y[i]);
    if (pos.length) { sp += Math.max(...pos.map((j) => dist(i, j))) ** 2; np++; }
    if (neg.length) { sn += Math.max(0, m - Math.min(...neg.map((j) => dist(i, j)))) ** 2; nn++; }
  }
  assert.ok(Math.abs(lossOf('batch-hard') - (sp / np + sn / nn)) < 1e-4);
});

test('semi-hard: negatives beyond the farthest positive and inside the margin, else the nearest', async () => {
  await useBackend('cpu');
  let sp = 0, np = 0, sn = 0, nn = 0;
  for (let i = 0; i < B; i++) {
    const pos = [...Array(B).keys()].filter((j) => j !== i && Y[j] === Y[i]);
    const neg = [...Array(B).keys()].filter((j) => Y[j] !== Y[i]);
    for (const j of pos) { sp += pull(i, j); np++; }
    const far = pos.length ? Math.max(...pos.map((j) => dist(i, j))) : 0;
    let chosen = neg.filter((j) => dist(i, j) > far && dist(i, j) < m);
    if (chosen.length === 0) {
      const near = Math.min(...neg.map((j) => dist(i, j)));
      chosen = neg.filter((j) => dist(i, j) <= near);
    }
    for (const j of chosen) { sn += push(i, j); nn++; }
  }
  assert.ok(Math.abs(lossOf('semi-hard') - (sp / np + sn / nn)) < 1e-4, `${lossOf('semi-hard')} vs ${sp / np + sn / nn}`);
});

test('the loss pulls same-class pairs together and pushes others apart under gradient descent', async () => {
  await useBackend('cpu');
  const z = tf.variable(tf.tensor2d(Z));
  const before = lossOf('batch-all');
  for (let k = 0; k < 50; k++) {
    tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => contrastiveLoss(x as tf.Tensor2D, Y, 'batch-all', m))(z);
      z.assign(z.sub(g.mul(0.1)));
    });
  }
  const after = tf.tidy(() => contrastiveLoss(z as unknown as tf.Tensor2D, Y, 'batch-all', m).dataSync()[0]);
  z.dispose();
  assert.ok(after < before * 0.5, `${after} should be well below ${before}`);
});

test('matMul gives the same values and gradients as tf.matMul', async () => {
  await useBackend('cpu');
  const a = tf.tensor3d(Array.from({ length: 2 * 3 * 4 }, () => rng.normal()), [2, 3, 4]);
  const b = tf.tensor3d(Array.from({ length: 2 * 4 * 5 }, () => rng.normal()), [2, 4, 5]);
  const f1 = (x: tf.Tensor, y: tf.Tensor) => matMul(x as tf.Tensor3D, y as tf.Tensor3D).square().sum();
  const f2 = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D).square().sum();
  const [ga1, gb1] = tf.grads(f1)([a, b]);
  const [ga2, gb2] = tf.grads(f2)([a, b]);
  const close = (p: tf.Tensor, q: tf.Tensor) => tf.max(tf.abs(p.sub(q))).dataSync()[0] < 1e-4;
  assert.ok(close(f1(a, b), f2(a, b)));
  assert.ok(close(ga1, ga2));
  assert.ok(close(gb1, gb2));
  // a x b^T without a transposed operand for wasm, and its gradients.
  const c = tf.tensor3d(Array.from({ length: 2 * 5 * 4 }, () => rng.normal()), [2, 5, 4]);
  const f3 = (x: tf.Tensor, y: tf.Tensor) => matMulTransposedB(x as tf.Tensor3D, y as tf.Tensor3D).square().sum();
  const f4 = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, false, true).square().sum();
  const [ga3, gc3] = tf.grads(f3)([a, c]);
  const [ga4, gc4] = tf.grads(f4)([a, c]);
  assert.ok(close(f3(a, c), f4(a, c)));
  assert.ok(close(ga3, ga4));
  assert.ok(close(gc3, gc4));
});

test('feature selection: raw layers in per-dimension RMS units by default, plain Euclidean on request, unit rows', async () => {
  await useBackend('cpu');
  const wide = Array.from({ length: B }, () => Array.from({ length: 4 * D }, () => rng.normal()));
  const out = tf.tidy(() => ({ pooled: tf.tensor2d(wide), embedding: tf.tensor2d(Z), penultimate: tf.tensor2d(wide), logits: tf.tensor2d(Z) })) as EncoderOutputs;
  const distances = (z: tf.Tensor2D) => tf.tidy(() => pairwiseDistances(z).arraySync());
  const plainWide = (i: number, j: number) => Math.sqrt(wide[i].reduce((s, v, k) => s + (v - wide[j][k]) ** 2, 0));
  const rms = distances(contrastiveFeatures(out, { featureSelection: 'penultimate', rawDistance: 'rms' }));
  const euclid = distances(contrastiveFeatures(out, { featureSelection: 'penultimate', rawDistance: 'euclidean' }));
  const emb = distances(contrastiveFeatures(out, { featureSelection: 'embedding', rawDistance: 'rms' }));
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < B; j++) {
      if (i === j) continue;
      assert.ok(Math.abs(euclid[i][j] - plainWide(i, j)) < 1e-3, `euclidean d[${i}][${j}]`);
      assert.ok(Math.abs(rms[i][j] - plainWide(i, j) / Math.sqrt(4 * D)) < 1e-3, `rms d[${i}][${j}]`);
      assert.ok(Math.abs(emb[i][j] - dist(i, j) / Math.sqrt(D)) < 1e-3, `embedding rms d[${i}][${j}]`);
    }
  }
  const unit = tf.tidy(() => contrastiveFeatures(out, { featureSelection: 'normalized', rawDistance: 'euclidean' }).square().sum(1).arraySync() as number[]);
  for (const n of unit) assert.ok(Math.abs(n - 1) < 1e-5);
  tf.dispose(Object.values(out));
});

// Projections: PCA against a known covariance, UMAP determinism and cancellation, the per-run cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pca2d, symmetricEigen } from '../../../src/engine/inspect/projection/pca';
import { umap2d } from '../../../src/engine/inspect/projection/umapProjection';
import { projectRun } from '../../../src/engine/inspect/projection/projectRun';
import { KnnIndex } from '../../../src/engine/inspect/knn/knnIndex';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { writeOofPredictions } from '../../../src/engine/run/oofPredictions';
import { CancelledError } from '../../../src/engine/errors';
import { Prng } from '../../../src/engine/demo/prng';
import { asOof, syntheticRun } from './syntheticRun';

test('Jacobi eigen-decomposition of a small symmetric matrix', () => {
  // [[2,1],[1,2]] has eigenvalues 3 and 1 with axes (1,1)/sqrt2 and (1,-1)/sqrt2.
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
  assert.deepEqual([...values].sort().map((v) => +v.toFixed(12)), [1, 3]);
  const k = values[0] > values[1] ? 0 : 1;
  assert.ok(Math.abs(Math.abs(vectors[k]) - Math.SQRT1_2) < 1e-12 && Math.abs(vectors[k] - vectors[2 + k]) < 1e-12);
});

test('PCA finds the axes and variance shares of a known covariance', () => {
  // Variances 9, 4, 1, 0.25, 0.25, 0.25 along a rotated basis of R^6; 20000 samples.
  const dim = 6;
  const sd = [3, 2, 1, 0.5, 0.5, 0.5];
  const rnd = new Prng(3);
  // A random orthonormal basis by Gram-Schmidt.
  const basis: number[][] = [];
  while (basis.length < dim) {
    const v = Array.from({ length: dim }, () => rnd.normal());
    for (const b of basis) {
      const d = v.reduce((s, x, t) => s + x * b[t], 0);
      for (let t = 0; t < dim; t++) v[t] -= d * b[t];
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const n = 20000;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const z = sd.map((s) => s * rnd.normal());
    for (let t = 0; t < dim; t++) x[i * dim + t] = 5 + basis.reduce((acc, b, k) => acc + z[k] * b[t], 0);
  }
  const p = pca2d(x, n, dim);
  const total = sd.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(p.explainedVariance[0] - 9 / total) < 0.01, `${p.explainedVariance[0]}`);
  assert.ok(Math.abs(p.explainedVariance[1] - 4 / total) < 0.01, `${p.explainedVariance[1]}`);
  for (let c = 0; c < 2; c++) {
    const dot = basis[c].reduce((s, v, t) => s + v * p.components[c * dim + t], 0);
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-3, `component ${c}: |cos| = ${Math.abs(dot)}`);
  }
  // Coordinates are centred projections: their variance is the eigenvalue.
  const varX = Array.from({ length: n }, (_, i) => p.coords[2 * i] ** 2).reduce((a, b) => a + b, 0) / (n - 1);
  assert.ok(Math.abs(varX - 9) < 0.3, `${varX}`);
});

function clusters(perCluster: number, seed: number): { x: Float32Array; n: number; dim: number } {
  const dim = 8;
  const rnd = new Prng(seed);
  const n = 3 * perCluster;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) x[i * dim + t] = (t === i % 3 ? 4 : 0) + 0.3 * rnd.normal();
  return { x, n, dim };
}

test('UMAP keeps clusters apart, is reproducible, and stops on abort', async () => {
  const { x, n, dim } = clusters(40, 1);
  const graph = await KnnIndex.build(x, n, dim).graph(14);
  const init = pca2d(x, n, dim).coords;
  const a = await umap2d(graph, { epochs: 60, init });
  const b = await umap2d(graph, { epochs: 60, init });
  assert.deepEqual(a, b);
  assert.ok(a.every(Number.isFinite));
  const dist = (i: number, j: number) => Math.hypot(a[2 * i] - a[2 * j], a[2 * i + 1] - a[2 * j + 1]);
  const inside: number[] = [];
  const across: number[] = [];
  for (let i = 0; i < n; i += 7) for (let j = 1; j < n; j += 5) (i % 3 === j % 3 ? inside : across).push(dist(i, j));
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  assert.ok(mean(across) > 2 * mean(inside), `clusters stay apart: ${mean(inside)} inside, ${mean(across)} across`);
  const ac = new AbortController();
  await assert.rejects(umap2d(graph, { epochs: 5000, signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
  await assert.rejects(umap2d({ ...graph, n: 10 }, {}), /more than 15/);
});

test('projectRun caches per run and settings, and recomputes when the OOF files change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ser-projection-'));
  const fs = new NodeFileSystem();
  try {
    const run = syntheticRun({ n: 120, folds: 2, dim: 8 });
    await writeOofPredictions(fs, dir, asOof(run));
    const first = await projectRun(fs, dir, { method: 'pca' });
    assert.equal(first.cached, false);
    assert.equal(first.ids.length, 120);
    assert.ok(first.explainedVariance![0] > 0);
    const again = await projectRun(fs, dir, { method: 'pca' });
    assert.equal(again.cached, true);
    assert.equal(again.key, first.key);
    assert.ok(Math.abs(again.coords[0] - first.coords[0]) <= 1e-5 * Math.abs(first.coords[0]));
    const fold1 = await projectRun(fs, dir, { method: 'pca', fold: 1 });
    assert.equal(fold1.ids.length, 60);
    assert.notEqual(fold1.key, first.key);
    // A rewritten run misses the cache; the stale file of the same settings goes, other settings' files stay.
    run.embeddings[0] += 1;
    await writeOofPredictions(fs, dir, asOof(run));
    const changed = await projectRun(fs, dir, { method: 'pca' });
    assert.equal(changed.cached, false);
    const files = readdirSync(dir).filter((f) => f.startsWith('projection-'));
    assert.deepEqual(files.sort(), [`projection-pca-${changed.key}.json`, `projection-pca-${fold1.key}.json`].sort());
    // A damaged cache file is recomputed.
    writeFileSync(changed.file, '{"format":"ser-projection",');
    assert.equal((await projectRun(fs, dir, { method: 'pca' })).cached, false);
    const u = await projectRun(fs, dir, { method: 'umap', epochs: 20 });
    assert.equal(u.coords.length, 240);
    assert.equal((await projectRun(fs, dir, { method: 'umap', epochs: 20 })).cached, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeCache: false computes without writing to the run folder, and still reads a cache that is there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ser-projection-'));
  const fs = new NodeFileSystem();
  try {
    const run = syntheticRun({ n: 60, folds: 2, dim: 8 });
    await writeOofPredictions(fs, dir, asOof(run));
    const files = () => readdirSync(dir).sort();
    const before = files();
    const p = await projectRun(fs, dir, { method: 'pca' }, { writeCache: false });
    assert.equal(p.cached, false);
    assert.equal(p.ids.length, 60);
    const u = await projectRun(fs, dir, { method: 'umap', epochs: 10 }, { writeCache: false });
    assert.equal(u.coords.length, 120);
    assert.deepEqual(files(), before, 'nothing written to the run folder');
    assert.equal((await projectRun(fs, dir, { method: 'pca' }, { writeCache: false })).cached, false);
    // A cache written earlier (by a trusted window) is used.
    const written = await projectRun(fs, dir, { method: 'pca' });
    const read = await projectRun(fs, dir, { method: 'pca' }, { writeCache: false });
    assert.equal(read.cached, true);
    assert.equal(read.key, written.key);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

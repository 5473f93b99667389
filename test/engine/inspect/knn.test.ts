// Exact kNN: the SIMD kernel and the threaded all-pairs graph against a float64 brute force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KnnIndex, graphNeighbours } from '../../../src/engine/inspect/knn/knnIndex';
import { CancelledError } from '../../../src/engine/errors';
import { Prng } from '../../../src/engine/demo/prng';

function randomRows(n: number, dim: number, seed: number, clusters = 0): Float32Array {
  const rnd = new Prng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => rnd.normal()));
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = clusters > 0 ? centres[i % clusters] : undefined;
    for (let t = 0; t < dim; t++) x[i * dim + t] = (c ? c[t] : 0) + (clusters > 0 ? 0.6 : 1) * rnd.normal();
  }
  return x;
}

/** Float64 cosine similarities of row i with every row. */
function bruteRow(x: Float32Array, n: number, dim: number, i: number): Float64Array {
  const norm = (r: number) => Math.sqrt(Array.from({ length: dim }, (_, t) => x[r * dim + t] ** 2).reduce((a, b) => a + b, 0));
  const ni = norm(i);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += x[i * dim + t] * x[j * dim + t];
    out[j] = s / (ni * norm(j));
  }
  return out;
}

/** Checks that `got` are k nearest of row i, allowing for float32 rounding among near-ties. */
function assertExactKnn(x: Float32Array, n: number, dim: number, i: number, got: number[], k: number): void {
  const sims = bruteRow(x, n, dim, i);
  const order = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => sims[b] - sims[a] || a - b);
  const kth = sims[order[k - 1]];
  assert.equal(got.length, k);
  assert.ok(!got.includes(i), `row ${i} lists itself`);
  assert.equal(new Set(got).size, k, 'duplicate neighbours');
  for (const j of got) assert.ok(sims[j] >= kth - 1e-5, `row ${i}: ${j} (${sims[j]}) is not among the ${k} nearest (kth ${kth})`);
  for (const j of order) if (sims[j] > kth + 1e-5) assert.ok(got.includes(j), `row ${i}: missed ${j}`);
}

test('single queries return the exact nearest rows, most similar first, self excluded', () => {
  const n = 301;
  const dim = 13;
  const x = randomRows(n, dim, 1);
  const index = KnnIndex.build(x, n, dim);
  for (const i of [0, 7, 150, 300]) {
    const nb = index.query(i, 9);
    assertExactKnn(x, n, dim, i, nb.map((q) => q.index), 9);
    for (let p = 1; p < nb.length; p++) assert.ok(nb[p - 1].similarity >= nb[p].similarity);
    for (const q of nb) assert.equal(q.similarity, index.similarity(i, q.index), 'query and similarity() use the same arithmetic');
  }
});

test('the all-pairs graph matches brute force on random and clustered data, any block size', async () => {
  for (const [n, dim, clusters, block] of [
    [200, 7, 0, 64],
    [333, 32, 5, 512],
    [97, 130, 3, 8],
  ] as const) {
    const x = randomRows(n, dim, n + dim, clusters);
    const index = KnnIndex.build(x, n, dim, { block });
    const k = 10;
    const g = await index.graph(k, { threads: 1 });
    assert.equal(g.k, k);
    for (let i = 0; i < n; i++) assertExactKnn(x, n, dim, i, graphNeighbours(g, i).map((q) => q.index), k);
  }
});

test('threads give the same graph, bit for bit, as one thread and as single queries', async () => {
  const n = 1500;
  const dim = 24;
  const x = randomRows(n, dim, 3, 8);
  const index = KnnIndex.build(x, n, dim, { block: 128, maxThreads: 3 });
  const one = await index.graph(6, { threads: 1 });
  const progress: number[] = [];
  const three = await index.graph(6, { threads: 3, onProgress: (done, total) => progress.push(done / total) });
  assert.deepEqual(three.indices, one.indices);
  assert.deepEqual(three.similarities, one.similarities);
  assert.equal(progress.at(-1), 1);
  for (const i of [0, 499, 1499]) {
    const q = index.query(i, 6);
    assert.deepEqual(q, graphNeighbours(one, i), `row ${i}`);
  }
});

test('ties go to the smaller row index; duplicates are neighbours at similarity 1', async () => {
  const dim = 4;
  // Rows 0, 2 and 5 are the same direction; 1, 3, 4 point elsewhere.
  const rows = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [2, 0, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [3, 0, 0, 0],
  ];
  const x = Float32Array.from(rows.flat());
  const index = KnnIndex.build(x, rows.length, dim);
  const g = await index.graph(3, { threads: 1 });
  assert.deepEqual(graphNeighbours(g, 5).map((q) => q.index), [0, 2, 1]);
  assert.deepEqual(graphNeighbours(g, 0).map((q) => [q.index, q.similarity]), [[2, 1], [5, 1], [1, 0]]);
  assert.deepEqual(graphNeighbours(g, 1).map((q) => q.index), [0, 2, 3], 'similarity 0 to all: lowest indices');
});

test('zero and non-finite rows are kept as zero vectors and reported', async () => {
  const x = Float32Array.from([1, 0, 0, 0, Number.NaN, 1, 0, 1, 1, 1]);
  const index = KnnIndex.build(x, 5, 2);
  assert.deepEqual(index.degenerateRows, [1, 2]);
  const g = await index.graph(2, { threads: 1 });
  assert.deepEqual(graphNeighbours(g, 3).map((q) => q.index), [4, 0]);
  assert.equal(index.similarity(1, 3), 0);
});

test('k is capped at n - 1; empty and single-row indexes answer empty', async () => {
  const x = randomRows(4, 3, 9);
  const g = await KnnIndex.build(x, 4, 3).graph(10);
  assert.equal(g.k, 3);
  assert.equal((await KnnIndex.build(x, 1, 3).graph(5)).k, 0);
  assert.deepEqual(KnnIndex.build(x, 1, 3).query(0, 3), []);
  assert.equal(KnnIndex.build(new Float32Array(0), 0, 3).n, 0);
});

test('queryVector normalises its query and can leave a row out', () => {
  const x = Float32Array.from([1, 0, 0, 1, 1, 1]);
  const index = KnnIndex.build(x, 3, 2);
  assert.deepEqual(index.queryVector([5, 5], 2).map((q) => q.index), [2, 0]);
  assert.deepEqual(index.queryVector([5, 5], 2, 2).map((q) => q.index), [0, 1]);
  assert.throws(() => index.queryVector([1, 2, 3], 1), /3 values/);
});

test('an aborted graph stops with CancelledError, on one thread and on several', async () => {
  const n = 4000;
  const x = randomRows(n, 32, 5);
  const index = KnnIndex.build(x, n, 32, { block: 64, maxThreads: 2 });
  for (const threads of [1, 2]) {
    const ac = new AbortController();
    const run = index.graph(5, { threads, signal: ac.signal, onProgress: (done) => done > 10 && ac.abort() });
    await assert.rejects(run, CancelledError);
  }
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(index.graph(5, { threads: 2, signal: pre.signal }), CancelledError);
  // The index is still usable afterwards.
  assert.equal((await index.graph(3, { threads: 2 })).k, 3);
});

/**
 * bench/knn: the exact kNN graph (k = 10, cosine) of N = 10k and 100k random clustered 128-d embeddings, ours
 * (KnnIndex: WebAssembly SIMD blocks, worker threads) against faiss-cpu IndexFlatIP on the same normalised data,
 * same thread count, in the same run. Prints seconds, the ratio, and the recall of our graph against faiss's
 * (1.0 up to ties: neighbours that differ only among equal similarities are counted as agreeing).
 *
 *   node bench/run.mjs knn            (SER_BENCH_SIZES=10000,20000 to choose sizes)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnnIndex, type KnnGraph } from '../../src/engine/inspect/knn/knnIndex';
import { Prng } from '../../src/engine/demo/prng';
import { pythonWith, runPython } from '../peers';

const K = 10;
const DIM = 128;
const SIZES = (process.env.SER_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const THREADS = Math.min(2, availableParallelism());

/** N points around 64 Gaussian centres (spread 0.5 of the centres' scale), seeded: the same data every run. */
function clustered(n: number, dim: number, seed: number): Float32Array {
  const rnd = new Prng(seed);
  const centres = Array.from({ length: 64 }, () => Float64Array.from({ length: dim }, () => rnd.normal()));
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[rnd.int(centres.length)];
    for (let t = 0; t < dim; t++) x[i * dim + t] = c[t] + 0.5 * rnd.normal();
  }
  return x;
}

const FAISS = `
import sys, json, time, numpy as np, faiss
a = json.load(sys.stdin)
faiss.omp_set_num_threads(a["threads"])
x = np.fromfile(a["input"], dtype=np.float32).reshape(a["n"], a["dim"])
t0 = time.perf_counter()
faiss.normalize_L2(x)
index = faiss.IndexFlatIP(a["dim"])
index.add(x)
sims, idx = index.search(x, a["k"] + 1)
seconds = time.perf_counter() - t0
# Drop each row's self match (usually first; anywhere among exact duplicates), keep k.
out = np.empty((a["n"], a["k"]), dtype=np.int32)
outs = np.empty((a["n"], a["k"]), dtype=np.float32)
for i in range(a["n"]):
    keep = [p for p in range(a["k"] + 1) if idx[i, p] != i][: a["k"]]
    out[i] = idx[i, keep]
    outs[i] = sims[i, keep]
out.tofile(a["output"])
outs.tofile(a["output"] + ".sims")
print(json.dumps({"seconds": seconds, "threads": faiss.omp_get_max_threads(), "version": faiss.__version__}))
`;

/** Share of faiss's neighbours that ours lists too; a miss whose similarity ties our k-th best counts as a tie. */
function recall(ours: KnnGraph, theirs: Int32Array, theirSims: Float32Array, n: number): { raw: number; withTies: number } {
  let same = 0;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const mine = new Set(ours.indices.subarray(i * K, i * K + K));
    const kth = ours.similarities[i * K + K - 1];
    for (let p = 0; p < K; p++) {
      if (mine.has(theirs[i * K + p])) same++;
      else if (Math.abs(theirSims[i * K + p] - kth) <= 1e-6) ties++;
    }
  }
  return { raw: same / (n * K), withTies: (same + ties) / (n * K) };
}

async function main(): Promise<void> {
  const peer = pythonWith(['faiss', 'numpy']);
  if ('skip' in peer) console.log(`faiss: ${peer.skip}`);
  console.log(`exact cosine kNN graph, k=${K}, dim=${DIM}, threads=${THREADS} (machine: ${availableParallelism()} cores, node ${process.version})`);
  const work = mkdtempSync(join(tmpdir(), 'ser-bench-knn-'));
  try {
    for (const n of SIZES) {
      const x = clustered(n, DIM, 42 + n);
      let t = performance.now();
      const index = KnnIndex.build(x, n, DIM, { maxThreads: THREADS });
      const buildS = (performance.now() - t) / 1000;
      const oneThread = n <= 20000 ? await timed(() => index.graph(K, { threads: 1 })) : undefined;
      const ours = await timed(() => index.graph(K, { threads: THREADS }));
      t = performance.now();
      for (let q = 0; q < 20; q++) index.query((q * 7919) % n, K);
      const queryMs = (performance.now() - t) / 20;
      const line = [
        `N=${n}`,
        `ours ${(buildS + ours.seconds).toFixed(2)} s (normalise+pack ${buildS.toFixed(2)} s, graph ${ours.seconds.toFixed(2)} s on ${THREADS} threads${oneThread ? `, ${oneThread.seconds.toFixed(2)} s on 1` : ''})`,
        `one query ${queryMs.toFixed(2)} ms`,
      ];
      if ('python' in peer) {
        const input = join(work, `x${n}.f32`);
        const output = join(work, `faiss${n}.i32`);
        writeFileSync(input, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
        const r = runPython<{ seconds: number; threads: number; version: string }>(peer.python, FAISS, { input, output, n, dim: DIM, k: K, threads: THREADS });
        const theirs = new Int32Array(readFileSync(output).buffer.slice(0));
        const theirSims = new Float32Array(readFileSync(`${output}.sims`).buffer.slice(0));
        const rc = recall(ours.value, theirs, theirSims, n);
        const total = buildS + ours.seconds;
        line.push(`faiss ${r.version} IndexFlatIP ${r.seconds.toFixed(2)} s on ${r.threads} threads`);
        line.push(`ratio ours/faiss ${(total / r.seconds).toFixed(2)}`);
        line.push(`recall ${rc.raw.toFixed(6)} (${rc.withTies.toFixed(6)} counting ties)`);
      }
      console.log(line.join(' | '));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

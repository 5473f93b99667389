/**
 * Exact cosine nearest neighbours over a set of embeddings: single queries in about a millisecond per 100k rows,
 * and the all-pairs k-nearest-neighbour graph with blocked SIMD products on one or more threads.
 *
 * Rows are normalised to unit length once (in float64, stored as float32), so a dot product is the cosine
 * similarity. Queries and the graph use the same kernel, hence the same float32 arithmetic: the similarity of
 * (i, j) is the same number wherever it appears. A row that is all zeros, or holds a non-finite value, is kept as a
 * zero vector (similarity 0 to everything) and listed in `degenerateRows`.
 *
 * No approximate index: at 100k x 128 the exact graph takes seconds (see bench/knn), and an approximation would
 * make suspect rankings depend on index parameters.
 */
import { availableParallelism } from 'node:os';
import { SerError } from '../../errors';
import { dotKernelModule, PANEL_WIDTH, TILE_ROWS, type BlockKernel } from './dotKernel';
import { DEFAULT_BLOCK, knnLayout, packRow, QUERY_ROWS, unpackRow, type KnnLayout } from './knnLayout';
import { mergePartials, runInThread, runOnWorkers, type PartialSpec } from './knnThreads';
import { wasmApi, type WasmMemory, type WasmModule } from '../../wasm/wasmApi';

/** A neighbour of a row: its index and cosine similarity (distance = 1 - similarity). */
export interface Neighbour {
  index: number;
  similarity: number;
}

/** The k nearest neighbours of every row, self excluded, most similar first (ties: smaller index first). */
export interface KnnGraph {
  n: number;
  k: number;
  /** n x k row indices. */
  indices: Int32Array;
  /** n x k cosine similarities. */
  similarities: Float32Array;
}

export interface KnnIndexOptions {
  /** Most threads a graph may use; default the machine's available parallelism (at most 8). */
  maxThreads?: number;
  /** Rows per block of the all-pairs search; default 512. */
  block?: number;
}

export interface GraphOptions {
  /** Threads for this graph; default: 1 for small inputs, else maxThreads. */
  threads?: number;
  signal?: AbortSignal;
  /** Block pairs done of total. */
  onProgress?: (done: number, total: number) => void;
}

/** Below this many multiply-adds (n of about 4000 at 128 dims) starting worker threads costs more than it saves (measured). */
const SMALL_GRAPH = 1e9;

export class KnnIndex {
  readonly n: number;
  readonly dim: number;
  /** Rows that were all zeros or held a non-finite value; they are treated as zero vectors. */
  readonly degenerateRows: readonly number[];
  private readonly layout: KnnLayout;
  private readonly memory: WasmMemory;
  private readonly module: WasmModule;
  private readonly kernel: BlockKernel;
  private readonly panels: Float32Array;
  private readonly maxThreads: number;
  private graphQueue: Promise<unknown> = Promise.resolve();

  private constructor(embeddings: Float32Array, n: number, dim: number, options: KnnIndexOptions) {
    if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1 || embeddings.length < n * dim) {
      throw new SerError('usage', undefined, `embeddings hold ${embeddings.length} values, expected ${n} x ${dim}`);
    }
    this.n = n;
    this.dim = dim;
    this.maxThreads = Math.max(1, Math.min(options.maxThreads ?? Math.min(availableParallelism(), 8), 64));
    this.layout = knnLayout(n, dim, this.maxThreads, options.block ?? DEFAULT_BLOCK);
    const pages = this.layout.pages;
    const wasm = wasmApi();
    this.memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    try {
      this.module = new wasm.Module(dotKernelModule({ minPages: pages, maxPages: pages, shared: true }));
    } catch (err) {
      throw new SerError('unsupported', undefined, `this runtime cannot compile the WebAssembly SIMD kernel: ${(err as Error).message}`, { cause: err });
    }
    const instance = new wasm.Instance(this.module, { env: { memory: this.memory } });
    this.kernel = instance.exports.block as BlockKernel;
    this.panels = new Float32Array(this.memory.buffer, 0, this.layout.nPad * dim);
    const degenerate: number[] = [];
    const row = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      if (!normalise(embeddings, i * dim, dim, row)) degenerate.push(i);
      packRow(this.panels, dim, i, row);
    }
    this.degenerateRows = degenerate;
  }

  /** Normalises and packs `n` rows of `dim` values (row-major, as in OofPredictions.embeddings). */
  static build(embeddings: Float32Array, n: number, dim: number, options: KnnIndexOptions = {}): KnnIndex {
    return new KnnIndex(embeddings, n, dim, options);
  }

  /** Row `i` as stored: unit length (or zeros). */
  row(i: number): Float32Array {
    this.checkRow(i);
    return unpackRow(this.panels, this.dim, i, new Float32Array(this.dim));
  }

  /** Cosine similarity of rows i and j, with the kernel's arithmetic (a float32 sum over dimensions in order). */
  similarity(i: number, j: number): number {
    this.checkRow(i);
    this.checkRow(j);
    const a = this.row(i);
    const b = this.row(j);
    let s = 0;
    for (let t = 0; t < this.dim; t++) s = Math.fround(s + Math.fround(a[t] * b[t]));
    return s;
  }

  /** The k rows most similar to row i, i itself excluded. */
  query(i: number, k: number): Neighbour[] {
    this.checkRow(i);
    return this.queryUnit(this.row(i), k, i);
  }

  /** The k rows most similar to `vector` (any length; normalised here), `exclude` (a row) left out. */
  queryVector(vector: ArrayLike<number>, k: number, exclude = -1): Neighbour[] {
    if (vector.length !== this.dim) throw new SerError('usage', undefined, `query has ${vector.length} values, the index holds ${this.dim}`);
    const unit = new Float64Array(this.dim);
    normalise(Float32Array.from(vector), 0, this.dim, unit);
    return this.queryUnit(Float32Array.from(unit), k, exclude);
  }

  /**
   * The k-nearest-neighbour graph of all rows (k is capped at n - 1). Concurrent calls run one after another,
   * since they share scratch memory.
   */
  graph(k: number, options: GraphOptions = {}): Promise<KnnGraph> {
    const run = this.graphQueue.then(() => this.computeGraph(k, options));
    this.graphQueue = run.catch(() => undefined);
    return run;
  }

  private async computeGraph(kWanted: number, options: GraphOptions): Promise<KnnGraph> {
    if (!Number.isInteger(kWanted) || kWanted < 1) throw new SerError('usage', undefined, `k must be a positive integer, not ${kWanted}`);
    const n = this.n;
    const k = Math.min(kWanted, Math.max(0, n - 1));
    if (k === 0) return { n, k: 0, indices: new Int32Array(0), similarities: new Float32Array(0) };
    const { nPad, block, slots } = this.layout;
    const blocks = nPad / block;
    const work = (nPad * nPad * this.dim) / 2;
    const threads = Math.max(1, Math.min(options.threads ?? (work < SMALL_GRAPH ? 1 : this.maxThreads), this.maxThreads, blocks));
    const spec: PartialSpec = { memory: this.memory, module: this.module, n, nPad, dim: this.dim, k, block, tileRows: TILE_ROWS, panelWidth: PANEL_WIDTH };
    const run = { ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
    const parts = threads === 1 ? await runInThread(spec, slots[1], blocks, run) : await runOnWorkers(spec, slots.slice(1, 1 + threads), blocks, run);
    const merged = mergePartials(parts, n, k);
    return { n, k, ...merged };
  }

  private queryUnit(unit: Float32Array, kWanted: number, exclude: number): Neighbour[] {
    const n = this.n;
    const k = Math.max(0, Math.min(kWanted, n - (exclude >= 0 && exclude < n ? 1 : 0)));
    if (k === 0) return [];
    const { nPad, queryPanel, slots } = this.layout;
    const slot = slots[0];
    const buf = this.memory.buffer;
    const qp = new Float32Array(buf, queryPanel, PANEL_WIDTH * this.dim).fill(0);
    packRow(qp, this.dim, 0, unit);
    // -Infinity thresholds: every tile is stored, the whole row of similarities comes back.
    new Float32Array(buf, slot.thr, nPad).fill(-Infinity);
    this.kernel(queryPanel, QUERY_ROWS, 0, nPad / PANEL_WIDTH, this.dim, slot.c, nPad * 4, slot.thr, slot.thr, slot.hits);
    const sims = new Float32Array(buf, slot.c, nPad);
    const topS = new Float64Array(k).fill(-Infinity);
    const topI = new Int32Array(k).fill(2147483647);
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue;
      const s = sims[j];
      if (s < topS[k - 1] || (s === topS[k - 1] && j > topI[k - 1])) continue;
      let p = k - 1;
      while (p > 0 && (topS[p - 1] < s || (topS[p - 1] === s && topI[p - 1] > j))) {
        topS[p] = topS[p - 1];
        topI[p] = topI[p - 1];
        p--;
      }
      topS[p] = s;
      topI[p] = j;
    }
    const out: Neighbour[] = [];
    for (let p = 0; p < k; p++) out.push({ index: topI[p], similarity: topS[p] });
    return out;
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new SerError('usage', undefined, `row ${i} is not in 0..${this.n - 1}`);
  }
}

/** Row i's neighbours in `graph`. */
export function graphNeighbours(graph: KnnGraph, i: number): Neighbour[] {
  const out: Neighbour[] = [];
  for (let p = 0; p < graph.k; p++) {
    const j = graph.indices[i * graph.k + p];
    if (j >= 0) out.push({ index: j, similarity: graph.similarities[i * graph.k + p] });
  }
  return out;
}

/** Writes the unit-length row at `src[from..from+dim)` into `out`; false (and zeros) when it cannot be normalised. */
function normalise(src: Float32Array, from: number, dim: number, out: Float64Array): boolean {
  let ss = 0;
  for (let t = 0; t < dim; t++) ss += src[from + t] * src[from + t];
  const norm = Math.sqrt(ss);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    out.fill(0);
    return false;
  }
  for (let t = 0; t < dim; t++) out[t] = src[from + t] / norm;
  return true;
}

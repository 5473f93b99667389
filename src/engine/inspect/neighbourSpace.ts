/**
 * The spaces neighbours are searched in. Out-of-fold embeddings come from one model per fold, and two models
 * trained from different starts do not share a coordinate system: a neighbour from another fold's model is close
 * by accident. So by default ('fold') an utterance's neighbours are searched among the utterances of its own fold,
 * which one model embedded (and which that model never trained on). 'all' searches every embedding, for runs
 * whose embeddings share a space (e.g. one model), and is what a whole-run projection shows.
 */
import type { KnnGraph, Neighbour, GraphOptions, KnnIndexOptions } from './knn/knnIndex';
import { KnnIndex } from './knn/knnIndex';

/** 'fold' (default): neighbours within the utterance's fold; 'all': across the whole run. */
export type NeighbourScope = 'fold' | 'all';

export class NeighbourSpace {
  private readonly groups: { rows: Int32Array; index: KnnIndex | undefined }[] = [];
  private readonly groupOf: Int32Array;
  private readonly localOf: Int32Array;

  /** `folds[i]` is row i's fold; with scope 'all' it is ignored. */
  constructor(
    private readonly embeddings: Float32Array,
    readonly n: number,
    readonly dim: number,
    folds: Int32Array,
    readonly scope: NeighbourScope = 'fold',
    private readonly indexOptions: KnnIndexOptions = {},
  ) {
    this.groupOf = new Int32Array(n);
    this.localOf = new Int32Array(n);
    const byKey = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const key = scope === 'fold' ? folds[i] : 0;
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(i);
    }
    for (const key of [...byKey.keys()].sort((a, b) => a - b)) {
      const rows = Int32Array.from(byKey.get(key)!);
      rows.forEach((r, local) => {
        this.groupOf[r] = this.groups.length;
        this.localOf[r] = local;
      });
      this.groups.push({ rows, index: undefined });
    }
  }

  /** The k nearest neighbours of row i within its space, as rows of the whole run. */
  query(i: number, k: number): Neighbour[] {
    const g = this.groups[this.groupOf[i]];
    return this.indexOf(this.groupOf[i]).query(this.localOf[i], k).map((q) => ({ index: g.rows[q.index], similarity: q.similarity }));
  }

  /** Cosine similarity of rows i and j (NaN when they are in different spaces). */
  similarity(i: number, j: number): number {
    if (this.groupOf[i] !== this.groupOf[j]) return Number.NaN;
    return this.indexOf(this.groupOf[i]).similarity(this.localOf[i], this.localOf[j]);
  }

  /** Rows i and j can be compared (same space). */
  comparable(i: number, j: number): boolean {
    return this.groupOf[i] === this.groupOf[j];
  }

  /** The kNN graph over every row, each row's neighbours from its own space (-1 where a space is too small). */
  async graph(k: number, options: GraphOptions = {}): Promise<KnnGraph> {
    const indices = new Int32Array(this.n * k).fill(-1);
    const similarities = new Float32Array(this.n * k).fill(Number.NEGATIVE_INFINITY);
    const sizes = this.groups.map((g) => g.rows.length);
    const totalWork = sizes.reduce((a, s) => a + s * s, 0);
    let workDone = 0;
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi];
      const share = (sizes[gi] * sizes[gi]) / Math.max(1, totalWork);
      const sub = await this.indexOf(gi).graph(k, {
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (done, total) => options.onProgress?.(workDone + (share * done) / total, 1),
      });
      workDone += share;
      for (let local = 0; local < g.rows.length; local++) {
        for (let p = 0; p < sub.k; p++) {
          indices[g.rows[local] * k + p] = g.rows[sub.indices[local * sub.k + p]];
          similarities[g.rows[local] * k + p] = sub.similarities[local * sub.k + p];
        }
      }
    }
    options.onProgress?.(1, 1);
    return { n: this.n, k, indices, similarities };
  }

  /** Rows whose embedding was zero or non-finite (compared as zero vectors). */
  degenerateRows(): number[] {
    const out: number[] = [];
    this.groups.forEach((g, gi) => {
      for (const local of this.indexOf(gi).degenerateRows) out.push(g.rows[local]);
    });
    return out.sort((a, b) => a - b);
  }

  private indexOf(group: number): KnnIndex {
    const g = this.groups[group];
    if (g.index === undefined) {
      const sub = new Float32Array(g.rows.length * this.dim);
      g.rows.forEach((r, local) => sub.set(this.embeddings.subarray(r * this.dim, (r + 1) * this.dim), local * this.dim));
      g.index = KnnIndex.build(sub, g.rows.length, this.dim, this.indexOptions);
    }
    return g.index;
  }
}

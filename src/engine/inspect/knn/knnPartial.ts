/**
 * One thread's share of the all-pairs kNN graph: it runs the kernel on the block pairs (I, J), I <= J, of the
 * column blocks it is given and keeps, for every row, the k best neighbours it has seen.
 *
 * The similarity matrix is symmetric, so each block pair above the diagonal is computed once and feeds both its
 * rows (i gets j) and its columns (j gets i): half the multiply-adds of a plain query-by-query search.
 *
 * Order: neighbours are ranked by similarity, ties by the smaller row index. That is a total order, so the k best
 * of any set of candidates are the same whatever order the candidates arrive in: the result does not depend on
 * how blocks were spread over threads, and merging the threads' lists gives the same graph as one thread.
 *
 * createKnnPartial runs both in the calling thread and inside worker threads, where it arrives as source text
 * (Function.prototype.toString): it must stay self-contained, with no imports and no module-level names.
 */
import type { WasmApi, WasmMemory, WasmModule } from '../../wasm/wasmApi';

/** What a partial search needs; offsets are bytes into `memory` (see knnLayout.ts). */
export interface PartialInit {
  memory: WasmMemory;
  module: WasmModule;
  n: number;
  nPad: number;
  dim: number;
  k: number;
  block: number;
  tileRows: number;
  panelWidth: number;
  thr: number;
  c: number;
  hits: number;
}

export interface KnnPartial {
  /** Computes every block pair (I, J) with I <= J of column block J. */
  runColumnBlock(j: number): void;
  /** Per padded row, the k best similarities seen (descending; -Infinity when fewer were seen). */
  sims: Float32Array;
  /** Their row indices (2147483647 for empty places). */
  idx: Int32Array;
  /** Tiles stored by the kernel so far (how often the thresholds let a tile through). */
  hitTiles(): number;
}

export function createKnnPartial(init: PartialInit): KnnPartial {
  const { n, nPad, dim, k, block, tileRows, panelWidth } = init;
  // The global, not wasmApi(): this function may not use imports (see above).
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new api.Instance(init.module, { env: { memory: init.memory } });
  const kernel = instance.exports.block as (...args: number[]) => number;
  const buffer = init.memory.buffer;
  const thr = new Float32Array(buffer, init.thr, nPad);
  const cOut = new Float32Array(buffer, init.c, block * block);
  const hits = new Int32Array(buffer, init.hits, (block / tileRows) * (block / panelWidth) * 2);
  const sims = new Float32Array(nPad * k).fill(-Infinity);
  const idx = new Int32Array(nPad * k).fill(2147483647);
  // Padding rows never take neighbours; real rows start by accepting anything.
  thr.fill(-Infinity, 0, n);
  thr.fill(Infinity, n, nPad);
  const panelBytes = dim * panelWidth * 4;
  const panelsPerBlock = block / panelWidth;
  let tiles = 0;

  const insert = (row: number, s: number, j: number): void => {
    const base = row * k;
    const last = base + k - 1;
    const ls = sims[last];
    if (s < ls || (s === ls && j > idx[last])) return;
    let p = last;
    while (p > base) {
      const ps = sims[p - 1];
      if (ps > s || (ps === s && idx[p - 1] < j)) break;
      sims[p] = ps;
      idx[p] = idx[p - 1];
      p--;
    }
    sims[p] = s;
    idx[p] = j;
    thr[row] = sims[last];
  };

  const runPair = (bi: number, bj: number): void => {
    const i0 = bi * block;
    const j0 = bj * block;
    const count = kernel(i0 * dim * 4, block, j0 * dim * 4, panelsPerBlock, dim, init.c, block * 4, init.thr + i0 * 4, init.thr + j0 * 4, init.hits);
    tiles += count;
    const diagonal = bi === bj;
    for (let h = 0; h < count; h++) {
      const r = hits[2 * h];
      const col0 = hits[2 * h + 1] * panelWidth;
      const jFrom = j0 + col0;
      const jTo = Math.min(jFrom + panelWidth, n);
      for (let m = 0; m < tileRows; m++) {
        const i = i0 + r + m;
        if (i >= n) break;
        // Most values of a stored tile beat neither threshold: test before calling insert.
        let off = (r + m) * block + col0;
        for (let j = jFrom; j < jTo; j++, off++) {
          const s = cOut[off];
          if (s >= thr[i] && i !== j) insert(i, s, j);
          // On the diagonal block (j, i) is in the block too; its row side takes it.
          if (!diagonal && s >= thr[j]) insert(j, s, i);
        }
      }
    }
  };

  return {
    runColumnBlock(bj: number): void {
      for (let bi = 0; bi <= bj; bi++) runPair(bi, bj);
    },
    sims,
    idx,
    hitTiles: () => tiles,
  };
}

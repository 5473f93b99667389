/**
 * Where the kNN search keeps its data in WebAssembly memory: the normalised rows in panel layout (see
 * dotKernel.ts), then one scratch slot per thread (its k-th-best thresholds, an output block and a hit list).
 * One shared memory holds everything, so worker threads compute on the same rows without copying them.
 */
import { SerError } from '../../errors';
import { PANEL_WIDTH, TILE_ROWS } from './dotKernel';

/** Rows per block of the all-pairs search: the output block is BLOCK x BLOCK floats (1 MiB), in L2. */
export const DEFAULT_BLOCK = 512;
/** Queries answered by one kernel call (one register tile of rows). */
export const QUERY_ROWS = TILE_ROWS;
const PAGE = 65536;
const MAX_PAGES = 65536;

/** Byte offsets of one thread's scratch. */
export interface ScratchSlot {
  /** f32 per padded row: the slot's current k-th best similarity of that row. */
  thr: number;
  /** Output block of the kernel. */
  c: number;
  /** (row, panel) i32 pairs listing the stored tiles. */
  hits: number;
}

export interface KnnLayout {
  n: number;
  dim: number;
  /** Rows per block; a multiple of PANEL_WIDTH. */
  block: number;
  /** n rounded up to a whole number of blocks; the extra rows are zeros. */
  nPad: number;
  /** Byte offset of the query panel (QUERY_ROWS rows padded to a panel). */
  queryPanel: number;
  /** Slot 0 serves queries; slots 1.. serve the graph's threads (slot 1 also when the calling thread runs alone). */
  slots: ScratchSlot[];
  pages: number;
}

function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/** The layout for n rows of `dim` values with scratch for queries and for up to `threads` graph threads. */
export function knnLayout(n: number, dim: number, threads: number, block = DEFAULT_BLOCK): KnnLayout {
  const b = Math.max(PANEL_WIDTH, Math.min(roundUp(block, PANEL_WIDTH), roundUp(Math.max(n, 1), PANEL_WIDTH)));
  const nPad = roundUp(Math.max(n, 1), b);
  let at = nPad * dim * 4;
  const queryPanel = at;
  at += roundUp(PANEL_WIDTH * dim * 4, 16);
  // A slot's output block must also hold QUERY_ROWS full rows of similarities for queries.
  const cBytes = roundUp(Math.max(b * b, QUERY_ROWS * nPad) * 4, 16);
  const hitBytes = roundUp(Math.max((b / TILE_ROWS) * (b / PANEL_WIDTH), nPad / PANEL_WIDTH) * 8, 16);
  const slots: ScratchSlot[] = [];
  for (let s = 0; s <= threads; s++) {
    const thr = at;
    at += roundUp(nPad * 4, 16);
    const c = at;
    at += cBytes;
    const hits = at;
    at += hitBytes;
    slots.push({ thr, c, hits });
  }
  const pages = Math.ceil(at / PAGE);
  if (pages > MAX_PAGES) {
    throw new SerError('too-large', undefined, `${n} embeddings of dimension ${dim} need ${(at / 2 ** 30).toFixed(1)} GiB, more than the 4 GiB a WebAssembly memory can hold`);
  }
  return { n, dim, block: b, nPad, queryPanel, slots, pages };
}

/**
 * Writes row `i` (already unit length) into the panel layout: value t of row i goes to panel floor(i / 8),
 * position t * 8 + i % 8.
 */
export function packRow(panels: Float32Array, dim: number, i: number, row: ArrayLike<number>): void {
  const base = Math.floor(i / PANEL_WIDTH) * dim * PANEL_WIDTH + (i % PANEL_WIDTH);
  for (let t = 0; t < dim; t++) panels[base + t * PANEL_WIDTH] = row[t];
}

/** Reads row `i` back out of the panel layout. */
export function unpackRow(panels: Float32Array, dim: number, i: number, out: Float32Array): Float32Array {
  const base = Math.floor(i / PANEL_WIDTH) * dim * PANEL_WIDTH + (i % PANEL_WIDTH);
  for (let t = 0; t < dim; t++) out[t] = panels[base + t * PANEL_WIDTH];
  return out;
}

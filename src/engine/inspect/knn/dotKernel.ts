/**
 * The dot-product kernel of the exact kNN search, generated as WebAssembly with 128-bit SIMD.
 *
 * Why WebAssembly: V8 compiles typed-array loops to scalar code (about 2.8 G multiply-adds per second per core
 * here); the same blocked loop on f32x4 lanes runs at about 27 G/s, which is what makes the all-pairs graph of
 * 100k x 128 a matter of seconds.
 *
 * Layout ("panels"): the rows are stored in panels of PANEL_WIDTH rows; inside a panel the values are
 * dimension-major, so dimension t of the panel's 8 rows is 8 consecutive floats. The kernel multiplies a block
 * of rows (read 4 at a time, each value broadcast to 4 lanes) with a run of panels (read 2 vectors of 4 rows at a
 * time): a 4 x 8 register tile, the micro-kernel of a GEMM. Every dot product is a sequential f32 sum over the
 * dimensions in order, so similarity (i, j) is bit-identical to (j, i) and to a query for row i.
 *
 * Thresholds: after a 4 x 8 tile is complete, its values are compared with the current k-th best similarity of
 * its 4 rows and of its 8 columns. Only a tile holding a value >= one of those thresholds is stored and listed as
 * a hit, so after the first blocks almost nothing leaves the registers and the JavaScript side looks at a tiny
 * fraction of the pairs.
 */
import { emitModule, I32, op, V128, type WasmFunction } from '../../wasm/wasmBinary';

/** Rows of a register tile (rows broadcast lane-wise). */
export const TILE_ROWS = 4;
/** Rows per panel = columns of a register tile (two f32x4 vectors). */
export const PANEL_WIDTH = 8;
const VECS = PANEL_WIDTH / 4;
const PANEL_SHIFT = 3;

// Parameters of `block` (all byte addresses except counts).
const A = 0; // first panel of the row block
const N_ROWS = 1; // rows of the row block, a multiple of TILE_ROWS
const PAN = 2; // first panel of the column block
const N_PAN = 3; // panels of the column block
const DIM = 4;
const C = 5; // output block, row-major
const C_STRIDE = 6; // bytes per output row
const THR_ROW = 7; // f32 thresholds of the row block's rows
const THR_COL = 8; // f32 thresholds of the column block's rows
const HITS = 9; // output: (row, panel) i32 pairs of the stored tiles
// Locals.
const R = 10;
const P = 11;
const D = 12;
const AC = 13;
const BC = 14;
const CP = 15;
const PANEL_BYTES = 16;
const COUNT = 17;
const ACC = 18; // TILE_ROWS * VECS v128 accumulators
const BV = ACC + TILE_ROWS * VECS; // VECS column vectors
const SPLAT = BV + VECS;
const MASK = SPLAT + 1;

function acc(m: number, n: number): number {
  return ACC + m * VECS + n;
}

function blockBody(): number[] {
  const b: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) for (const x of p) b.push(x);
  };
  // panelBytes = dim * PANEL_WIDTH * 4
  emit(op.localGet(DIM), op.i32Const(PANEL_WIDTH * 4), op.i32Mul, op.localSet(PANEL_BYTES));
  emit(op.i32Const(0), op.localSet(COUNT), op.i32Const(0), op.localSet(P));
  emit(op.block, op.loop); // over column panels
  emit(op.localGet(P), op.localGet(N_PAN), op.i32GeU, op.brIf(1));
  emit(op.i32Const(0), op.localSet(R));
  emit(op.block, op.loop); // over row tiles
  emit(op.localGet(R), op.localGet(N_ROWS), op.i32GeU, op.brIf(1));
  for (let m = 0; m < TILE_ROWS; m++) for (let n = 0; n < VECS; n++) emit(op.v128Zero, op.localSet(acc(m, n)));
  // ac = a + (r >> 3) * panelBytes + (r & 7) * 4: a row tile lies inside one panel of the row block.
  emit(op.localGet(A), op.localGet(R), op.i32Const(PANEL_SHIFT), op.i32ShrU, op.localGet(PANEL_BYTES), op.i32Mul, op.i32Add);
  emit(op.localGet(R), op.i32Const(PANEL_WIDTH - 1), op.i32And, op.i32Const(2), op.i32Shl, op.i32Add, op.localSet(AC));
  emit(op.localGet(PAN), op.localGet(P), op.localGet(PANEL_BYTES), op.i32Mul, op.i32Add, op.localSet(BC));
  emit(op.localGet(DIM), op.localSet(D));
  emit(op.loop); // over dimensions
  for (let n = 0; n < VECS; n++) emit(op.localGet(BC), op.v128Load(16 * n), op.localSet(BV + n));
  for (let m = 0; m < TILE_ROWS; m++) {
    emit(op.localGet(AC), op.v128Load32Splat(4 * m), op.localSet(SPLAT));
    for (let n = 0; n < VECS; n++) {
      emit(op.localGet(acc(m, n)), op.localGet(SPLAT), op.localGet(BV + n), op.f32x4Mul, op.f32x4Add, op.localSet(acc(m, n)));
    }
  }
  emit(op.localGet(AC), op.i32Const(PANEL_WIDTH * 4), op.i32Add, op.localSet(AC));
  emit(op.localGet(BC), op.i32Const(PANEL_WIDTH * 4), op.i32Add, op.localSet(BC));
  emit(op.localGet(D), op.i32Const(1), op.i32Sub, op.localTee(D), op.brIf(0));
  emit(op.end);
  // mask = OR of (tile >= row threshold) and (tile >= column threshold)
  emit(op.v128Zero, op.localSet(MASK));
  for (let m = 0; m < TILE_ROWS; m++) {
    emit(op.localGet(THR_ROW), op.localGet(R), op.i32Const(2), op.i32Shl, op.i32Add, op.v128Load32Splat(4 * m), op.localSet(SPLAT));
    for (let n = 0; n < VECS; n++) emit(op.localGet(MASK), op.localGet(acc(m, n)), op.localGet(SPLAT), op.f32x4Ge, op.v128Or, op.localSet(MASK));
  }
  for (let n = 0; n < VECS; n++) {
    emit(op.localGet(THR_COL), op.localGet(P), op.i32Const(PANEL_WIDTH * 4), op.i32Mul, op.i32Add, op.v128Load(16 * n), op.localSet(BV + n));
    for (let m = 0; m < TILE_ROWS; m++) emit(op.localGet(MASK), op.localGet(acc(m, n)), op.localGet(BV + n), op.f32x4Ge, op.v128Or, op.localSet(MASK));
  }
  emit(op.localGet(MASK), op.v128AnyTrue, op.if);
  emit(op.localGet(C), op.localGet(R), op.localGet(C_STRIDE), op.i32Mul, op.i32Add, op.localGet(P), op.i32Const(PANEL_WIDTH * 4), op.i32Mul, op.i32Add, op.localSet(CP));
  for (let m = 0; m < TILE_ROWS; m++) {
    for (let n = 0; n < VECS; n++) emit(op.localGet(CP), op.localGet(acc(m, n)), op.v128Store(16 * n));
    if (m + 1 < TILE_ROWS) emit(op.localGet(CP), op.localGet(C_STRIDE), op.i32Add, op.localSet(CP));
  }
  emit(op.localGet(HITS), op.localGet(COUNT), op.i32Const(3), op.i32Shl, op.i32Add, op.localTee(CP), op.localGet(R), op.i32Store(0));
  emit(op.localGet(CP), op.localGet(P), op.i32Store(4));
  emit(op.localGet(COUNT), op.i32Const(1), op.i32Add, op.localSet(COUNT));
  emit(op.end); // if
  emit(op.localGet(R), op.i32Const(TILE_ROWS), op.i32Add, op.localSet(R), op.br(0), op.end, op.end);
  emit(op.localGet(P), op.i32Const(1), op.i32Add, op.localSet(P), op.br(0), op.end, op.end);
  emit(op.localGet(COUNT));
  return b;
}

/**
 * block(a, nRows, pan, nPan, dim, c, cStride, thrRow, thrCol, hits) -> hit count.
 * Computes the similarities of nRows rows (panels from byte `a`) with nPan panels (from byte `pan`); stores the
 * 4 x 8 tiles that reach a threshold into the output block and lists them as (row, panel) pairs at `hits`.
 */
export function dotKernelModule(memory: { minPages: number; maxPages: number; shared: boolean }): Uint8Array {
  const fn: WasmFunction = {
    name: 'block',
    params: new Array<number>(10).fill(I32),
    results: [I32],
    locals: [
      { count: 8, type: I32 },
      { count: TILE_ROWS * VECS + VECS + 2, type: V128 },
    ],
    body: blockBody(),
  };
  return emitModule({ import: memory }, [fn]);
}

/** The kernel's export, as JavaScript sees it. */
export type BlockKernel = (
  a: number,
  nRows: number,
  pan: number,
  nPan: number,
  dim: number,
  c: number,
  cStride: number,
  thrRow: number,
  thrCol: number,
  hits: number,
) => number;

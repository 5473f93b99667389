/**
 * Just enough of the WebAssembly binary format to build the engine's SIMD kernels at run time from readable
 * TypeScript (features' spectrum kernel, inspect's kNN dot kernel): no opaque .wasm file to ship, no compiler in
 * the toolchain. Reference: WebAssembly Core Specification 2.0, chapter 5 (binary format), with the fixed-width
 * SIMD instructions. Instructions are byte arrays, so a function body is a flat concatenation of them.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

const simd = (code: number, ...rest: number[]) => [0xfd, ...uleb(code), ...rest];
/** Memory immediate: alignment exponent (a hint; V8 ignores it for correctness), then the constant byte offset added to the address operand. */
const memarg = (alignLog2: number, offset: number) => [...uleb(alignLog2), ...uleb(offset)];

function f64Bytes(x: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...b];
}

/**
 * The instructions the kernels use: the union of what the spectrum kernel (f64x2 arithmetic, 64-bit lane loads)
 * and the kNN dot kernel (f32x4 arithmetic and compares, i32 bit operations, `if`) need. Add one here when a
 * kernel needs it. Loads and stores take their constant byte offset; the address comes from the stack.
 */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  /** block / loop / if with no result value. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  /** 128-bit load / store (alignment hint 16 bytes). */
  v128Load: (offset = 0) => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset = 0) => simd(0x0b, ...memarg(4, offset)),
  /** One f32 from memory into all four lanes. */
  v128Load32Splat: (offset = 0) => simd(0x09, ...memarg(2, offset)),
  /** One f64 from memory into both lanes. */
  v128Load64Splat: (offset = 0) => simd(0x0a, ...memarg(3, offset)),
  /** One f64 into lane 0, lane 1 zero. */
  v128Load64Zero: (offset = 0) => simd(0x5d, ...memarg(3, offset)),
  /** [address, vector] -> the vector with lane `lane` replaced by the f64 at the address. */
  v128Load64Lane: (offset: number, lane: number) => simd(0x57, ...memarg(3, offset), lane),
  /** All 128 bits zero (a v128.const). */
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  v128Or: simd(0x50),
  /** 1 when any bit of the vector is set. */
  v128AnyTrue: simd(0x53),
  /** Both lanes equal to x (a v128.const). */
  f64x2Const: (x: number) => simd(0x0c, ...f64Bytes(x), ...f64Bytes(x)),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  /** Lane-wise a >= b: all ones or all zeros per lane. */
  f32x4Ge: simd(0x46),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
};

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

export interface WasmFunction {
  /** Export name. */
  name: string;
  /** Parameter types (I32, V128). */
  params: number[];
  /** Result types; default none. */
  results?: number[];
  /** Locals after the parameters, as runs of `count` locals of one type. */
  locals: { count: number; type: number }[];
  /** Instructions, without the final `end`. */
  body: number[];
}

/**
 * Where a module's linear memory comes from (sizes in 64 KiB pages):
 * - own: the module defines it (fixed at `pages`) and exports it as "memory";
 * - import: it is imported as `env.memory`, possibly shared, which worker threads need to compute on one buffer.
 */
export type WasmMemorySpec = { own: { pages: number } } | { import: { minPages: number; maxPages: number; shared: boolean } };

/** A module with the given memory that exports `functions` (by their names). */
export function emitModule(memory: WasmMemorySpec, functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector((f.results ?? []).map((t) => [t]))]);
  const funcs = vector(functions.map((_, i) => uleb(i)));
  const functionExports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const code = vector(
    functions.map((f) => {
      const body = [...vector(f.locals.map((l) => [...uleb(l.count), l.type])), ...f.body, ...op.end];
      return [...uleb(body.length), ...body];
    }),
  );
  let memorySections: { imports: number[]; memories: number[]; exports: number[][] };
  if ('own' in memory) {
    // Limits flag 0x00: a minimum only.
    memorySections = { imports: [], memories: section(5, vector([[0x00, ...uleb(memory.own.pages)]])), exports: [[...name('memory'), 0x02, 0x00]] };
  } else {
    const m = memory.import;
    // Limits flag 0x01: minimum and maximum; 0x03: the same, shared.
    const limits = [m.shared ? 0x03 : 0x01, ...uleb(m.minPages), ...uleb(m.maxPages)];
    memorySections = { imports: section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])), memories: [], exports: [] };
  }
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...memorySections.imports,
    ...section(3, funcs),
    ...memorySections.memories,
    ...section(7, vector([...memorySections.exports, ...functionExports])),
    ...section(10, code),
  ]);
}

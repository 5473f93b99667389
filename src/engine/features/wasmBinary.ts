/**
 * Just enough of the WebAssembly binary format (Core Specification 2.0, chapter 5, with the fixed-width SIMD
 * instructions) to build the spectrum kernel at run time from TypeScript: no .wasm file to ship, no compiler in
 * the toolchain. Instructions are byte arrays, so a function body is a flat concatenation of them.
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

export const I32 = 0x7f;
export const V128 = 0x7b;

const simd = (code: number, ...rest: number[]) => [0xfd, ...uleb(code), ...rest];
/** Memory immediate: alignment exponent, then the constant byte offset added to the address operand. */
const memarg = (alignLog2: number, offset: number) => [...uleb(alignLog2), ...uleb(offset)];

function f64Bytes(x: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...b];
}

/** The instructions the kernel uses. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  v128Load: (offset = 0) => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset = 0) => simd(0x0b, ...memarg(4, offset)),
  /** One f64 from memory into both lanes. */
  v128Load64Splat: (offset = 0) => simd(0x0a, ...memarg(3, offset)),
  /** One f64 into lane 0, lane 1 zero. */
  v128Load64Zero: (offset = 0) => simd(0x5d, ...memarg(3, offset)),
  /** [address, vector] -> the vector with lane `lane` replaced by the f64 at the address. */
  v128Load64Lane: (offset: number, lane: number) => simd(0x57, ...memarg(3, offset), lane),
  /** Both lanes equal to x. */
  f64x2Const: (x: number) => simd(0x0c, ...f64Bytes(x), ...f64Bytes(x)),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
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

export interface KernelFunction {
  /** Exported name. */
  name: string;
  /** Parameter types (i32 only here), then the locals: counts per type. */
  params: number[];
  locals: { count: number; type: number }[];
  /** Instructions, without the final `end`. */
  body: number[];
}

/** A module with its own memory of `pages` 64 KiB pages (exported as "memory") and the given functions, no results. */
export function kernelModule(pages: number, functions: KernelFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0x00]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0x00], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(
      10,
      vector(
        functions.map((f) => {
          const body = [...vector(f.locals.map((l) => [...uleb(l.count), l.type])), ...f.body, ...op.end];
          return [...uleb(body.length), ...body];
        }),
      ),
    ),
  ];
  return Uint8Array.from(bytes);
}

/** The part of the WebAssembly JS API used here (the host tsconfig has no DOM lib, where TypeScript declares it). */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => WasmInstance;
}

/** Compiles and instantiates `bytes`; undefined when the runtime has no WebAssembly (or no SIMD) to run them. */
export function instantiate(bytes: Uint8Array): WasmInstance | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    return new api.Instance(new api.Module(bytes));
  } catch {
    return undefined;
  }
}

/**
 * The mel-spectrum inner loop as a WebAssembly SIMD kernel, generated at run time for one config: the same real
 * FFT as realFft.ts (packing, radix-4 DIF passes, natural-order last pass, two-for-one split) and the same sparse
 * mel sum as melFilterbank.ts, but on two frames at once: lane 0 of every f64x2 value belongs to frame 2p and
 * lane 1 to frame 2p + 1. Both frames take identical steps, so no lane shuffles are needed, and every operation is
 * the scalar code's operation in the scalar code's order: the results are bit-for-bit those of the JS path
 * (tests check it), at about twice its speed.
 *
 * Constants are baked in: pass spans and twiddle addresses become immediates, and the mel filterbank is unrolled
 * with its weights as instruction constants (no loop exits to mispredict, no weight loads). The natural log stays
 * in JS (Math.log), after the kernel.
 *
 * Memory (one instance per FeatureComputer, fixed size so views never detach), byte offsets from `layout`:
 *   RE, IM, ZR, ZI   FFT work and natural-order output, m = nFft/2 f64x2 each
 *   TW, SP, REV      pass twiddles (pre-splatted f64x2), split cos/sin (pre-splatted), bit reversal (i32)
 *   WIN              the analysis window (f64)
 *   POW              power spectrum of the frame pair (m + 1 f64x2)
 *   MEL              mel energies, pair p band b at MEL + 16 (p nMels + b) (lanes: the pair's two frames)
 *   BLOCK            the padded signal of a block of frames (f64), filled by framing.paddedBlock
 */
import { analysisWindow } from './analysisWindow';
import type { FeatureConfig } from './featureConfig';
import type { MelFilterbank } from './melFilterbank';
import { tryInstantiate, type WasmInstance } from '../wasm/wasmApi';
import { emitModule, I32, op, V128 } from '../wasm/wasmBinary';

type KernelConfig = Pick<FeatureConfig, 'nFft' | 'hopLength' | 'nMels' | 'window' | 'winLength'>;

interface Layout {
  RE: number; IM: number; ZR: number; ZI: number; TW: number; SP: number; REV: number; WIN: number; POW: number; MEL: number; BLOCK: number;
  bytes: number;
}

// Locals: parameter 0 is the pair count; then i32 scratch, then v128 values.
const PAIRS = 0, P = 1, FA = 2, MO = 3, A = 4, W = 5, T = 6, R = 7, J = 8, K = 9, KB = 10, Z = 11;
const I32_LOCALS = 11;
const V = 12; // first v128 local
const [X0R, X0I, X1R, X1I, X2R, X2I, X3R, X3I] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => V + i);
const [W1R, W1I, W2R, W2I, W3R, W3I] = [8, 9, 10, 11, 12, 13].map((i) => V + i);
const [S02R, S02I, D02R, D02I, S13R, S13I, D13R, D13I, YR, YI, ER, EI, OR, OI, WR, WI] = Array.from({ length: 16 }, (_, i) => V + 14 + i);
const V128_LOCALS = 30;

const { localGet: get, localSet: set, i32Const, v128Load, v128Store, f64x2Add: add, f64x2Sub: sub, f64x2Mul: mul } = op;

/** `body` repeated while local `counter` (advanced by `step` after each pass) stays below `end` (runs at least once). */
function doWhile(counter: number, step: number, end: number[], body: number[]): number[] {
  return [...op.block, ...op.loop, ...body, ...get(counter), ...i32Const(step), ...op.i32Add, ...op.localTee(counter), ...end, ...op.i32LtU, ...op.brIf(0), ...op.end, ...op.end];
}

/** Adds `step` to local `i`. */
function bump(i: number, step: number): number[] {
  return [...get(i), ...i32Const(step), ...op.i32Add, ...set(i)];
}

/** v = a (+|-) b into local `to`. */
function bin(to: number, a: number, o: number[], b: number): number[] {
  return [...get(a), ...get(b), ...o, ...set(to)];
}

/** The add/sub network of a radix-4 butterfly on X0..X3 (shared by every pass). */
function sumsAndDifferences(): number[] {
  return [
    ...bin(S02R, X0R, add, X2R), ...bin(S02I, X0I, add, X2I), ...bin(D02R, X0R, sub, X2R), ...bin(D02I, X0I, sub, X2I),
    ...bin(S13R, X1R, add, X3R), ...bin(S13I, X1I, add, X3I), ...bin(D13R, X1R, sub, X3R), ...bin(D13I, X1I, sub, X3I),
  ];
}

/** Stores (yr, yi) * (wr, wi) at R + reOff / R + imOff, as realFft's butterfly: yr wr - yi wi, yr wi + yi wr. */
function storeRotated(reOff: number, imOff: number, wr: number, wi: number): number[] {
  return [
    ...get(R), ...get(YR), ...get(wr), ...mul, ...get(YI), ...get(wi), ...mul, ...sub, ...v128Store(reOff),
    ...get(R), ...get(YR), ...get(wi), ...mul, ...get(YI), ...get(wr), ...mul, ...add, ...v128Store(imOff),
  ];
}

/** A DIF radix-4 butterfly from X0..X3 and W1..W3 to RE/IM at R + 16 q h (see realFft.ts butterfly). */
function butterflyStores(L: Layout, h: number): number[] {
  const im = L.IM - L.RE;
  return [
    ...sumsAndDifferences(),
    ...get(R), ...get(S02R), ...get(S13R), ...add, ...v128Store(0),
    ...get(R), ...get(S02I), ...get(S13I), ...add, ...v128Store(im),
    ...bin(YR, S02R, sub, S13R), ...bin(YI, S02I, sub, S13I), ...storeRotated(16 * h, im + 16 * h, W2R, W2I),
    ...bin(YR, D02R, add, D13I), ...bin(YI, D02I, sub, D13R), ...storeRotated(32 * h, im + 32 * h, W1R, W1I),
    ...bin(YR, D02R, sub, D13I), ...bin(YI, D02I, add, D13R), ...storeRotated(48 * h, im + 48 * h, W3R, W3I),
  ];
}

function loadTwiddles(): number[] {
  return [W1R, W1I, W2R, W2I, W3R, W3I].flatMap((l, i) => [...get(T), ...v128Load(16 * i), ...set(l)]);
}

function kernelBody(c: KernelConfig, bank: MelFilterbank, L: Layout, passes: number[], lastRadix2: boolean): number[] {
  const m = c.nFft / 2;
  const hop8 = 8 * c.hopLength;
  const im = L.IM - L.RE;
  const zi = L.ZI - L.ZR;
  const out: number[] = [];
  const h0 = m / 4;
  // First pass: windowing and packing in the loads. Lane 0 reads frame A at FA, lane 1 frame B at FA + 8 hop.
  const firstPass = doWhile(R, 16, i32Const(L.RE + 16 * h0), [
    ...loadTwiddles(),
    ...[X0R, X1R, X2R, X3R].flatMap((xr, q) =>
      [0, 8].flatMap((part) => [
        ...get(A), ...get(A), ...op.v128Load64Zero(16 * q * h0 + part), ...op.v128Load64Lane(hop8 + 16 * q * h0 + part, 1),
        ...get(W), ...op.v128Load64Splat(16 * q * h0 + part), ...mul, ...set(xr + (part ? 1 : 0)),
      ]),
    ),
    ...butterflyStores(L, h0),
    ...bump(A, 16), ...bump(W, 16), ...bump(T, 96),
  ]);
  out.push(...i32Const(L.TW), ...set(T), ...get(FA), ...set(A), ...i32Const(L.WIN), ...set(W), ...i32Const(L.RE), ...set(R), ...firstPass);
  // Middle passes: twiddles per j, butterflies every span.
  let tw = L.TW + 96 * h0;
  for (const h of passes) {
    const inner = doWhile(R, 64 * h, i32Const(L.RE + 16 * m), [
      ...[X0R, X1R, X2R, X3R].flatMap((xr, q) => [...get(R), ...v128Load(16 * q * h), ...set(xr), ...get(R), ...v128Load(im + 16 * q * h), ...set(xr + 1)]),
      ...butterflyStores(L, h),
    ]);
    out.push(...i32Const(tw), ...set(T), ...i32Const(0), ...set(J));
    out.push(...doWhile(J, 16, i32Const(16 * h), [...loadTwiddles(), ...get(J), ...i32Const(L.RE), ...op.i32Add, ...set(R), ...inner, ...bump(T, 96)]));
    tw += 96 * h;
  }
  // Last pass, storing Z in natural order: slot p0 + q goes to rev[p0] + rev2(q) * (m / 4) (radix-2: + q m / 2).
  const zStore = (off: number, l: number[]) => [...get(Z), ...l, ...v128Store(off)];
  if (!lastRadix2) {
    const q4 = 16 * (m / 4);
    out.push(...i32Const(L.RE), ...set(R), ...i32Const(L.REV), ...set(K));
    out.push(...doWhile(R, 64, i32Const(L.RE + 16 * m), [
      ...[X0R, X1R, X2R, X3R].flatMap((xr, q) => [...get(R), ...v128Load(16 * q), ...set(xr), ...get(R), ...v128Load(im + 16 * q), ...set(xr + 1)]),
      ...sumsAndDifferences(),
      ...get(K), ...op.i32Load(0), ...i32Const(4), ...op.i32Shl, ...i32Const(L.ZR), ...op.i32Add, ...set(Z),
      ...zStore(0, [...get(S02R), ...get(S13R), ...add]), ...zStore(zi, [...get(S02I), ...get(S13I), ...add]),
      ...zStore(2 * q4, [...get(S02R), ...get(S13R), ...sub]), ...zStore(zi + 2 * q4, [...get(S02I), ...get(S13I), ...sub]),
      ...zStore(q4, [...get(D02R), ...get(D13I), ...add]), ...zStore(zi + q4, [...get(D02I), ...get(D13R), ...sub]),
      ...zStore(3 * q4, [...get(D02R), ...get(D13I), ...sub]), ...zStore(zi + 3 * q4, [...get(D02I), ...get(D13R), ...add]),
      ...bump(K, 16),
    ]));
  } else {
    const half = 16 * (m / 2);
    out.push(...i32Const(L.RE), ...set(R), ...i32Const(L.REV), ...set(K));
    out.push(...doWhile(R, 32, i32Const(L.RE + 16 * m), [
      ...get(R), ...v128Load(0), ...set(X0R), ...get(R), ...v128Load(im), ...set(X0I),
      ...get(R), ...v128Load(16), ...set(X1R), ...get(R), ...v128Load(im + 16), ...set(X1I),
      ...get(K), ...op.i32Load(0), ...i32Const(4), ...op.i32Shl, ...i32Const(L.ZR), ...op.i32Add, ...set(Z),
      ...zStore(0, [...get(X0R), ...get(X1R), ...add]), ...zStore(zi, [...get(X0I), ...get(X1I), ...add]),
      ...zStore(half, [...get(X0R), ...get(X1R), ...sub]), ...zStore(zi + half, [...get(X0I), ...get(X1I), ...sub]),
      ...bump(K, 8),
    ]));
  }
  // Split into the power spectrum (realFft.split, same operations).
  const quarter = op.f64x2Const(0.25);
  out.push(
    ...i32Const(0), ...v128Load(L.ZR), ...set(X0R), ...i32Const(0), ...v128Load(L.ZI), ...set(X0I),
    ...i32Const(L.POW), ...get(X0R), ...get(X0I), ...add, ...set(YR), ...get(YR), ...get(YR), ...mul, ...v128Store(0),
    ...i32Const(L.POW), ...get(X0R), ...get(X0I), ...sub, ...set(YR), ...get(YR), ...get(YR), ...mul, ...v128Store(16 * m),
    ...i32Const(16), ...set(K), ...i32Const(16 * (m - 1)), ...set(KB), ...i32Const(L.SP + 32), ...set(T),
  );
  out.push(...doWhile(K, 16, i32Const(16 * (m / 2 + 1)), [
    ...get(K), ...v128Load(L.ZR), ...set(X0R), ...get(K), ...v128Load(L.ZI), ...set(X0I),
    ...get(KB), ...v128Load(L.ZR), ...set(X1R), ...get(KB), ...v128Load(L.ZI), ...set(X1I),
    ...bin(ER, X0R, add, X1R), ...bin(EI, X0I, sub, X1I), ...bin(OR, X0I, add, X1I), ...bin(OI, X1R, sub, X0R),
    ...get(T), ...v128Load(0), ...set(W1R), ...get(T), ...v128Load(16), ...set(W1I),
    // wr = c or + s oi; wi = c oi - s or
    ...get(W1R), ...get(OR), ...mul, ...get(W1I), ...get(OI), ...mul, ...add, ...set(WR),
    ...get(W1R), ...get(OI), ...mul, ...get(W1I), ...get(OR), ...mul, ...sub, ...set(WI),
    ...bin(YR, ER, add, WR), ...bin(YI, EI, add, WI),
    ...get(K), ...quarter, ...get(YR), ...get(YR), ...mul, ...get(YI), ...get(YI), ...mul, ...add, ...mul, ...v128Store(L.POW),
    ...bin(YR, ER, sub, WR), ...bin(YI, WI, sub, EI),
    ...get(KB), ...quarter, ...get(YR), ...get(YR), ...mul, ...get(YI), ...get(YI), ...mul, ...add, ...mul, ...v128Store(L.POW),
    ...bump(KB, -16), ...bump(T, 32),
  ]));
  // Mel bands, unrolled with the weights as constants; accumulation order as applyMel (0 + w0 p0 + w1 p1 ...).
  for (let b = 0; b < bank.nMels; b++) {
    out.push(...get(MO), ...op.f64x2Const(0));
    for (let j = bank.offset[b], k = bank.first[b]; j < bank.offset[b + 1]; j++, k++) {
      out.push(...op.f64x2Const(bank.weights[j]), ...i32Const(0), ...v128Load(L.POW + 16 * k), ...mul, ...add);
    }
    out.push(...v128Store(16 * b));
  }
  return out;
}

function layoutFor(c: KernelConfig, bank: MelFilterbank, maxPairs: number, blockSamples: number, twiddles: number): Layout {
  const m = c.nFft / 2;
  let at = 0;
  const take = (bytes: number) => {
    const here = at;
    at += Math.ceil(bytes / 16) * 16;
    return here;
  };
  const RE = take(16 * m), IM = take(16 * m), ZR = take(16 * m), ZI = take(16 * m);
  const TW = take(16 * 6 * twiddles), SP = take(32 * (m / 2 + 1)), REV = take(4 * m), WIN = take(8 * c.nFft);
  const POW = take(16 * (m + 1)), MEL = take(16 * bank.nMels * maxPairs), BLOCK = take(8 * blockSamples);
  return { RE, IM, ZR, ZI, TW, SP, REV, WIN, POW, MEL, BLOCK, bytes: at };
}

export class SpectrumKernel {
  /** The padded signal of a block of frames: fill it, then call run. */
  readonly block: Float64Array;
  /** Mel energies after run: frame i of the block, band b at melOut[2 (floor(i/2) nMels + b) + i % 2]. */
  readonly melOut: Float64Array;
  private readonly runPairs: (pairs: number) => void;

  private constructor(instance: WasmInstance, L: Layout, blockSamples: number, maxPairs: number, nMels: number) {
    const memory = instance.exports.memory as { buffer: ArrayBuffer };
    this.block = new Float64Array(memory.buffer, L.BLOCK, blockSamples);
    this.melOut = new Float64Array(memory.buffer, L.MEL, 2 * nMels * maxPairs);
    this.runPairs = instance.exports.run as (pairs: number) => void;
  }

  /**
   * A kernel for `config` computing up to 2 * maxPairs frames per run over a block of `blockSamples` samples, or
   * undefined where WebAssembly SIMD is unavailable (the caller then uses the JS path).
   */
  static create(c: KernelConfig, bank: MelFilterbank, maxPairs: number, blockSamples: number): SpectrumKernel | undefined {
    const m = c.nFft / 2;
    const lastRadix2 = Math.log2(m) % 2 === 1;
    const passes: number[] = [];
    for (let h = m / 16; h >= (lastRadix2 ? 2 : 4); h /= 4) passes.push(h);
    const twiddles = [m / 4, ...passes].reduce((s, h) => s + h, 0);
    const L = layoutFor(c, bank, maxPairs, blockSamples, twiddles);
    const body = kernelBody(c, bank, L, passes, lastRadix2);
    const pairLoop = [
      ...op.block, ...get(PAIRS), ...op.i32Const(0), ...op.i32LtU, ...op.brIf(0), // never: unsigned < 0
      ...get(PAIRS), ...op.i32Const(1), ...op.i32LtU, ...op.brIf(0),
      ...i32Const(L.BLOCK), ...set(FA), ...i32Const(L.MEL), ...set(MO), ...i32Const(0), ...set(P),
      ...op.loop, ...body, ...bump(FA, 16 * c.hopLength), ...bump(MO, 16 * bank.nMels),
      ...get(P), ...i32Const(1), ...op.i32Add, ...op.localTee(P), ...get(PAIRS), ...op.i32LtU, ...op.brIf(0), ...op.end,
      ...op.end,
    ];
    const pages = Math.ceil(L.bytes / 65536);
    const bytes = emitModule({ own: { pages } }, [{ name: 'run', params: [I32], locals: [{ count: I32_LOCALS, type: I32 }, { count: V128_LOCALS, type: V128 }], body: pairLoop }]);
    const instance = tryInstantiate(bytes);
    if (!instance) return undefined;
    const kernel = new SpectrumKernel(instance, L, blockSamples, maxPairs, bank.nMels);
    const buf = (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
    // Twiddles and split factors pre-splatted (both lanes equal) so the kernel loads them with plain v128 loads.
    const tw = new Float64Array(buf, L.TW, 12 * twiddles);
    let t = 0;
    for (const h of [m / 4, ...passes]) {
      for (let j = 0; j < h; j++) {
        for (let r = 1; r <= 3; r++) {
          const angle = (-2 * Math.PI * r * j) / (4 * h);
          tw[t++] = tw[t++] = Math.cos(angle);
          tw[t++] = tw[t++] = Math.sin(angle);
        }
      }
    }
    const sp = new Float64Array(buf, L.SP, 4 * (m / 2 + 1));
    for (let k = 0; k <= m / 2; k++) {
      sp[4 * k] = sp[4 * k + 1] = Math.cos((2 * Math.PI * k) / c.nFft);
      sp[4 * k + 2] = sp[4 * k + 3] = Math.sin((2 * Math.PI * k) / c.nFft);
    }
    const rev = new Uint32Array(buf, L.REV, m);
    const bits = Math.log2(m);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
      rev[i] = r;
    }
    new Float64Array(buf, L.WIN, c.nFft).set(analysisWindow(c));
    return kernel;
  }

  /** Mel energies of frames 0 .. 2 pairs - 1 of the block (frame i starts at sample i hop of `block`). */
  run(pairs: number): void {
    this.runPairs(pairs);
  }
}

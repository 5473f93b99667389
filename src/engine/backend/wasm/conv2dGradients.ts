/**
 * The two gradients of conv2d (and so of conv1d, which tfjs runs as a conv2d of height 1) for the wasm backend,
 * written as compositions of wasm's own fast kernels (XNNPACK matMul and conv2d).
 *
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all, so every conv model fails on its first training step,
 * and its Conv2DBackpropInput is a naive loop about 10x slower than the forward conv of the same layer. Layout is
 * NHWC (the only one wasm's conv supports) and dilation 1 (tfjs' conv2d gradient refuses dilation > 1 anyway).
 */
import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { KernelCalls, type KernelBackend } from './kernelCalls';

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convInfo(inShape: number[], filterShape: number[], attrs: ConvAttrs): backend_util.Conv2DInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error('the wasm conv2d gradients support NHWC only');
  return backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * dW[i, j, :, :] = sum over batch and output positions of x(shifted by i, j)ᵀ · dy: one matMul per filter tap.
 * Strided convs take a strided slice of the padded input per tap (see filterGradStrided); stride-1 convs, the common
 * case, take the faster route of filterGradShifted.
 */
export function conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, filterShape: number[], attrs: ConvAttrs, k: KernelCalls): TensorInfo {
  const info = convInfo(x.shape, filterShape, attrs);
  return info.strideHeight === 1 && info.strideWidth === 1 ? filterGradShifted(x, dy, info, k) : filterGradStrided(x, dy, info, k);
}

/**
 * Stride 1. Pad x to Hp x Wp and zero-pad dy to the same plane (dy is zero outside its OH x OW corner). Flattened,
 * the input under tap (i, j) is x shifted by s = i*Wp + j positions: one contiguous copy (a memcpy on the wasm heap)
 * instead of a 4-D slice, which wasm's Slice kernel does by first copying the whole input out to JS. Positions a
 * shift reads past a plane's end (or past the array's end, zero-filled) meet only dy's zero padding, since
 * Wp >= OW + fw - 1. Each tap is then one plain matMul; the smaller of x and dy is transposed, once, so that no
 * matMul needs a transposed operand (wasm's transposes and transposed matMuls are slow):
 *   Cin <= Cout: x channels-first [Cin, N*Hp*Wp] shifted, times dy [N*Hp*Wp, Cout] -> [Cin, Cout] per tap;
 *   Cin >  Cout: dyᵀ [Cout, N*Hp*Wp] times x rows [N*Hp*Wp, Cin] shifted -> [Cout, Cin] per tap (conv1d over
 *                mel-by-channel features has Cin in the thousands).
 */
function filterGradShifted(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo, k: KernelCalls): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { inChannels: cin, outChannels: cout, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  const padBottom = Math.max(0, oh - 1 + fh - h - top);
  const padRight = Math.max(0, ow - 1 + fw - w - left);
  const hp = h + top + padBottom;
  const wp = w + left + padRight;
  const m = n * hp * wp;
  const xp = top || left || padBottom || padRight ? padPlanes(x, top, padBottom, left, padRight, k) : x;
  const dyp = hp > oh || wp > ow ? padPlanes(dy, 0, hp - oh, 0, wp - ow, k) : dy;
  const channelsFirstX = cin <= cout;
  let fixed: TensorInfo;
  let shifting: TensorInfo;
  if (channelsFirstX) {
    shifting = k.run('Transpose', { x: xp }, { perm: [3, 0, 1, 2] });
    fixed = k.run('Reshape', { x: dyp }, { shape: [1, m, cout] });
  } else {
    shifting = xp;
    const dy2 = k.run('Reshape', { x: dyp }, { shape: [m, cout] });
    fixed = k.run('Reshape', { x: k.run('Transpose', { x: dy2 }, { perm: [1, 0] }) }, { shape: [1, cout, m] });
  }
  const taps: TensorInfo[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      // Channels-first shifts whole positions along each channel's row; NHWC shifts by positions of Cin values.
      const shift = (i * wp + j) * (channelsFirstX ? 1 : cin);
      const moved = shiftedCopy(shifting, shift, channelsFirstX ? [1, cin, m] : [1, m, cin], k);
      taps.push(k.run('BatchMatMul', channelsFirstX ? { a: moved, b: fixed } : { a: fixed, b: moved }, { transposeA: false, transposeB: false }));
      k.free(moved);
    }
  }
  const all = taps.length === 1 ? taps[0] : k.run('Concat', taps, { axis: 0 });
  if (channelsFirstX) return k.run('Reshape', { x: all }, { shape: [fh, fw, cin, cout] });
  const all4 = k.run('Reshape', { x: all }, { shape: [fh, fw, cout, cin] });
  return k.run('Transpose', { x: all4 }, { perm: [0, 1, 3, 2] });
}

/**
 * Zero-pads the height and width of an NHWC tensor: a memset and one memcpy per input row on the heap, about 4x
 * faster than wasm's PadV2 on the 40 MB activation gradients of a conv layer.
 */
function padPlanes(src: TensorInfo, top: number, bottom: number, left: number, right: number, k: KernelCalls): TensorInfo {
  const [n, h, w, c] = src.shape;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const out = k.track(k.backend.makeOutput([n, hp, wp, c], 'float32'));
  const dst = k.backend.typedArrayFromHeap(out);
  const from = k.backend.typedArrayFromHeap(src);
  dst.fill(0);
  const row = w * c;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < h; r++) {
      const at = ((b * h + r) * w) * c;
      dst.set(from.subarray(at, at + row), ((b * hp + r + top) * wp + left) * c);
    }
  }
  return out;
}

/** out[e] = src[e + shift], zeros past src's end: a memcpy on the heap. */
function shiftedCopy(src: TensorInfo, shift: number, shape: number[], k: KernelCalls): TensorInfo {
  const out = k.track(k.backend.makeOutput(shape, 'float32'));
  // Views only after makeOutput: allocating may grow the heap and detach earlier views.
  const dst = k.backend.typedArrayFromHeap(out);
  const from = k.backend.typedArrayFromHeap(src);
  dst.set(from.subarray(shift));
  dst.fill(0, from.length - shift);
  return out;
}

/**
 * Any stride: a strided 4-D slice of the padded input per tap. dy is transposed once up front so that no matMul
 * needs a transposed operand (wasm's transposed matMul is several times slower than a transpose plus a plain one).
 * Memory stays at one input-sized slice at a time, unlike im2col's filter-size-times-input matrix.
 */
function filterGradStrided(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo, k: KernelCalls): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: fh, filterWidth: fw, inChannels: cin, outChannels: cout, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  // Pad so that every tap's slice lies inside: 'ceil' rounding can ask for rows past the given bottom padding.
  const padBottom = Math.max(0, (oh - 1) * sh + fh - h - top);
  const padRight = Math.max(0, (ow - 1) * sw + fw - w - left);
  const xp =
    top || left || padBottom || padRight
      ? k.run('PadV2', { x }, { paddings: [[0, 0], [top, padBottom], [left, padRight], [0, 0]], constantValue: 0 })
      : x;
  const m = n * oh * ow;
  const dy2 = k.run('Reshape', { x: dy }, { shape: [m, cout] });
  const dyT = k.run('Transpose', { x: dy2 }, { perm: [1, 0] });
  const dyT3 = k.run('Reshape', { x: dyT }, { shape: [1, cout, m] });
  const taps: TensorInfo[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const end = [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, cin];
      const xs = k.run('StridedSlice', { x: xp }, stridedSliceAttrs([0, i, j, 0], end, [1, sh, sw, 1]));
      const xs3 = k.run('Reshape', { x: xs }, { shape: [1, m, cin] });
      taps.push(k.run('BatchMatMul', { a: dyT3, b: xs3 }, { transposeA: false, transposeB: false }));
      k.free(xs3);
      k.free(xs);
    }
  }
  const all = taps.length === 1 ? taps[0] : k.run('Concat', taps, { axis: 0 });
  const all4 = k.run('Reshape', { x: all }, { shape: [fh, fw, cout, cin] });
  return k.run('Transpose', { x: all4 }, { perm: [0, 1, 3, 2] });
}

/**
 * dx = a stride-1 'valid' conv2d of dy (dilated by the stride, i.e. zeros between rows and columns, then padded by
 * filter-1-pad) with the filter rotated 180° and its channel axes swapped. One forward conv on wasm's XNNPACK
 * path instead of the package's scalar loop.
 */
export function conv2dBackpropInput(dy: TensorInfo, filter: TensorInfo, inputShape: number[], attrs: ConvAttrs, k: KernelCalls): TensorInfo {
  const info = convInfo(inputShape, filter.shape, attrs);
  const { batchSize: n, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: fh, filterWidth: fw, outChannels: cout, inHeight: h, inWidth: w } = info;
  let d = dy;
  if (sh > 1 || sw > 1) {
    // [n, oh, 1, ow, 1, c] padded to [n, oh, sh, ow, sw, c]: each dy value followed by stride-1 zeros.
    const r = k.run('Reshape', { x: dy }, { shape: [n, oh, 1, ow, 1, cout] });
    const p = k.run('PadV2', { x: r }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
    d = k.run('Reshape', { x: p }, { shape: [n, oh * sh, ow * sw, cout] });
  }
  const [lh, lw] = [oh * sh, ow * sw];
  // The conv reads d[h + top - i] for tap i: pad `before` = filter-1-top, and enough after for H outputs.
  const beforeH = fh - 1 - info.padInfo.top;
  const beforeW = fw - 1 - info.padInfo.left;
  const afterH = h + fh - 1 - beforeH - lh;
  const afterW = w + fw - 1 - beforeW - lw;
  let padded = d;
  if (beforeH > 0 || beforeW > 0 || afterH > 0 || afterW > 0) {
    padded = padPlanes(d, Math.max(beforeH, 0), Math.max(afterH, 0), Math.max(beforeW, 0), Math.max(afterW, 0), k);
  }
  if (beforeH < 0 || beforeW < 0 || afterH < 0 || afterW < 0) {
    // Padding larger than the filter, or input rows the forward pass never read: crop instead of padding.
    padded = k.run('Slice', { x: padded }, { begin: [0, Math.max(-beforeH, 0), Math.max(-beforeW, 0), 0], size: [n, h + fh - 1, w + fw - 1, cout] });
  }
  const rotated = k.run('Reverse', { x: filter }, { dims: [0, 1] });
  const flipped = k.run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] });
  return k.run('Conv2D', { x: padded, filter: flipped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
}

function stridedSliceAttrs(begin: number[], end: number[], strides: number[]): NamedAttrMap {
  return { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
}

/** Kernel functions in tfjs' registry shape. */
export function conv2dBackpropFilterKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: { x?: TensorInfo; dy?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo => {
    const k = new KernelCalls(backend as KernelBackend, backendName);
    try {
      const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
      return k.keep(conv2dBackpropFilter(inputs.x!, inputs.dy!, a.filterShape, a, k));
    } catch (err) {
      k.dispose();
      throw err;
    }
  };
}

export function conv2dBackpropInputKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: { dy?: TensorInfo; filter?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo => {
    const k = new KernelCalls(backend as KernelBackend, backendName);
    try {
      const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
      return k.keep(conv2dBackpropInput(inputs.dy!, inputs.filter!, a.inputShape, a, k));
    } catch (err) {
      k.dispose();
      throw err;
    }
  };
}

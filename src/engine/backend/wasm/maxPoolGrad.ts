/**
 * MaxPoolGrad for wasm: the package's kernel takes about 10x its forward pass (322 ms for a 2x2 pool over
 * 32x300x64x16, the biggest single cost of a conv training step once the conv gradients are fixed). This one is a
 * loop over wasm memory with the channels innermost, so every read is sequential: one pass over the input.
 *
 * Semantics are tfjs-backend-cpu's (and so the tests' reference): each output's gradient goes to the first maximum
 * of its window in row-major order (strictly greater wins), nothing when the window has no value above -Infinity.
 */
import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelBackend } from './kernelCalls';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function maxPoolGradKernel({ inputs, backend, attrs }: { inputs: { dy?: TensorInfo; input?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const b = backend as KernelBackend;
  const x = inputs.input!;
  const dy = inputs.dy!;
  const a = attrs as unknown as PoolAttrs;
  const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const out = b.makeOutput(x.shape, 'float32');
  // Views after makeOutput: an allocation may grow (and so move) the heap.
  const dx = b.typedArrayFromHeap(out);
  const xs = b.typedArrayFromHeap(x);
  const dys = b.typedArrayFromHeap(dy);
  dx.fill(0);
  const maxV = new Float32Array(c);
  const pos = new Int32Array(c);
  for (let bi = 0; bi < n; bi++) {
    for (let yr = 0; yr < oh; yr++) {
      const r0 = yr * sh - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(h, r0 + fh);
      for (let yc = 0; yc < ow; yc++) {
        const c0 = yc * sw - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(w, c0 + fw);
        maxV.fill(Number.NEGATIVE_INFINITY);
        pos.fill(-1);
        for (let r = rMin; r < rMax; r++) {
          for (let col = cMin; col < cMax; col++) {
            const base = ((bi * h + r) * w + col) * c;
            for (let d = 0; d < c; d++) {
              const v = xs[base + d];
              if (v > maxV[d]) {
                maxV[d] = v;
                pos[d] = base + d;
              }
            }
          }
        }
        const o = ((bi * oh + yr) * ow + yc) * c;
        for (let d = 0; d < c; d++) if (pos[d] >= 0) dx[pos[d]] += dys[o + d];
      }
    }
  }
  return out;
}

/**
 * UnsortedSegmentSum for wasm, which lacks it. It is the gradient of tf.gather (embedding lookups, picking rows of
 * a learnable tensor), so without it such a model fails on its first training step. A plain loop over wasm memory:
 * the op is memory-bound and small next to the matMuls of a step.
 */
import type { DataType, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of BackendWasm used here. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): ArrayLike<number> & { fill(v: number): unknown; [i: number]: number };
  readSync(dataId: TensorInfo['dataId']): unknown;
}

export function unsortedSegmentSumKernel({ inputs, backend, attrs }: { inputs: { x?: TensorInfo; segmentIds?: TensorInfo }; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const b = backend as HeapBackend;
  const x = inputs.x!;
  const ids = inputs.segmentIds!;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const idRank = ids.shape.length;
  const inner = x.shape.slice(idRank).reduce((a, d) => a * d, 1);
  const rows = ids.shape.reduce((a, d) => a * d, 1);
  const out = b.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  const dst = b.typedArrayFromHeap(out);
  dst.fill(0);
  const src = b.typedArrayFromHeap(x);
  const seg = b.typedArrayFromHeap(ids);
  for (let r = 0; r < rows; r++) {
    const s = seg[r];
    // Like TensorFlow: ids outside [0, numSegments) are dropped.
    if (s < 0 || s >= numSegments) continue;
    const from = r * inner;
    const to = s * inner;
    for (let i = 0; i < inner; i++) dst[to + i] += src[from + i];
  }
  return out;
}

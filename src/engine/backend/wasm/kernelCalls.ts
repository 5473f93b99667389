/**
 * Runs other kernels of a backend from inside a kernel, on TensorInfos, and frees the intermediates.
 *
 * Why not call tf ops inside a kernel: they would make Tensors the engine tracks (and leaks if the caller is not in
 * a tidy), and a kernel must return a TensorInfo the backend owns. Calling the registered kernel functions directly
 * is how the backends compose kernels themselves.
 */
import { getKernel, type DataId, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of a tfjs backend (wasm's BackendWasm) these helpers use. */
export interface KernelBackend {
  /** Drops one reference to the data; frees it when none is left. */
  disposeData(dataId: DataId): unknown;
  /** Allocates an output on the backend's heap. */
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  /** A view (no copy) of a tensor's data on the heap; invalid once the heap grows, so take it right before use. */
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export class KernelCalls {
  private readonly temps = new Set<TensorInfo>();

  constructor(
    readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs `kernelName` of this backend and remembers its output as an intermediate. */
  run(kernelName: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs: NamedAttrMap = {}): TensorInfo {
    const config = getKernel(kernelName, this.backendName);
    if (!config) throw new Error(`kernel '${kernelName}' is not registered for backend '${this.backendName}'`);
    const out = config.kernelFunc({ inputs: inputs as NamedTensorInfoMap, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`kernel '${kernelName}' returned several outputs; expected one`);
    this.temps.add(out);
    return out;
  }

  /** Remembers an output made directly on the backend (not by a kernel) as an intermediate. */
  track(info: TensorInfo): TensorInfo {
    this.temps.add(info);
    return info;
  }

  /** Frees an intermediate early (to bound memory inside loops). */
  free(info: TensorInfo): void {
    if (this.temps.delete(info)) this.backend.disposeData(info.dataId);
  }

  /** Frees every intermediate except `result`, which becomes the kernel's output. */
  keep(result: TensorInfo): TensorInfo {
    this.temps.delete(result);
    this.dispose();
    return result;
  }

  /** Frees every intermediate (on error). */
  dispose(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.clear();
  }
}

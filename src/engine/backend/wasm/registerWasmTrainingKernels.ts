/**
 * Makes the wasm backend able to train the engine's models: registers the kernels tfjs-backend-wasm 4.22 lacks
 * (Conv2DBackpropFilter, UnsortedSegmentSum) and replaces the slow one (Conv2DBackpropInput). Idempotent.
 *
 * Checked against a training step of conv1d/conv2d + maxPool + dense + softmax cross-entropy + Adam (see
 * test/engine/backend/wasmTraining.test.ts): every other kernel such a step needs is present in wasm. Still missing
 * and not needed by the engine: FFT/IFFT/Complex (tf.signal.stft), Einsum, depthwise-conv gradients.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel } from './conv2dGradients';
import { unsortedSegmentSumKernel } from './unsortedSegmentSum';

const BACKEND = 'wasm';
/** Marks our registrations so a second call (or a re-import) does not register twice. */
const MARK = Symbol.for('ser-studio.wasmTrainingKernel');

type Marked = KernelFunc & { [MARK]?: true };

function register(kernelName: string, kernelFunc: KernelFunc, replace: boolean): void {
  const existing = getKernel(kernelName, BACKEND);
  if (existing && (existing.kernelFunc as Marked)[MARK]) return;
  if (existing && !replace) return;
  // unregister first: registerKernel over an existing kernel prints a warning on the console.
  if (existing) unregisterKernel(kernelName, BACKEND);
  (kernelFunc as Marked)[MARK] = true;
  registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
}

/** The kernel names this module provides, for reports. */
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum'] as const;

/** Call after @tensorflow/tfjs-backend-wasm is imported (its import registers the kernels being replaced). */
export function registerWasmTrainingKernels(): void {
  register('Conv2DBackpropFilter', conv2dBackpropFilterKernel(BACKEND) as KernelFunc, false);
  register('Conv2DBackpropInput', conv2dBackpropInputKernel(BACKEND) as KernelFunc, true);
  register('UnsortedSegmentSum', unsortedSegmentSumKernel as KernelFunc, false);
}

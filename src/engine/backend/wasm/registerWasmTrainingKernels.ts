/**
 * Makes the wasm backend able to train the engine's models: registers the kernels tfjs-backend-wasm 4.22 lacks
 * (Conv2DBackpropFilter, UnsortedSegmentSum) and replaces slow ones (Conv2DBackpropInput, MaxPoolGrad, and Sum's
 * bias-gradient case). Idempotent.
 *
 * Checked against a training step of conv1d/conv2d + maxPool + dense + softmax cross-entropy + Adam (see
 * test/engine/backend/wasmTraining.test.ts): every other kernel such a step needs is present in wasm. Still missing
 * and not needed by the engine: FFT/IFFT/Complex (tf.signal.stft), Einsum, depthwise-conv gradients.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel } from './conv2dGradients';
import { maxPoolGradKernel } from './maxPoolGrad';
import { sumLeadingAxesKernel } from './sumLeadingAxes';
import { unsortedSegmentSumKernel } from './unsortedSegmentSum';

const BACKEND = 'wasm';
/** Marks our registrations so a second call (or a re-import) does not register twice. */
const MARK = Symbol.for('ser-studio.wasmTrainingKernel');

type Marked = KernelFunc & { [MARK]?: true };

/** `make` gets the kernel being replaced (if any), for kernels that delegate the cases they do not speed up. */
function register(kernelName: string, make: (original: KernelConfig | undefined) => KernelFunc, replace: boolean): void {
  const existing = getKernel(kernelName, BACKEND);
  if (existing && (existing.kernelFunc as Marked)[MARK]) return;
  if (existing && !replace) return;
  const kernelFunc = make(existing) as Marked;
  kernelFunc[MARK] = true;
  // unregister first: registerKernel over an existing kernel prints a warning on the console.
  if (existing) unregisterKernel(kernelName, BACKEND);
  // The replaced kernel's setup still runs when the backend initialises: a delegating kernel calls into it.
  registerKernel({ kernelName, backendName: BACKEND, kernelFunc, ...(existing?.setupFunc ? { setupFunc: existing.setupFunc } : {}), ...(existing?.disposeFunc ? { disposeFunc: existing.disposeFunc } : {}) });
}

/** The kernel names this module provides, for reports. */
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Sum', 'UnsortedSegmentSum'] as const;

/**
 * Call after @tensorflow/tfjs-backend-wasm is imported (its import registers the kernels being replaced) and,
 * preferably, before the wasm backend initialises.
 */
export function registerWasmTrainingKernels(): void {
  register('Conv2DBackpropFilter', () => conv2dBackpropFilterKernel(BACKEND) as KernelFunc, false);
  register('Conv2DBackpropInput', () => conv2dBackpropInputKernel(BACKEND) as KernelFunc, true);
  register('MaxPoolGrad', () => maxPoolGradKernel as KernelFunc, true);
  register('Sum', (original) => (original ? sumLeadingAxesKernel(original) : (() => {
    throw new Error("wasm has no 'Sum' kernel to fall back on");
  })), true);
  register('UnsortedSegmentSum', () => unsortedSegmentSumKernel as KernelFunc, false);
}

/**
 * Which formulation of an op is fastest depends on the backend; the model code asks here instead of comparing
 * backend names itself, so the names ('tensorflow' is what tfjs-node and tfjs-node-gpu register, 'cpu' the pure-JS
 * one) live in one place. The measurements behind each choice are in the files that use them.
 */
import * as tf from '../backend/tfjs';

/** TensorFlow's native kernels: transposed matMul operands are free, and broadcasts are best made by Tile. */
export function onNativeTensorFlow(): boolean {
  return tf.getBackend() === 'tensorflow';
}

/** Whether conv1d trains faster than splice + matMul: everywhere but the pure-JS cpu backend (naive gradients). */
export function convolutionTrainsFast(): boolean {
  return tf.getBackend() !== 'cpu';
}

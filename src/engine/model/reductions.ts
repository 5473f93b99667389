/**
 * Sum and mean over one axis whose gradients are one Reshape and one Tile. tfjs' own Sum and Mean gradients multiply
 * by ones(x.shape), and ones() is filled in JavaScript and copied to the backend on every call: on tfjs-node that was
 * ~3 ms of a ~45 ms training step (the encoder's time pooling, layer norms and attentive statistics, 3 M values per
 * step). Tile makes the broadcast inside the backend. Only there: on wasm, Tile made the step 30 % slower than
 * tfjs' ones(), and the cpu backend is not about speed.
 */
import * as tf from '../backend/tfjs';
import { onNativeTensorFlow } from './backendTraits';

type Reduce = (x: tf.Tensor) => tf.Tensor;
/** One custom-gradient function per (kind, axis, keepDims): the encoder calls these every step. */
const made = new Map<string, Reduce>();

/** The reduction with the Tile gradient, on any backend (exported for its test). */
export function tiledReduction(kind: 'sum' | 'mean', axis: number, keepDims: boolean): Reduce {
  const key = `${kind} ${axis} ${keepDims}`;
  let f = made.get(key);
  if (!f) made.set(key, (f = makeTiledReduction(kind, axis, keepDims)));
  return f;
}

function makeTiledReduction(kind: 'sum' | 'mean', axis: number, keepDims: boolean): Reduce {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x] = args as [tf.Tensor];
    const shape = x.shape;
    const n = shape[axis];
    const kept = shape.map((d, i) => (i === axis ? 1 : d));
    const reps = shape.map((d, i) => (i === axis ? d : 1));
    return {
      value: kind === 'sum' ? tf.sum(x, axis, keepDims) : tf.mean(x, axis, keepDims),
      gradFunc: (dy: tf.Tensor) => {
        const spread = tf.tile(dy.reshape(kept), reps);
        return kind === 'sum' ? spread : spread.div(n);
      },
    };
  });
}

/** x summed over `axis` (negative counts from the end). */
export function sumAlong<T extends tf.Tensor>(x: tf.Tensor, axis: number, keepDims = false): T {
  if (!onNativeTensorFlow()) return tf.sum(x, axis, keepDims) as T;
  return tiledReduction('sum', axis < 0 ? x.rank + axis : axis, keepDims)(x) as T;
}

/** The mean of x over `axis` (negative counts from the end). */
export function meanAlong<T extends tf.Tensor>(x: tf.Tensor, axis: number, keepDims = false): T {
  if (!onNativeTensorFlow()) return tf.mean(x, axis, keepDims) as T;
  return tiledReduction('mean', axis < 0 ? x.rank + axis : axis, keepDims)(x) as T;
}

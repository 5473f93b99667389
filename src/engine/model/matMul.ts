/**
 * Matrix product whose gradient never asks the backend for a transposed operand. tfjs' own MatMul gradient calls
 * matMul with transposeA / transposeB, which wasm (tfjs-backend-wasm 4.22, XNNPACK) runs about 11x slower than a
 * plain product (measured: 158 ms vs 14 ms for 4800x384 by 384x128); an explicit transpose costs ~1.5 ms. Every
 * matMul of the encoder and the losses goes through here, for the forward pass as well (attention's Q K^T). On the
 * native TensorFlow backend transposed operands cost nothing, and tf.matMul's own gradient is ~10 % faster there.
 */
import * as tf from '../backend/tfjs';
import { onNativeTensorFlow } from './backendTraits';

function swapLast(t: tf.Tensor): tf.Tensor {
  const r = t.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}

const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      let da = tf.matMul(dy, swapLast(sb));
      let db = tf.matMul(swapLast(sa), dy);
      // A rank-2 weight used against a batched operand (not done here, but keep shapes honest).
      if (da.rank !== sa.rank) da = da.reshape(sa.shape);
      if (db.rank !== sb.rank) db = db.reshape(sb.shape);
      return [da, db];
    },
  };
});

/** a [.., n, k] x b [.., k, m] with fast gradients (a product with b transposed: `matMulTransposedB`). */
export function matMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  if (onNativeTensorFlow()) return tf.matMul(a, b) as tf.Tensor<R>;
  return product(a, b) as tf.Tensor<R>;
}

/** a [.., n, k] x b [.., m, k]^T: the transposeB flag on tfjs-node (free there), an explicit transpose elsewhere. */
export function matMulTransposedB<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  if (onNativeTensorFlow()) return tf.matMul(a, b, false, true) as tf.Tensor<R>;
  return product(a, swapLast(b)) as tf.Tensor<R>;
}

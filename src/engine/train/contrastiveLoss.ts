/**
 * The contrastive loss of Hadsell, Chopra and LeCun (2006) on pairs of utterances that share the encoder (the
 * Siamese setting of Huang et al. 2018): a same-emotion pair costs d^2, a different-emotion pair max(0, m - d)^2.
 *
 * The pair-selection variants decide which pairs of a batch count:
 *  - 'random':     the batch is made of designated pairs (2i, 2i+1) drawn balanced across the training set
 *                  (half same-class), as in the classic Siamese network;
 *  - 'batch-all':  every pair within the mini-batch; positives and negatives are averaged separately and the two
 *                  means added, so the 3:1 majority of negative pairs in a 4-class batch does not drown the pull;
 *  - 'batch-hard': per anchor its farthest positive and its nearest negative;
 *  - 'semi-hard':  per anchor every positive, and the negatives farther than the anchor's farthest positive yet
 *                  still inside the margin (FaceNet's semi-hard set, in pair form); an anchor with no such negative
 *                  falls back to its nearest negative.
 * Masks are computed on the JS side from the labels (no data comes back from the backend).
 */
import * as tf from '../backend/tfjs';
import type { PairSelection } from './trainConfig';
import { matMul, matMulTransposedB } from '../model/matMul';
import { relu } from '../model/relu';

/** Pairwise Euclidean distances [B, B], with a small floor so the gradient of sqrt stays finite at 0. */
export function pairwiseDistances(z: tf.Tensor2D): tf.Tensor2D {
  const sq = z.square().sum(1, true);
  const d2 = sq.add(sq.transpose()).sub(matMulTransposedB(z, z).mul(2));
  return relu(d2).add(1e-9).sqrt() as tf.Tensor2D;
}

/** 1 where labels match, i != j. */
function sameMask(labels: readonly number[]): Float32Array {
  const b = labels.length;
  const m = new Float32Array(b * b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) if (i !== j && labels[i] === labels[j]) m[i * b + j] = 1;
  return m;
}

function diffMask(labels: readonly number[]): Float32Array {
  const b = labels.length;
  const m = new Float32Array(b * b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) if (labels[i] !== labels[j]) m[i * b + j] = 1;
  return m;
}

const sumOr1 = (a: Float32Array) => Math.max(1, a.reduce((s, v) => s + v, 0));

/**
 * The contrastive loss of a batch of representations `z` [B, D] with integer class `labels`. For 'random', items
 * (2i, 2i+1) are the pairs. Returns a scalar; 0 when the batch holds no usable pair.
 */
export function contrastiveLoss(z: tf.Tensor2D, labels: readonly number[], selection: PairSelection, margin: number): tf.Scalar {
  const b = labels.length;
  if (z.shape[0] !== b) throw new Error(`contrastive loss: ${z.shape[0]} rows for ${b} labels`);
  const d = pairwiseDistances(z);
  const pushed = relu(tf.sub(margin, d)).square();
  const pulled = d.square();
  switch (selection) {
    case 'random': {
      const pos = new Float32Array(b * b);
      const neg = new Float32Array(b * b);
      for (let i = 0; i + 1 < b; i += 2) (labels[i] === labels[i + 1] ? pos : neg)[i * b + i + 1] = 1;
      const pairs = Math.max(1, Math.floor(b / 2));
      return pulled.mul(tf.tensor2d(pos, [b, b])).add(pushed.mul(tf.tensor2d(neg, [b, b]))).sum().div(pairs) as tf.Scalar;
    }
    case 'batch-all': {
      const pos = sameMask(labels);
      const neg = diffMask(labels);
      const lp = pulled.mul(tf.tensor2d(pos, [b, b])).sum().div(sumOr1(pos));
      const ln = pushed.mul(tf.tensor2d(neg, [b, b])).sum().div(sumOr1(neg));
      return lp.add(ln) as tf.Scalar;
    }
    case 'batch-hard': {
      const pos = tf.tensor2d(sameMask(labels), [b, b]);
      const negM = diffMask(labels);
      const neg = tf.tensor2d(negM, [b, b]);
      const hasPosM = rowsWithAny(sameMask(labels), b);
      const hasNegM = rowsWithAny(negM, b);
      const hasPos = tf.tensor1d(hasPosM);
      const hasNeg = tf.tensor1d(hasNegM);
      const hardPos = d.mul(pos).max(1);
      const hardNeg = d.add(tf.sub(1, neg).mul(1e6)).min(1);
      const lp = hardPos.square().mul(hasPos).sum().div(sumOr1(hasPosM));
      const ln = relu(tf.sub(margin, hardNeg)).square().mul(hasNeg).sum().div(sumOr1(hasNegM));
      return lp.add(ln) as tf.Scalar;
    }
    case 'semi-hard': {
      const posM = sameMask(labels);
      const negM = diffMask(labels);
      const pos = tf.tensor2d(posM, [b, b]);
      const neg = tf.tensor2d(negM, [b, b]);
      const chosen = semiHardNegatives(d, pos, neg, margin);
      const lp = pulled.mul(pos).sum().div(sumOr1(posM));
      const ln = pushed.mul(chosen).sum().div(tf.maximum(chosen.sum(), 1));
      return lp.add(ln) as tf.Scalar;
    }
    default: {
      const never: never = selection;
      throw new Error(`unknown pair selection ${String(never)}`);
    }
  }
}

function rowsWithAny(mask: Float32Array, b: number): Float32Array {
  const out = new Float32Array(b);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) if (mask[i * b + j] > 0) out[i] = 1;
  return out;
}

/**
 * The semi-hard negative mask [B, B] (see the file comment). A selection, not a function of the loss: built inside
 * a custom gradient that returns zeros, so the comparisons it uses (which have no gradients in tfjs) stay off the
 * tape and no gradient flows through the choice.
 */
const semiHardNegatives = (d: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D, margin: number): tf.Tensor2D => {
  const select = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [dist, p, n] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const b = dist.shape[0];
    const farPos = dist.mul(p).max(1, true);
    const inBand = tf.logicalAnd(dist.greater(farPos), dist.less(margin)).cast('float32').mul(n);
    const nearest = dist.add(tf.sub(1, n).mul(1e6)).min(1, true);
    const isNearest = dist.lessEqual(nearest).cast('float32').mul(n);
    const value = tf.where(inBand.sum(1, true).greater(0).tile([1, b]), inBand, isNearest) as tf.Tensor2D;
    // Shapes only: the inputs may be released by the time gradients run (tensorflow backend), so no zerosLike(input).
    const shape = dist.shape;
    return { value, gradFunc: () => [tf.zeros(shape), tf.zeros(shape), tf.zeros(shape)] };
  });
  return select(d, pos, neg) as tf.Tensor2D;
};

/**
 * The speech-emotion encoder, written with tfjs-core ops so that it trains on every backend the engine may pick
 * (tfjs-node, wasm, cpu) and fast on each:
 *
 *   log-mel crop [B, T, F]
 *   -> frame stacking (T/s steps of s*F: lossless time downsampling, no kernel at all)
 *   -> time-delay layers: 1-D convolutions over +-context steps (conv1d, or splice + one matMul on the cpu
 *      backend: see tdnn), ReLU, average pooling in time between layers
 *   -> optional self-attention block (pre-norm, residual, masked keys)
 *   -> attentive statistics pooling (masked softmax weights; weighted mean and standard deviation)
 *   -> embedding (linear) -> penultimate dense (ReLU) -> classifier logits.
 *
 * Padding: crops shorter than T are zero-padded and carry a per-item valid length; masks at each time resolution
 * are built on the JS side and keep padded steps out of the convolutions, attention and pooling.
 */
import * as tf from '../backend/tfjs';
import type { ModelConfig } from '../train/trainConfig';
import type { Prng } from '../demo/prng';
import type { EncoderWeights } from './encoderParams';
import { convolutionTrainsFast } from './backendTraits';
import { matMul, matMulTransposedB } from './matMul';
import { layerNorm } from './layerNorm';
import { meanAlong, sumAlong } from './reductions';
import { relu } from './relu';

export interface EncoderOutputs {
  /** Pooled statistics [B, 2C]. */
  pooled: tf.Tensor2D;
  /** Utterance embedding [B, E] (linear projection of the pooled statistics). */
  embedding: tf.Tensor2D;
  /** Penultimate layer [B, P] (after ReLU). */
  penultimate: tf.Tensor2D;
  /** Class logits [B, C]. */
  logits: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Valid frames of each item (<= T); items are zero-padded beyond. */
  lengths: readonly number[];
  /** Applies dropout (with masks drawn from `rng`). */
  training: boolean;
  rng?: Prng;
}

/** Runs the encoder on a batch `x` [B, T, F]. Call inside tf.tidy (or dispose the outputs). */
export function encoderForward(w: EncoderWeights, m: ModelConfig, x: tf.Tensor3D, opts: ForwardOptions): EncoderOutputs {
  const [b, t, f] = x.shape;
  if (t % (m.frameStack * m.poolBetween ** (m.channels.length - 1)) !== 0) {
    throw new Error(`crop of ${t} frames is not a multiple of the encoder's time reduction`);
  }
  let steps = t / m.frameStack;
  let scale = m.frameStack;
  let h: tf.Tensor3D = x.reshape([b, steps, f * m.frameStack]);
  let mask = timeMask(opts.lengths, steps, scale);
  h = h.mul(mask);
  m.channels.forEach((c, i) => {
    h = tdnn(h, w.get(`tdnn${i}/kernel`)!, w.get(`tdnn${i}/bias`)!, m.context);
    h = h.mul(mask);
    if (i < m.channels.length - 1 && m.poolBetween > 1) {
      steps /= m.poolBetween;
      scale *= m.poolBetween;
      // No mask after the pooling: h is already zero on padded steps, and a pooled step is padded only when all
      // the steps it averages are, so it is zero too.
      h = meanAlong<tf.Tensor3D>(h.reshape([b, steps, m.poolBetween, c]), 2);
      mask = timeMask(opts.lengths, steps, scale);
    }
  });
  if (m.attentionHeads > 0) h = attentionBlock(w, h, mask, m.attentionHeads).mul(mask);
  const pooled = attentiveStats(w, h, mask);
  const embedding = dense(pooled, w.get('embedding/kernel')!, w.get('embedding/bias')!);
  let pen = dense(dropout(relu(embedding), m.dropout, opts), w.get('penultimate/kernel')!, w.get('penultimate/bias')!);
  pen = relu(pen);
  const logits = dense(dropout(pen, m.dropout, opts), w.get('classifier/kernel')!, w.get('classifier/bias')!);
  return { pooled, embedding, penultimate: pen, logits };
}

/** [B, steps, 1] with 1 where step k covers valid frames (k * scale < length). */
function timeMask(lengths: readonly number[], steps: number, scale: number): tf.Tensor3D {
  const v = new Float32Array(lengths.length * steps);
  lengths.forEach((len, i) => {
    const valid = Math.min(steps, Math.max(1, Math.ceil(len / scale)));
    v.fill(1, i * steps, i * steps + valid);
  });
  return tf.tensor3d(v, [lengths.length, steps, 1]);
}

function dense<R extends tf.Rank>(x: tf.Tensor<R>, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor<R> {
  // Reshapes are kernels too (and so are their gradients): none for what is already a matrix.
  if (x.rank === 2) return matMul(x as tf.Tensor2D, kernel as tf.Tensor2D).add(bias) as tf.Tensor<R>;
  const shape = x.shape;
  const inDim = shape[shape.length - 1];
  const flat = x.reshape([-1, inDim]) as tf.Tensor2D;
  const y = matMul(flat, kernel as tf.Tensor2D).add(bias);
  return y.reshape([...shape.slice(0, -1), kernel.shape[1]!]) as tf.Tensor<R>;
}

/**
 * A 1-D convolution (kernel 2*context+1, stride 1, 'same' zero padding), then ReLU. The kernel is stored as
 * [(2*context+1)*C, out], the splice order, which is also conv1d's [width, C, out] layout flattened.
 * It runs as conv1d where that is the faster way, forward and backward of the first layer measured on one thread:
 * tfjs-node 6.7 ms against 8.3 ms for splice + one matMul; wasm (with the gradient kernels the engine registers for
 * it, src/engine/backend/wasm) 77 ms against 112 ms. The pure-JS cpu backend's convolution gradients are naive
 * loops (45 s against 4.8 s), so there it stays a splice of the shifted steps and one matMul.
 */
function tdnn(h: tf.Tensor3D, kernel: tf.Tensor, bias: tf.Tensor, context: number): tf.Tensor3D {
  const [b, steps, c] = h.shape;
  if (context === 0) return relu(dense(h, kernel, bias));
  if (convolutionTrainsFast()) {
    const filter = kernel.reshape([2 * context + 1, c, kernel.shape[1]!]) as tf.Tensor3D;
    return relu(tf.conv1d(h, filter, 1, 'same').add(bias));
  }
  const padded = tf.pad(h, [[0, 0], [context, context], [0, 0]]);
  const parts: tf.Tensor3D[] = [];
  for (let k = 0; k <= 2 * context; k++) parts.push(padded.slice([0, k, 0], [b, steps, c]));
  return relu(dense(tf.concat(parts, 2), kernel, bias));
}

/** Pre-norm multi-head self-attention and feed-forward, each residual; padded keys get no attention. */
function attentionBlock(w: EncoderWeights, h: tf.Tensor3D, mask: tf.Tensor3D, heads: number): tf.Tensor3D {
  const [b, steps, c] = h.shape;
  const dh = c / heads;
  const n1 = layerNorm(h, w.get('attn/ln1/gamma')!, w.get('attn/ln1/beta')!);
  const qkv = dense(n1, w.get('attn/qkv/kernel')!, w.get('attn/qkv/bias')!);
  // One split rather than three slices: its gradient is one concat, theirs three pads and two adds.
  const [qh, k, v] = tf.split(qkv, 3, 2).map((t) => t.reshape([b, steps, heads, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D);
  const q = qh.mul(1 / Math.sqrt(dh)) as tf.Tensor4D;
  const keyBias = tf.sub(1, mask).mul(-1e9).reshape([b, 1, 1, steps]);
  const att = tf.softmax(matMulTransposedB(q, k).add(keyBias));
  const ctx = matMul(att as tf.Tensor4D, v).transpose([0, 2, 1, 3]).reshape([b, steps, c]) as tf.Tensor3D;
  const h1 = h.add(dense(ctx, w.get('attn/out/kernel')!, w.get('attn/out/bias')!)) as tf.Tensor3D;
  const n2 = layerNorm(h1, w.get('attn/ln2/gamma')!, w.get('attn/ln2/beta')!);
  const ff = dense(relu(dense(n2, w.get('attn/ffn1/kernel')!, w.get('attn/ffn1/bias')!)), w.get('attn/ffn2/kernel')!, w.get('attn/ffn2/bias')!);
  return h1.add(ff);
}

/** Attention weights over valid steps, then the weighted mean and standard deviation: [B, 2C]. */
function attentiveStats(w: EncoderWeights, h: tf.Tensor3D, mask: tf.Tensor3D): tf.Tensor2D {
  const scores = dense(tf.tanh(dense(h, w.get('pool/score/kernel')!, w.get('pool/score/bias')!)), w.get('pool/score/vector')!, tf.zeros([1]));
  const [b, steps] = h.shape;
  // tfjs softmax runs over the last axis only: score as [B, T], then back to [B, T, 1].
  const weights = tf.softmax(scores.add(tf.sub(1, mask).mul(-1e9)).reshape([b, steps])).reshape([b, steps, 1]);
  const mean = sumAlong<tf.Tensor2D>(h.mul(weights), 1);
  const meanSq = sumAlong<tf.Tensor2D>(h.square().mul(weights), 1);
  const std = relu(meanSq.sub(mean.square())).add(1e-5).sqrt();
  return tf.concat([mean, std], 1) as tf.Tensor2D;
}

/** Inverted dropout with a mask drawn from the seeded Prng (tf's own dropout is not reproducible across backends). */
function dropout(x: tf.Tensor2D, rate: number, opts: ForwardOptions): tf.Tensor2D {
  if (!opts.training || rate <= 0) return x;
  if (!opts.rng) throw new Error('training forward pass needs an rng for dropout');
  const n = x.size;
  const keep = 1 - rate;
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = opts.rng.next() < keep ? 1 / keep : 0;
  return x.mul(tf.tensor2d(m, x.shape));
}

/** Rows scaled to unit length (written out rather than tf.norm, whose gradient goes through a Cast without one). */
export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return z.div(z.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D;
}

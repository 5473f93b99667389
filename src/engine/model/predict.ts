/**
 * Inference: class probabilities and the utterance embedding for whole utterances of any length. Each utterance is
 * cut into test windows (crop length, hop from the config); window probabilities are averaged, and the embedding
 * is the mean of the windows' L2-normalised embeddings, normalised again (cosine geometry, as the kNN and the
 * contrastive 'normalized' variant use).
 */
import * as tf from '../backend/tfjs';
import type { FeatureMatrix } from '../features/featureConfig';
import type { ModelConfig } from '../train/trainConfig';
import { fillCrop, testWindows, type CropSpec } from '../train/crops';
import { encoderForward, l2Normalize } from './encoder';
import type { EncoderWeights } from './encoderParams';

export interface Prediction {
  /** Probabilities over the classes. */
  probs: Float32Array;
  /** Unit-length embedding. */
  embedding: Float32Array;
}

export interface PredictOptions {
  cropFrames: number;
  hopFrames: number;
  /** Windows per forward pass. Default 64. */
  batchWindows?: number;
  signal?: AbortSignal;
}

export function predictUtterances(w: EncoderWeights, m: ModelConfig, items: readonly FeatureMatrix[], opts: PredictOptions): Prediction[] {
  const windows: { item: number; crop: CropSpec }[] = [];
  items.forEach((fm, item) => {
    for (const crop of testWindows(fm, opts.cropFrames, opts.hopFrames)) windows.push({ item, crop });
  });
  const classes = w.get('classifier/bias')!.shape[0]!;
  const embDim = w.get('embedding/bias')!.shape[0]!;
  const probs = items.map(() => new Float32Array(classes));
  const embs = items.map(() => new Float32Array(embDim));
  const counts = new Array<number>(items.length).fill(0);
  const per = opts.batchWindows ?? 64;
  const dims = items[0]?.dims ?? 0;
  const T = opts.cropFrames;
  for (let start = 0; start < windows.length; start += per) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
    const batch = windows.slice(start, start + per);
    const buf = new Float32Array(batch.length * T * dims);
    batch.forEach((wd, slot) => fillCrop(buf, slot, T, wd.crop, undefined, undefined));
    const lengths = batch.map((wd) => wd.crop.length);
    const [p, e] = tf.tidy(() => {
      const out = encoderForward(w, m, tf.tensor3d(buf, [batch.length, T, dims]), { lengths, training: false });
      const unit = l2Normalize(out.embedding);
      return [tf.softmax(out.logits), unit];
    });
    const pv = p.dataSync() as Float32Array;
    const ev = e.dataSync() as Float32Array;
    p.dispose();
    e.dispose();
    batch.forEach((wd, slot) => {
      const pi = probs[wd.item];
      const ei = embs[wd.item];
      for (let c = 0; c < classes; c++) pi[c] += pv[slot * classes + c];
      for (let d = 0; d < embDim; d++) ei[d] += ev[slot * embDim + d];
      counts[wd.item]++;
    });
  }
  return items.map((_, i) => {
    const p = probs[i];
    const e = embs[i];
    for (let c = 0; c < classes; c++) p[c] /= counts[i];
    let n = 0;
    for (let d = 0; d < embDim; d++) n += e[d] * e[d];
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < embDim; d++) e[d] /= n;
    return { probs: p, embedding: e };
  });
}

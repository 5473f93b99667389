/**
 * The representation the contrastive term acts on (the paper's feature-selection variants), in the units its
 * margin is given in. Kept apart from the loss so the trainer and the tests pick it the same way.
 */
import * as tf from '../backend/tfjs';
import { l2Normalize, type EncoderOutputs } from '../model/encoder';
import type { LossConfig } from './trainConfig';

/**
 * 'normalized': the unit-length embedding (distances 0..2, cosine-like); 'embedding' / 'penultimate': the raw layer,
 * scaled by 1/sqrt(width) when `rawDistance` is 'rms' so that Euclidean distances become per-dimension RMS ones.
 */
export function contrastiveFeatures(out: EncoderOutputs, loss: Pick<LossConfig, 'featureSelection' | 'rawDistance'>): tf.Tensor2D {
  switch (loss.featureSelection) {
    case 'normalized':
      return l2Normalize(out.embedding);
    case 'embedding':
    case 'penultimate': {
      const raw = loss.featureSelection === 'embedding' ? out.embedding : out.penultimate;
      return loss.rawDistance === 'rms' ? (raw.div(Math.sqrt(raw.shape[1])) as tf.Tensor2D) : raw;
    }
    default: {
      const never: never = loss.featureSelection;
      throw new Error(`unknown feature selection ${String(never)}`);
    }
  }
}

// Small models and synthetic feature sets for training tests: fast on the deterministic cpu backend.
import * as tf from '../../../src/engine/backend/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { Prng } from '../../../src/engine/demo/prng';
import { resolveTrainConfig, type TrainConfig } from '../../../src/engine/train/trainConfig';
import type { TrainItem } from '../../../src/engine/train/trainer';

export async function useBackend(name: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
}

/** A tiny encoder config that still exercises every layer (stacking, two TDNN layers, pooling, attention). */
export function tinyConfig(overrides: Record<string, unknown> = {}): TrainConfig {
  const base = {
    model: { frameStack: 2, channels: [16, 16], context: 1, poolBetween: 2, attentionHeads: 2, poolingUnits: 8, embeddingDim: 16, penultimateDim: 8, dropout: 0.1 },
    batchSize: 8,
    epochs: 3,
    patience: 0,
    cropFrames: 40,
    testHopFrames: 20,
    augment: { timeMasks: 1, timeMaskFrames: 4, freqMasks: 1, freqMaskBands: 2, speed: 0.1, noise: 0.05 },
  };
  return resolveTrainConfig(deepMerge(base, overrides));
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && typeof av === 'object' && av !== null && !Array.isArray(av)
      ? deepMerge(av as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * `n` utterances of `dims`-band features whose class shows as a raised band group with a class-specific temporal
 * modulation, under unit Gaussian noise: learnable, not trivial.
 */
export function toyItems(n: number, classes: number, seed: number, dims = 12, strength = 0.8): TrainItem[] {
  const rng = new Prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = i % classes;
    const frames = 25 + rng.int(50);
    const data = new Float32Array(frames * dims);
    for (let t = 0; t < frames; t++) {
      for (let d = 0; d < dims; d++) {
        const on = d % classes === label ? strength * (1 + Math.sin((t * (label + 1)) / 4)) : 0;
        data[t * dims + d] = rng.normal() + on;
      }
    }
    return { id: `u${seed}-${i}`, features: { frames, dims, data }, label };
  });
}

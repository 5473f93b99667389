/**
 * The encoder's weights: names, shapes and seeded initialisation. Weights are created from a Prng on the JS side
 * (not tf.randomNormal) so that a seed gives the same model on every backend.
 */
import * as tf from '../backend/tfjs';
import type { ModelConfig } from '../train/trainConfig';
import { Prng } from '../demo/prng';

/** Shapes of every weight, in a fixed order (the order of the saved weights file). */
export function encoderWeightShapes(m: ModelConfig, inputDims: number, classes: number): [string, number[]][] {
  const shapes: [string, number[]][] = [];
  let width = inputDims * m.frameStack;
  m.channels.forEach((c, i) => {
    shapes.push([`tdnn${i}/kernel`, [width * (2 * m.context + 1), c]], [`tdnn${i}/bias`, [c]]);
    width = c;
  });
  if (m.attentionHeads > 0) {
    shapes.push(
      ['attn/ln1/gamma', [width]], ['attn/ln1/beta', [width]],
      ['attn/qkv/kernel', [width, 3 * width]], ['attn/qkv/bias', [3 * width]],
      ['attn/out/kernel', [width, width]], ['attn/out/bias', [width]],
      ['attn/ln2/gamma', [width]], ['attn/ln2/beta', [width]],
      ['attn/ffn1/kernel', [width, 2 * width]], ['attn/ffn1/bias', [2 * width]],
      ['attn/ffn2/kernel', [2 * width, width]], ['attn/ffn2/bias', [width]],
    );
  }
  shapes.push(
    ['pool/score/kernel', [width, m.poolingUnits]], ['pool/score/bias', [m.poolingUnits]], ['pool/score/vector', [m.poolingUnits, 1]],
    ['embedding/kernel', [2 * width, m.embeddingDim]], ['embedding/bias', [m.embeddingDim]],
    ['penultimate/kernel', [m.embeddingDim, m.penultimateDim]], ['penultimate/bias', [m.penultimateDim]],
    ['classifier/kernel', [m.penultimateDim, classes]], ['classifier/bias', [classes]],
  );
  return shapes;
}

/** Named trainable variables. */
export type EncoderWeights = Map<string, tf.Variable>;

/** He-uniform for ReLU layers, Glorot-uniform for the rest; zeros for biases and betas, ones for gammas. */
export function initEncoderWeights(m: ModelConfig, inputDims: number, classes: number, seed: number): EncoderWeights {
  const rng = new Prng(seed ^ 0x5eed);
  const out: EncoderWeights = new Map();
  for (const [name, shape] of encoderWeightShapes(m, inputDims, classes)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (name.endsWith('/gamma')) values.fill(1);
    else if (shape.length === 2) {
      const [fanIn, fanOut] = shape;
      const relu = name.startsWith('tdnn') || name.includes('ffn1') || name.startsWith('penultimate');
      const limit = relu ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * limit;
    }
    // Unnamed: tfjs variable names are global to the process, and several folds' models may live in one.
    const init = tf.tensor(values, shape, 'float32');
    out.set(name, tf.variable(init, true));
    init.dispose();
  }
  return out;
}

/** Sets every weight from `values` (same names and shapes), e.g. to restore the best epoch or a saved model. */
export function assignEncoderWeights(weights: EncoderWeights, values: Map<string, Float32Array>): void {
  for (const [name, v] of weights) {
    const src = values.get(name);
    if (!src || src.length !== v.size) throw new Error(`weight ${name}: expected ${v.size} values, got ${src?.length ?? 'none'}`);
    const t = tf.tensor(src, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  }
}

/** A copy of every weight's values (downloaded once), for best-epoch snapshots and saving. */
export function snapshotEncoderWeights(weights: EncoderWeights): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of weights) out.set(name, (v.dataSync() as Float32Array).slice());
  return out;
}

export function disposeEncoderWeights(weights: EncoderWeights): void {
  for (const v of weights.values()) v.dispose();
  weights.clear();
}

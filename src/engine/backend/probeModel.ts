/**
 * A small conv model and its training step, to check and time a backend: conv2d + maxPool + conv2d, then conv1d
 * over time, mean over time, dense, softmax cross-entropy, Adam. It touches every kernel family the engine's
 * encoders train with (both conv gradients included), so "trains on backend X" means something.
 * Seeded: the same weights and data on every backend.
 */
import * as tf from './tfjs';

/** Input and model size. Defaults are the benchmark's (batch 32 of 300 frames x 64 mels, 4 classes). */
export interface ProbeShape {
  batch: number;
  frames: number;
  mels: number;
  classes: number;
  /** Channels of the two conv2d layers and the conv1d. */
  channels: [number, number, number];
}

export const BENCH_SHAPE: ProbeShape = { batch: 32, frames: 300, mels: 64, classes: 4, channels: [16, 32, 64] };
export const TEST_SHAPE: ProbeShape = { batch: 4, frames: 24, mels: 12, classes: 3, channels: [4, 6, 8] };

export interface ProbeModel {
  /** One Adam step; returns the loss before the update. */
  step(): number;
  dispose(): void;
}

export function makeProbeModel(shape: ProbeShape = TEST_SHAPE, seed = 7, learningRate = 0.01): ProbeModel {
  const { batch, frames, mels, classes, channels: [c1, c2, c3] } = shape;
  const pooledMels = Math.ceil(mels / 2);
  const init = <R extends tf.Rank>(s: number[], fanIn: number, k: number) =>
    tf.variable(tf.randomNormal(s, 0, Math.sqrt(2 / fanIn), 'float32', seed + k)) as unknown as tf.Variable<R>;
  // In a tidy: tf.variable shares the initial tensor's data, and the initial tensor itself must be freed.
  const w = tf.tidy(() => ({
    k1: init<tf.Rank.R4>([3, 3, 1, c1], 9, 1),
    b1: tf.variable(tf.zeros([c1])),
    k2: init<tf.Rank.R4>([3, 3, c1, c2], 9 * c1, 2),
    b2: tf.variable(tf.zeros([c2])),
    k3: init<tf.Rank.R3>([3, pooledMels * c2, c3], 3 * pooledMels * c2, 3),
    b3: tf.variable(tf.zeros([c3])),
    wd: init<tf.Rank.R2>([c3, classes], c3, 4),
    bd: tf.variable(tf.zeros([classes])),
  }));
  const x = tf.randomNormal([batch, frames, mels, 1], 0, 1, 'float32', seed + 10);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes));
  const optimizer = tf.train.adam(learningRate);
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      let h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w.k1, 1, 'same'), w.b1)) as tf.Tensor4D;
      h = tf.maxPool(h, [2, 2], [2, 2], 'same');
      h = tf.relu(tf.add(tf.conv2d(h, w.k2, 1, 'same'), w.b2)) as tf.Tensor4D;
      const [, t, f, c] = h.shape;
      let s = tf.reshape(h, [batch, t, f * c]) as tf.Tensor3D;
      s = tf.relu(tf.add(tf.conv1d(s, w.k3, 1, 'same'), w.b3)) as tf.Tensor3D;
      const pooled = tf.mean(s, 1) as tf.Tensor2D;
      const logits = tf.add(tf.matMul(pooled, w.wd), w.bd);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    });
  return {
    step() {
      const l = optimizer.minimize(loss, true)!;
      const v = l.dataSync()[0];
      l.dispose();
      return v;
    },
    dispose() {
      for (const v of Object.values(w)) v.dispose();
      x.dispose();
      labels.dispose();
      optimizer.dispose();
    },
  };
}

export interface StepTiming {
  /** Median milliseconds per training step (after one warm-up step). */
  msPerStep: number;
  /** Fastest step: the least disturbed by other load on the machine. */
  minMsPerStep: number;
  /** Utterances per second at that median. */
  utterancesPerSecond: number;
  losses: number[];
}

/** Times `steps` training steps on the current backend. */
export function timeTrainingSteps(shape: ProbeShape = BENCH_SHAPE, steps = 5): StepTiming {
  const model = makeProbeModel(shape);
  try {
    const losses = [model.step()];
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      losses.push(model.step());
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const msPerStep = times[Math.floor(times.length / 2)];
    return { msPerStep, minMsPerStep: times[0], utterancesPerSecond: (shape.batch * 1000) / msPerStep, losses };
  } finally {
    model.dispose();
  }
}

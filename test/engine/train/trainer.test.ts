import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { trainEncoder, type TrainCheckpoint, type TrainedModel, type TrainProgress } from '../../../src/engine/train/trainer';
import { encodeCheckpoint, decodeCheckpoint } from '../../../src/engine/train/checkpointFile';
import { initEncoderWeights, disposeEncoderWeights, assignEncoderWeights } from '../../../src/engine/model/encoderParams';
import { predictUtterances } from '../../../src/engine/model/predict';
import { computeMetrics, argmax } from '../../../src/engine/eval/metrics';
import { CancelledError, SerError } from '../../../src/engine/errors';
import { PAIR_SELECTIONS, FEATURE_SELECTIONS } from '../../../src/engine/train/trainConfig';
import { tinyConfig, toyItems, useBackend } from './trainFixtures';

const CLASSES = ['a', 'b', 'c'];

async function drain(gen: AsyncGenerator<TrainProgress, TrainedModel>, onEvent?: (p: TrainProgress) => void): Promise<{ model: TrainedModel; events: TrainProgress[] }> {
  const events: TrainProgress[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { model: r.value, events };
    events.push(r.value);
    onEvent?.(r.value);
  }
}

function testUA(model: TrainedModel, cfg: ReturnType<typeof tinyConfig>, items = toyItems(60, 3, 99)): number {
  const w = initEncoderWeights(cfg.model, items[0].features.dims, CLASSES.length, 0);
  try {
    assignEncoderWeights(w, model.weights);
    const p = predictUtterances(w, cfg.model, items.map((i) => i.features), { cropFrames: cfg.cropFrames, hopFrames: cfg.testHopFrames });
    return computeMetrics(items.map((i) => i.label), p.map((x) => argmax(x.probs)), CLASSES.length).UA;
  } finally {
    disposeEncoderWeights(w);
  }
}

test('learns a separable toy problem well above chance, without leaking tensors', async () => {
  await useBackend('cpu');
  const cfg = tinyConfig({ epochs: 6 });
  const before = tf.memory().numTensors;
  const { model, events } = await drain(trainEncoder({ classes: CLASSES, train: toyItems(96, 3, 1), validation: toyItems(24, 3, 2) }, cfg));
  assert.equal(tf.memory().numTensors, before, 'every tensor of the run is released');
  const epochs = events.filter((e) => e.kind === 'epoch');
  assert.equal(epochs.length, 6);
  assert.ok(epochs.every((e) => e.validation && Number.isFinite(e.ce) && Number.isFinite(e.contrastive)));
  assert.ok(epochs[5].ce < epochs[0].ce, 'cross-entropy falls');
  const ua = testUA(model, cfg);
  assert.ok(ua > 60, `held-out UA ${ua.toFixed(1)} should be far above chance (33.3)`);
});

test('same seed, same weights and metrics on the cpu backend; another seed differs', async () => {
  await useBackend('cpu');
  const cfg = tinyConfig({ epochs: 2 });
  const data = { classes: CLASSES, train: toyItems(48, 3, 3), validation: toyItems(12, 3, 4) };
  const a = await drain(trainEncoder(data, cfg));
  const b = await drain(trainEncoder(data, cfg));
  const c = await drain(trainEncoder(data, { ...cfg, seed: 2 }));
  assert.deepEqual(a.events.map((e) => [e.ce, e.contrastive, e.validation?.UA]), b.events.map((e) => [e.ce, e.contrastive, e.validation?.UA]));
  assert.deepEqual([...a.model.weights.get('classifier/kernel')!], [...b.model.weights.get('classifier/kernel')!]);
  assert.notDeepEqual([...a.model.weights.get('classifier/kernel')!], [...c.model.weights.get('classifier/kernel')!]);
});

test('every feature-selection x pair-selection variant trains a step, and lambda 0 has no contrastive part', async () => {
  await useBackend('cpu');
  const data = { classes: CLASSES, train: toyItems(16, 3, 5), validation: [] };
  for (const featureSelection of FEATURE_SELECTIONS) {
    for (const pairSelection of PAIR_SELECTIONS) {
      const { events } = await drain(trainEncoder(data, tinyConfig({ epochs: 1, loss: { featureSelection, pairSelection } })));
      const e = events.at(-1)!;
      assert.ok(Number.isFinite(e.ce) && e.contrastive > 0, `${featureSelection}/${pairSelection}: ${e.ce} ${e.contrastive}`);
    }
  }
  const { events } = await drain(trainEncoder(data, tinyConfig({ epochs: 1, loss: { lambda: 0 } })));
  assert.equal(events.at(-1)!.contrastive, 0);
});

test('an AbortSignal stops training within one step and releases its tensors', async () => {
  await useBackend('cpu');
  const before = tf.memory().numTensors;
  const ac = new AbortController();
  let steps = 0;
  const gen = trainEncoder({ classes: CLASSES, train: toyItems(64, 3, 6), validation: [] }, tinyConfig({ epochs: 50 }), { signal: ac.signal, reportEvery: 1 });
  await assert.rejects(
    drain(gen, (p) => {
      if (p.kind === 'step') steps++;
      if (steps === 3) ac.abort();
    }),
    (e) => e instanceof CancelledError,
  );
  assert.equal(steps, 3, 'no step ran after the abort');
  assert.equal(tf.memory().numTensors, before);
});

test('a diverging run stops with a clear error', async () => {
  await useBackend('cpu');
  // Inputs so large that squaring them overflows float32 (as exploding activations do): the pooled statistics
  // become Inf - Inf. (At 1e18 the old written-out layer-norm gradient overflowed first; the closed form does not.)
  const cfg = tinyConfig({ epochs: 5, optimizer: { learningRate: 1, clipNorm: 0, weightDecay: 0 }, loss: { lambda: 100, featureSelection: 'embedding', margin: 100 } });
  const items = toyItems(32, 3, 7).map((it) => ({ ...it, features: { ...it.features, data: it.features.data.map((v) => v * 1e30) } }));
  await assert.rejects(drain(trainEncoder({ classes: CLASSES, train: items, validation: [] }, cfg, { reportEvery: 1 })), (e) => e instanceof SerError && /diverged/.test(e.message));
});

test('checkpoints round-trip, and resuming gives the same result as an uninterrupted run', async () => {
  await useBackend('cpu');
  const cfg = tinyConfig({ epochs: 3 });
  const data = { classes: CLASSES, train: toyItems(32, 3, 8), validation: toyItems(9, 3, 9) };
  const checkpoints: TrainCheckpoint[] = [];
  const full = await drain(trainEncoder(data, cfg, { onCheckpoint: async (c) => void checkpoints.push(c) }));
  assert.equal(checkpoints.length, 3);
  const bytes = encodeCheckpoint(checkpoints[0]);
  const back = decodeCheckpoint(bytes, 'ckpt.bin');
  assert.equal(back.epoch, 1);
  assert.deepEqual([...back.weights.get('tdnn0/kernel')!], [...checkpoints[0].weights.get('tdnn0/kernel')!]);
  const resumed = await drain(trainEncoder(data, cfg, { resume: back }));
  assert.deepEqual(resumed.events.filter((e) => e.kind === 'epoch').map((e) => e.epoch), [2, 3]);
  assert.deepEqual([...resumed.model.weights.get('classifier/kernel')!], [...full.model.weights.get('classifier/kernel')!]);
  const damaged = bytes.slice();
  damaged[damaged.length - 3] ^= 0xff;
  assert.throws(() => decodeCheckpoint(damaged, 'ckpt.bin'), (e) => e instanceof SerError && /ckpt\.bin: checkpoint checksum mismatch/.test(e.message));
  assert.throws(() => decodeCheckpoint(bytes.slice(0, 40), 'ckpt.bin'), (e) => e instanceof SerError && /truncated|payload/.test(e.message));
});

test('early stopping keeps the best validation epoch, never before the minimum of epochs', async () => {
  await useBackend('cpu');
  const { model, events } = await drain(trainEncoder({ classes: CLASSES, train: toyItems(48, 3, 10), validation: toyItems(12, 3, 11) }, tinyConfig({ epochs: 30, patience: 2, minEpochs: 6 })));
  const epochs = events.filter((e) => e.kind === 'epoch');
  const best = Math.max(...epochs.map((e) => e.validation!.UA));
  assert.equal(epochs.find((e) => e.epoch === model.bestEpoch)!.validation!.UA, best);
  assert.ok(model.epochsRun <= 30);
  assert.ok(model.epochsRun >= 6, 'not stopped before minEpochs');
  if (model.stoppedEarly) assert.ok(model.epochsRun - model.bestEpoch >= 2 && (model.epochsRun === 6 || model.epochsRun - model.bestEpoch === 2));
});

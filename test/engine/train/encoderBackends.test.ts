// The product's own encoder and loss (not a probe model) train on every backend the engine may pick: the default
// architecture (stacking, time-delay layers, self-attention, attentive pooling, contrastive term) at a small size,
// every pair/feature selection variant, same seed on each backend, same first loss as the deterministic cpu backend, and the loss falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { ensureBackend } from '../../../src/engine/backend/ensureBackend';
import { findNativePackages } from '../../../src/engine/backend/native/nativeLocations';
import { trainEncoder } from '../../../src/engine/train/trainer';
import { FEATURE_SELECTIONS, PAIR_SELECTIONS } from '../../../src/engine/train/trainConfig';
import { tinyConfig, toyItems } from './trainFixtures';

const cpuLoss: number[] = [];

for (const name of ['cpu', 'wasm', 'node'] as const) {
  test(`the encoder trains on ${name}`, async (t) => {
    if (name === 'node' && findNativePackages('cpu', {}, tf.version_core).found.length === 0) {
      const why = 'no native engine set up here (`npm run setup:native` builds it)';
      t.diagnostic(`skipped: ${why}`);
      t.skip(why);
      return;
    }
    const info = await ensureBackend({ backend: name });
    t.diagnostic(info.summary);
    const before = tf.memory().numTensors;
    const cfg = tinyConfig({ epochs: 4, augment: { speed: 0, noise: 0, timeMasks: 0, freqMasks: 0 }, model: { dropout: 0 } });
    const gen = trainEncoder({ classes: ['a', 'b', 'c'], train: toyItems(48, 3, 21), validation: [] }, cfg, { reportEvery: 1 });
    const losses: number[] = [];
    for (let r = await gen.next(); !r.done; r = await gen.next()) if (r.value.kind === 'step') losses.push(r.value.ce + cfg.loss.lambda * r.value.contrastive);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    assert.ok(losses.every(Number.isFinite));
    const head = (losses[0] + losses[1]) / 2;
    const tail = (losses.at(-1)! + losses.at(-2)!) / 2;
    assert.ok(tail < head, `loss falls on ${name}: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
    // Every pair selection and feature selection also runs a step here: their ops differ per backend.
    for (const pairSelection of PAIR_SELECTIONS) {
      for (const featureSelection of FEATURE_SELECTIONS) {
        const g = trainEncoder({ classes: ['a', 'b', 'c'], train: toyItems(16, 3, 22), validation: [] }, tinyConfig({ epochs: 1, loss: { pairSelection, featureSelection } }));
        let last;
        for (let r = await g.next(); !r.done; r = await g.next()) last = r.value;
        assert.ok(last && Number.isFinite(last.ce) && Number.isFinite(last.contrastive), `${pairSelection}/${featureSelection} on ${name}`);
      }
    }
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks across the variants');
    if (name === 'cpu') cpuLoss.push(losses[0]);
    else if (cpuLoss.length) assert.ok(Math.abs(losses[0] - cpuLoss[0]) < 1e-3 * Math.max(1, cpuLoss[0]), `first step loss ${losses[0]} on ${name} vs ${cpuLoss[0]} on cpu`);
  });
}

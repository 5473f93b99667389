// A training step of a conv2d + conv1d + dense + softmax-CE + Adam model on every backend present: cpu and wasm
// always, tensorflow when a native engine is set up (`npm run setup:native`); skipped with the reason otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../../src/engine/backend/tfjs';
import { ensureBackend } from '../../../src/engine/backend/ensureBackend';
import { findNativePackages } from '../../../src/engine/backend/native/nativeLocations';
import { probeCuda } from '../../../src/engine/backend/native/cudaProbe';
import { makeProbeModel, TEST_SHAPE } from '../../../src/engine/backend/probeModel';
import type { BackendName } from '../../../src/engine/backend/types';

const firstLoss = new Map<BackendName, number>();

function whyAbsent(name: BackendName): string | undefined {
  if (name !== 'node' && name !== 'node-gpu') return undefined;
  const search = findNativePackages(name === 'node' ? 'cpu' : 'gpu', {}, tf.version_core);
  if (search.found.length === 0) {
    return `no native ${name === 'node' ? 'CPU' : 'GPU'} engine set up (looked in ${search.searched.join(', ')}); run \`npm run setup:native\`${name === 'node-gpu' ? ' with --gpu on a CUDA machine' : ''}`;
  }
  if (name === 'node-gpu') {
    const cuda = probeCuda();
    if (!cuda.ok) return `a GPU engine is set up but this machine has no usable CUDA (missing ${cuda.missing.join(', ')})`;
  }
  return undefined;
}

for (const name of ['cpu', 'wasm', 'node', 'node-gpu'] as const) {
  test(`a training step runs on ${name} and a few steps reduce the loss`, async (t) => {
    const absent = whyAbsent(name);
    if (absent) {
      t.diagnostic(`skipped: ${absent}`);
      t.skip(absent);
      return;
    }
    const info = await ensureBackend({ backend: name });
    t.diagnostic(info.summary);
    const tensorsBefore = tf.memory().numTensors;
    const model = makeProbeModel(TEST_SHAPE);
    const losses = Array.from({ length: 6 }, () => model.step());
    model.dispose();
    assert.ok(losses.every(Number.isFinite), `finite losses: ${losses}`);
    assert.ok(losses[5] < losses[0] * 0.9, `loss should fall: ${losses.map((l) => l.toFixed(4)).join(' ')}`);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'the step leaks no tensors');
    firstLoss.set(name, losses[0]);
    // Same seeded weights and data: every backend starts from the same loss.
    const cpu = firstLoss.get('cpu');
    if (cpu !== undefined) assert.ok(Math.abs(losses[0] - cpu) < 1e-4 * Math.max(1, cpu), `first loss ${losses[0]} vs cpu ${cpu}`);
  });
}

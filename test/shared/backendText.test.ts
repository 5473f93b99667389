// The backend not used is said once: the engine's summary line carries its own "[not used: ...]" tail, which the
// dashboard and the status bar drop when they list the skipped backends (with their full reasons) themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBackend } from '../../src/engine/backend/pickBackend';
import { backendDisplay, withoutNotUsed } from '../../src/shared/backendText';

const tried = [
  { name: 'node-gpu' as const, error: 'tfjs-node-gpu is not set up (run ser setup-backend --gpu); see docs/GPU.md' },
  { name: 'node' as const, error: 'not set up' },
];
const line = describeBackend({ name: 'wasm', tfBackendName: 'wasm', device: 'WASM', detail: { tfjsVersion: '4.22.0', backendPackage: '@tensorflow/tfjs-backend-wasm 4.22.0', threads: 1, threadsConfigured: false, simd: true }, tried });

test("the engine's line loses its not-used tail; the skipped backends are listed once, with full reasons", () => {
  assert.match(line, /\[not used: node-gpu: .*; node: not set up\]$/, 'the engine line this relies on');
  assert.equal(withoutNotUsed(line), 'wasm (WASM): 1 thread, SIMD, @tensorflow/tfjs-backend-wasm 4.22.0');
  const d = backendDisplay({ detail: line, tried });
  const shown = `${d.detail} (not used: ${d.notUsed?.names})`;
  assert.equal(shown.match(/not used/g)?.length, 1, shown);
  assert.equal(d.notUsed?.names, 'node-gpu, node');
  assert.equal(d.notUsed?.reasons, `node-gpu: ${tried[0].error}\nnode: not set up`);
});

test('a line without skipped backends is shown as it is', () => {
  assert.deepEqual(backendDisplay({ detail: 'tensorflow (CPU native): TensorFlow 2.21.0, 8 threads' }), { detail: 'tensorflow (CPU native): TensorFlow 2.21.0, 8 threads' });
  assert.equal(withoutNotUsed('cpu (CPU): 1 thread, tfjs 4.22.0'), 'cpu (CPU): 1 thread, tfjs 4.22.0');
});

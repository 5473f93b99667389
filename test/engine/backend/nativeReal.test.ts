// The real native engine (made by `npm run setup:native`), when present; skipped with the reason otherwise. The same
// from the production bundle is in nativeBundle.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '../../../src/engine/backend/tfjs';
import { ensureBackend } from '../../../src/engine/backend/ensureBackend';
import { findRepoRoot } from '../../../src/engine/backend/native/nativeLocations';
import { realNativeEngineOrSkip } from '../../fixtures/realNativeEngine';
import { parseVerifyOutput, verifierArgs } from '../../../src/engine/backend/setup/verifyEngine';

const repo = findRepoRoot(__dirname)!;

test('the real native engine loads into the engine tfjs-core and reports TensorFlow 2.21', async (t) => {
  const real = realNativeEngineOrSkip(t, {}, tf.version_core);
  if (!real) return;
  const info = await ensureBackend({ backend: 'node' });
  t.diagnostic(info.summary);
  assert.equal(info.tfBackendName, 'tensorflow');
  assert.equal(info.device, 'CPU native');
  assert.equal(info.detail.tensorflowVersion, real.manifest!.tensorflowVersion);
  assert.match(info.detail.tensorflowVersion!, /^2\.21\./);
  assert.equal(tf.getBackend(), 'tensorflow');
  // No tfjs module from the engine folder's own node_modules was loaded: everything came from the engine's copies.
  const foreign = Object.keys(require.cache).filter((f) => f.startsWith(real.root) && /@tensorflow[/\\]tfjs(-core|-layers|-backend-cpu|-converter|-data)?[/\\]/.test(f));
  assert.deepEqual(foreign, []);
  const tensorflowVersion = (tf.backend() as unknown as { binding: { TF_Version: string } }).binding.TF_Version;
  assert.equal(tensorflowVersion, info.detail.tensorflowVersion);
});

test('the native setup verifier, run as the setup runs it from the sources (tsx), verifies the real engine', (t) => {
  const real = realNativeEngineOrSkip(t, {}, tf.version_core);
  if (!real) return;
  const args = verifierArgs();
  assert.equal(args[args.length - 1], join(repo, 'src/engine/backend/setup/verifyNative.ts'));
  const r = spawnSync(process.execPath, [...args, real.packageDir, real.root], { encoding: 'utf8' });
  const result = parseVerifyOutput(r.stdout);
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  assert.equal(result?.ok, true);
  assert.equal(result?.backend, 'tensorflow');
  assert.equal(result?.sharedCore, true, `loaded from the engine folder: ${result?.foreign}`);
  assert.match(result?.tensorflowVersion ?? '', /^2\.21\./);
  assert.ok(result!.losses!.at(-1)! < result!.losses![0]);
});

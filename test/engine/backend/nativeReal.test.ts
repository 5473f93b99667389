// The real native engine (made by `npm run setup:native`), when present; skipped with the reason otherwise. And the
// picker from an esbuild bundle like dist/*.js (tfjs external), which is how the CLI and the worker run it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import * as tf from '../../../src/engine/backend/tfjs';
import { ensureBackend } from '../../../src/engine/backend/ensureBackend';
import { findNativePackages, findRepoRoot } from '../../../src/engine/backend/native/nativeLocations';
import { makeFakeEngine, removeTempDirs, tempDir } from './fakeNative';

after(() => removeTempDirs());

const repo = findRepoRoot(__dirname)!;

test('the real native engine loads into the engine tfjs-core and reports TensorFlow 2.21', async (t) => {
  const search = findNativePackages('cpu', {}, tf.version_core);
  const real = search.found.find((f) => f.manifest);
  if (!real) {
    const why = `no native engine set up (looked in ${search.searched.join(', ')}); run \`npm run setup:native\``;
    t.diagnostic(`skipped: ${why}`);
    t.skip(why);
    return;
  }
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

test('from an esbuild bundle with @tensorflow/* external (as dist/ is built), a native folder still shares tfjs-core', async () => {
  // Inside node_modules so the bundle resolves the project's packages exactly as dist/cli.js does.
  const out = join(repo, 'node_modules', '.cache', 'ser-backend-test', String(process.pid));
  mkdirSync(out, { recursive: true });
  const entry = join(out, 'entry.ts');
  writeFileSync(
    entry,
    `import { ensureBackend } from ${JSON.stringify(join(repo, 'src/engine/backend/ensureBackend'))};
import * as tf from ${JSON.stringify(join(repo, 'src/engine/backend/tfjs'))};
ensureBackend({ repoRoot: null, searchNodeModules: false }).then((info) => {
  const v = tf.tidy(() => Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()));
  process.stdout.write(JSON.stringify({ name: info.name, backend: tf.getBackend(), v, tfv: info.detail.tensorflowVersion }) + '\\n');
}, (err) => { process.stdout.write(JSON.stringify({ error: String(err) }) + '\\n'); });
`,
  );
  await esbuild.build({
    entryPoints: [entry],
    outfile: join(out, 'bundle.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'],
  });
  const base = tempDir();
  makeFakeEngine(base, { tfVersion: '2.21.0-from-bundle' });
  const r = spawnSync(process.execPath, [join(out, 'bundle.js')], {
    encoding: 'utf8',
    env: { ...process.env, SER_NATIVE_DIR: base, SER_BACKEND: 'node', XDG_CACHE_HOME: join(base, 'cache') },
  });
  rmSync(out, { recursive: true, force: true });
  const line = r.stdout.trim().split('\n').pop()!;
  assert.deepEqual(JSON.parse(line), { name: 'node', backend: 'tensorflow', v: [2, 3], tfv: '2.21.0-from-bundle' }, r.stderr);
});

/**
 * The script the setup runs in a child Node process to verify a fresh build before swapping it in: load the package
 * into the engine's own tfjs-core (the same redirection as native/tfjsSharing.ts), select 'tensorflow', train a few
 * Adam steps of a small conv1d/conv2d model, and print one JSON line.
 *
 * Why a child process: a binding built against the wrong libraries can abort the process (not just throw), and the
 * process that runs the setup (the extension's worker, the CLI) must neither die nor keep a half-verified
 * libtensorflow loaded. Why generated plain JS: it must run the same from dist/ bundles and from TypeScript sources.
 *
 * argv: packageDir, root (folder whose tfjs requests are redirected), engineAnchor (a file inside the engine, from
 * which the engine's packages resolve).
 */
export const VERIFY_SCRIPT = String.raw`'use strict';
const Module = require('module');
const fs = require('fs');
const path = require('path');
const [packageDir, rootArg, engineAnchor] = process.argv.slice(2);
const root = fs.realpathSync(rootArg);
const engineRequire = Module.createRequire(engineAnchor);
const SHARED = /^@tensorflow\/tfjs(?:-core|-backend-cpu|-backend-wasm|-backend-webgl|-layers|-converter|-data)?(?:\/.*)?$/;
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  if (SHARED.test(request) && parent && parent.filename && parent.filename.startsWith(root + path.sep)) {
    try { return engineRequire.resolve(request); } catch (e) { /* fall through to the folder's copy */ }
  }
  return original.call(this, request, parent, isMain, options);
};
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '1';
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
(async () => {
  const started = Date.now();
  const tf = engineRequire('@tensorflow/tfjs-core');
  require(packageDir);
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed");
  const backend = tf.backend();
  const foreign = Object.keys(require.cache).filter((f) => f.startsWith(root + path.sep) && /node_modules[\/\\]@tensorflow[\/\\]tfjs(-core|-layers|-backend-cpu)?[\/\\]/.test(f));
  const w = tf.tidy(() => ({
    k1: tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.5, 'float32', 1)),
    k2: tf.variable(tf.randomNormal([3, 16, 8], 0, 0.2, 'float32', 2)),
    wd: tf.variable(tf.randomNormal([8, 3], 0, 0.3, 'float32', 3)),
  }));
  const x = tf.randomNormal([6, 10, 4, 1], 0, 1, 'float32', 4);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3));
  const opt = tf.train.adam(0.05);
  const losses = [];
  for (let i = 0; i < 4; i++) {
    const l = opt.minimize(() => tf.tidy(() => {
      const h = tf.relu(tf.conv2d(x, w.k1, 1, 'same'));
      const s = tf.relu(tf.conv1d(tf.reshape(h, [6, 10, 16]), w.k2, 1, 'same'));
      return tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.mean(s, 1), w.wd));
    }), true);
    losses.push(l.dataSync()[0]);
    l.dispose();
  }
  out({
    ok: true,
    backend: tf.getBackend(),
    tensorflowVersion: backend.binding && backend.binding.TF_Version,
    gpuDevice: backend.isUsingGpuDevice === true,
    sharedCore: foreign.length === 0,
    foreign,
    losses,
    milliseconds: Date.now() - started,
  });
})().catch((err) => {
  out({ ok: false, error: String(err && err.stack || err) });
  process.exitCode = 1;
});
`;

export interface VerifyResult {
  ok: boolean;
  backend?: string;
  tensorflowVersion?: string;
  gpuDevice?: boolean;
  sharedCore?: boolean;
  foreign?: string[];
  losses?: number[];
  milliseconds?: number;
  error?: string;
}

/** The last JSON line of the child's stdout (TensorFlow may print before it). */
export function parseVerifyOutput(stdout: string): VerifyResult | undefined {
  const lines = stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]) as VerifyResult;
    } catch {
      // Not our line: keep looking.
    }
  }
  return undefined;
}

/**
 * Verifying a fresh native build before the setup swaps it in: load the package into the engine's own tfjs-core
 * (through native/tfjsSharing.ts, exactly as the backend picker does), select 'tensorflow', train a few Adam steps
 * of a small conv1d/conv2d model, and report.
 *
 * It runs in a child Node process (verifyNative.ts): a binding built against the wrong libraries can abort the
 * process (not just throw), and the process that runs the setup (the extension's worker, the CLI) must neither die
 * nor keep a half-verified libtensorflow loaded. The child is the engine's own bundle dist/verifyNative.js, or its
 * TypeScript source under tsx in a checkout, so it verifies against the TensorFlow.js the engine runs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '../tfjs';
import { restoreLegacyUtil } from '../native/legacyNodeUtil';
import { quietTensorFlowLogs } from '../native/nativeThreads';
import { shareTfjsWith } from '../native/tfjsSharing';

export interface VerifyResult {
  ok: boolean;
  backend?: string;
  tensorflowVersion?: string;
  gpuDevice?: boolean;
  /** True when no tfjs module of the engine folder's own node_modules was loaded. */
  sharedCore?: boolean;
  foreign?: string[];
  losses?: number[];
  milliseconds?: number;
  error?: string;
}

/** The live tfjs-node backend's fields we report (not part of tfjs' public typings). */
interface NodeBackendFields {
  binding?: { TF_Version?: string };
  isUsingGpuDevice?: boolean;
}

/** Loads `packageDir` into the engine's tfjs-core, sharing tfjs with `root`, and trains four steps on it. */
export async function verifyEngine(packageDir: string, root: string): Promise<VerifyResult> {
  const started = Date.now();
  const realRoot = realpathSync(root);
  quietTensorFlowLogs();
  shareTfjsWith(realRoot);
  restoreLegacyUtil();
  createRequire(__filename)(packageDir);
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed");
  const backend = tf.backend() as unknown as NodeBackendFields;
  const foreign = Object.keys(require.cache).filter((f) => f.startsWith(realRoot + sep) && /node_modules[/\\]@tensorflow[/\\]tfjs(-core|-layers|-backend-cpu)?[/\\]/.test(f));
  const w = tf.tidy(() => ({
    k1: tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.5, 'float32', 1)),
    k2: tf.variable(tf.randomNormal([3, 16, 8], 0, 0.2, 'float32', 2)),
    wd: tf.variable(tf.randomNormal([8, 3], 0, 0.3, 'float32', 3)),
  }));
  const x = tf.randomNormal<tf.Rank.R4>([6, 10, 4, 1], 0, 1, 'float32', 4);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3));
  const opt = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const l = opt.minimize(
      () =>
        tf.tidy(() => {
          const h = tf.relu(tf.conv2d(x, w.k1 as tf.Tensor4D, 1, 'same'));
          const s = tf.relu(tf.conv1d(tf.reshape(h, [6, 10, 16]) as tf.Tensor3D, w.k2 as tf.Tensor3D, 1, 'same'));
          return tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.mean(s, 1), w.wd)) as tf.Scalar;
        }),
      true,
    )!;
    losses.push(l.dataSync()[0]);
    l.dispose();
  }
  return {
    ok: true,
    backend: tf.getBackend(),
    ...(backend.binding?.TF_Version ? { tensorflowVersion: backend.binding.TF_Version } : {}),
    gpuDevice: backend.isUsingGpuDevice === true,
    sharedCore: foreign.length === 0,
    foreign,
    losses,
    milliseconds: Date.now() - started,
  };
}

/**
 * Node arguments that start the verifier (before its own: packageDir, root): the bundle beside this code
 * (dist/verifyNative.js), else its TypeScript source under tsx (a checkout: tests, `npm run setup:native`).
 */
export function verifierArgs(): string[] {
  const bundled = join(__dirname, 'verifyNative.js');
  if (existsSync(bundled)) return [bundled];
  return ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href, join(__dirname, 'verifyNative.ts')];
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

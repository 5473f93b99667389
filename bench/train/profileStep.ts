/**
 * Where a training step's time goes, kernel by kernel (tf.profile), on one backend:
 *   node --import tsx bench/train/profileStep.ts <backend> [threads] [steps]
 * Prints kernels per step and the kernels that take the most time, to decide which part of the model to rewrite.
 */
import * as tf from '../../src/engine/backend/tfjs';
import { ensureBackend } from '../../src/engine/backend/ensureBackend';
import type { BackendChoice } from '../../src/engine/backend/types';
import { trainEncoder } from '../../src/engine/train/trainer';
import { CLASSES, randomItems } from './randomItems';
import { resolveTrainConfig } from '../../src/engine/train/trainConfig';

type Kernel = Awaited<ReturnType<typeof tf.profile>>['kernels'][number];

/** Calls and kernel time per key. */
function tally(kernels: Kernel[], keyOf: (k: Kernel) => string): Map<string, { n: number; ms: number }> {
  const out = new Map<string, { n: number; ms: number }>();
  for (const k of kernels) {
    const e = out.get(keyOf(k)) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    out.set(keyOf(k), e);
  }
  return out;
}

async function main(): Promise<void> {
  const [backend = 'node', threadsText = '1', stepsText = '20'] = process.argv.slice(2);
  const steps = Number(stepsText);
  await ensureBackend({ backend: backend as BackendChoice, threads: Number(threadsText) });
  const config = resolveTrainConfig({ epochs: 1, patience: 0 });
  const B = config.batchSize;
  const items = randomItems(steps * B);
  // A short run first, so one-time work (kernel set-up, weight creation) stays out of the profile.
  const warm = trainEncoder({ classes: CLASSES, train: items.slice(0, 2 * B), validation: [] }, config, { reportEvery: 1_000_000 });
  while (!(await warm.next()).done);
  const gen = trainEncoder({ classes: CLASSES, train: items, validation: [] }, config, { reportEvery: 1_000_000 });
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    while (!(await gen.next()).done);
  });
  const ms = performance.now() - t0;
  const byName = tally(info.kernels, (k) => k.name);
  const total = [...byName.values()].reduce((a, b) => a + b.ms, 0);
  const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms);
  process.stdout.write(`${steps} steps in ${ms.toFixed(0)} ms (profiled); ${(info.kernels.length / steps).toFixed(0)} kernels per step; kernel time ${(total / steps).toFixed(1)} ms per step\n`);
  for (const [name, e] of rows.slice(0, 30)) process.stdout.write(`${name.padEnd(28)} ${(e.n / steps).toFixed(1).padStart(7)}/step ${(e.ms / steps).toFixed(2).padStart(8)} ms/step ${((100 * e.ms) / total).toFixed(1).padStart(5)}%\n`);
  if (process.env.SER_PROFILE_SHAPES) {
    // The same, split by input shapes: which calls of a kernel are the expensive ones.
    const byShape = tally(info.kernels, (k) => `${k.name} ${JSON.stringify(k.inputShapes)}`);
    for (const [key, e] of [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) process.stdout.write(`${(e.ms / steps).toFixed(2).padStart(7)} ms ${(e.n / steps).toFixed(1).padStart(5)}x  ${key}\n`);
  }
}

void main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

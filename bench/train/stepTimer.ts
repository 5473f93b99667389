/**
 * Child process of bench/train: times the default training loop (the engine's own trainEncoder: crops, augmentation,
 * forward, losses, backward, AdamW) on one backend and prints one JSON line. Run in its own process because the
 * backend and its thread count are chosen once per process.
 *   node --import tsx bench/train/stepTimer.ts <backend> <threads> <steps>
 */
import { ensureBackend } from '../../src/engine/backend/ensureBackend';
import type { BackendChoice } from '../../src/engine/backend/types';
import { Prng } from '../../src/engine/demo/prng';
import { trainEncoder } from '../../src/engine/train/trainer';
import { CLASSES, randomItems } from './randomItems';
import { resolveTrainConfig } from '../../src/engine/train/trainConfig';

async function main(): Promise<void> {
  const [backend, threadsText, stepsText] = process.argv.slice(2);
  const threads = Number(threadsText);
  const steps = Number(stepsText);
  const info = await ensureBackend({ backend: backend as BackendChoice, threads });
  const config = resolveTrainConfig({ epochs: 1, patience: 0 });
  const B = config.batchSize;
  const rng = new Prng(1);
  const run = async (n: number) => {
    const gen = trainEncoder({ classes: CLASSES, train: randomItems(n * B, rng), validation: [] }, config, { reportEvery: 1_000_000 });
    const t0 = performance.now();
    while (!(await gen.next()).done);
    return performance.now() - t0;
  };
  await run(Math.min(2, steps));
  const ms = await run(steps);
  process.stdout.write(`${JSON.stringify({ backend: info.name, device: info.device, summary: info.summary, threads, steps, uttPerSecond: (steps * B * 1000) / ms, config })}\n`);
}

void main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

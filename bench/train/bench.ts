/**
 * bench/train: training speed of the default model, utterances per second (batch 32, 300-frame crops of 64 log-mel
 * bands, CE + 0.1 x contrastive, AdamW), on every backend present, against the same architecture in PyTorch CPU
 * (Debian's python3-torch) with the same thread count, measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { join } from 'node:path';
import { pythonWith, runPython, REPO_ROOT } from '../peers';
import { backendCandidates } from '../../src/engine/backend/ensureBackend';

interface Ours {
  backend: string;
  device: string;
  summary: string;
  threads: number;
  uttPerSecond: number;
  config: unknown;
}

function ours(backend: string, threads: number, steps: number): Ours | string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'train', 'stepTimer.ts'), backend, String(threads), String(steps)], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 30 * 60_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Ours;
}

function main(): void {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const present = new Set(backendCandidates().filter((c) => !c.from.startsWith('not ')).map((c) => c.name));
  const plan: { backend: string; threads: number; steps: number }[] = [];
  if (present.has('node')) for (const t of [1, cores]) plan.push({ backend: 'node', threads: t, steps: 30 });
  else console.log('tfjs-node (native CPU): not set up here; `npm run setup:native` builds it (skipped)');
  plan.push({ backend: 'wasm', threads: 1, steps: 12 });
  plan.push({ backend: 'cpu', threads: 1, steps: 2 });
  const py = pythonWith(['torch']);
  if ('skip' in py) console.log(`PyTorch: ${py.skip}`);
  const torchCache = new Map<number, number>();
  console.log(`${'engine'.padEnd(34)}${'threads'.padStart(8)}${'utt/s'.padStart(10)}${'PyTorch utt/s'.padStart(15)}${'ratio'.padStart(8)}`);
  for (const p of plan) {
    const r = ours(p.backend, p.threads, p.steps);
    if (typeof r === 'string') {
      console.log(`${p.backend.padEnd(34)}${String(p.threads).padStart(8)}  ${r}`);
      continue;
    }
    let torch: number | undefined;
    if ('python' in py) {
      if (!torchCache.has(p.threads)) {
        const t = runPython<{ uttPerSecond: number }>(py.python, TORCH_SCRIPT, { config: r.config, dims: 64, classes: 4, batch: 32, steps: 20, warmup: 3, threads: p.threads });
        torchCache.set(p.threads, t.uttPerSecond);
      }
      torch = torchCache.get(p.threads);
    }
    const name = `${r.backend} (${r.device})`;
    console.log(`${name.padEnd(34)}${String(p.threads).padStart(8)}${r.uttPerSecond.toFixed(1).padStart(10)}${(torch ? torch.toFixed(1) : '-').padStart(15)}${(torch ? `${(r.uttPerSecond / torch).toFixed(2)}x` : '-').padStart(8)}`);
  }
}

const TORCH_SCRIPT = `exec(open(${JSON.stringify(join(REPO_ROOT, 'bench', 'train', 'torch_encoder.py'))}).read())`;

main();

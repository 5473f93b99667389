/**
 * What bench/quality and bench/noise both do with the synthetic EmoDB stand-in: evaluate it leave-one-speaker-out
 * with the built CLI (`ser eval ... --json`), and hand its wav files to the MFCC-statistics + RBF-SVM peer
 * (quality/svm_baseline.py), which reads labels and speakers from the EmoDB file names itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runPython } from './peers';

/** EmoDB's emotion letters (German initials) to the engine's labels. */
const LETTER: Record<string, string> = { W: 'ang', L: 'bor', E: 'dis', A: 'fea', F: 'hap', T: 'sad', N: 'neu' };

/**
 * `ser eval <dir> --protocol loso-speaker --out <runDir> --json` with dist/cli.js: the summary it prints last and the
 * wall-clock seconds, or undefined after printing why it failed (and setting a failing exit code).
 */
export function serEvalLoso<T>(dir: string, runDir: string, extraArgs: string[] = []): { summary: T; seconds: number } | undefined {
  const args = [join(REPO_ROOT, 'dist', 'cli.js'), 'eval', dir, '--protocol', 'loso-speaker', '--out', runDir, '--json', ...extraArgs];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) {
    console.log(`ser eval failed (${r.status}): ${r.stderr.slice(-1500)}`);
    process.exitCode = 1;
    return undefined;
  }
  return { summary: JSON.parse(r.stdout.trim().split('\n').pop()!) as T, seconds };
}

/** The peer's input: every wav of `<dir>/wav` (AppleDouble `._*` files left out), in name order. */
export function emodbSvmItems(dir: string): { path: string; label: string; speaker: string }[] {
  const wavDir = join(dir, 'wav');
  return readdirSync(wavDir).filter((f) => f.endsWith('.wav') && !f.startsWith('._')).sort()
    .map((f) => ({ path: join(wavDir, f), label: LETTER[f[5]], speaker: f.slice(0, 2) }));
}

/** Runs quality/svm_baseline.py with `input` (items, options) in `python`; its JSON answer. */
export function runSvmBaseline<T>(python: string, input: Record<string, unknown>): T {
  return runPython<T>(python, `exec(open(${JSON.stringify(join(REPO_ROOT, 'bench', 'quality', 'svm_baseline.py'))}).read())`, input);
}

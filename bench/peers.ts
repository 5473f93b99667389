/**
 * Where benchmarks find their Python peers: the venv made by `npm run bench:setup` (.venv-bench), else python3 on
 * PATH. `pythonWith(modules)` answers which interpreter can import all of them, or why none can, so a part can
 * print "skipped: ..." and go on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = process.env.SER_REPO_ROOT ?? join(__dirname, '..');

function candidates(): string[] {
  const venv = join(REPO_ROOT, '.venv-bench', 'bin', 'python');
  return [...(existsSync(venv) ? [venv] : []), 'python3'];
}

export function pythonWith(modules: string[]): { python: string } | { skip: string } {
  const probe = modules.map((m) => `import ${m}`).join('; ');
  for (const py of candidates()) {
    const r = spawnSync(py, ['-c', probe], { encoding: 'utf8' });
    if (r.status === 0) return { python: py };
  }
  return { skip: `peer skipped: no Python with ${modules.join(', ')} (run \`npm run bench:setup\` once to install it)` };
}

/** Runs a Python script with JSON in on stdin and JSON out on stdout. */
export function runPython<T>(python: string, script: string, input: unknown, timeoutMs = 30 * 60_000): T {
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`python peer failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}

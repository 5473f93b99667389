#!/usr/bin/env node
// `npm run bench`: runs every benchmark part (bench/<part>/bench.ts, found by glob) in turn. Each part measures
// SER Studio and its peer (librosa, PyTorch, faiss, scikit-learn: from the venv made by `npm run bench:setup`)
// in the same run and prints the ratio; a missing peer is skipped with a message, never a failure.
// Usage: node bench/run.mjs [part ...]     e.g. node bench/run.mjs features knn
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const wanted = process.argv.slice(2);
const parts = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, 'bench', e.name, 'bench.ts')))
  .map((e) => e.name)
  .filter((p) => wanted.length === 0 || wanted.includes(p))
  .sort();
if (parts.length === 0) {
  console.error(`no benchmark part matched ${wanted.join(' ') || '(all)'}`);
  process.exit(1);
}
let failed = 0;
for (const part of parts) {
  console.log(`\n=== bench/${part} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', part, 'bench.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SER_REPO_ROOT: root },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${part} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with node's test runner (TypeScript through tsx).
// Files are found by glob, never by a hand-kept list, so a new test cannot be silently skipped.
// Usage: node test/run.mjs [substring-filter ...]
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const filters = process.argv.slice(2);
const files = [];
for (const dir of ['test', 'src']) {
  for (const f of readdirSync(join(root, dir), { recursive: true })) {
    const rel = join(dir, String(f));
    if (!rel.endsWith('.test.ts') || rel.includes('node_modules')) continue;
    if (filters.length && !filters.some((s) => rel.includes(s))) continue;
    files.push(rel);
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}
const reporter = process.env.CI ? 'spec' : 'spec';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SER_REPO_ROOT: root } },
);
console.log(`ran ${files.length} test files: ${files.map((f) => relative('.', f)).join(' ')}`);
process.exit(r.status ?? 1);

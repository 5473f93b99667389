#!/usr/bin/env node
// npm run setup:native: builds the repository's own native TensorFlow engine into .ser-native/ (ignored by git),
// where the engine's backend picker finds it when it runs from this checkout, so tests and CI train on the native
// backend. Same engine code as `ser setup-backend`, run from the TypeScript sources (no build needed first).
// Extra arguments are passed on (e.g. `npm run setup:native -- --force`, `-- --wheel /path/tensorflow_cpu-...whl`).
// A second run is instant. Exit status: 0 set up (or already), 1 failed (the previous engine stays), 2 usage.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const hasDir = args.includes('--dir');
// tsx loads the TypeScript command module; run it in a child so that its loader applies from the start.
const entry = `
  const { setupBackendCommand } = require(${JSON.stringify(join(root, 'src/cli/setupBackendCommand.ts'))});
  const { NodeFileSystem } = require(${JSON.stringify(join(root, 'src/engine/io/nodeFileSystem.ts'))});
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  setupBackendCommand({
    fs: new NodeFileSystem(), stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(),
    signal: controller.signal, distDir: ${JSON.stringify(join(root, 'dist'))},
  }, ${JSON.stringify([...(hasDir ? [] : ['--dir', join(root, '.ser-native')]), ...args])})
    .then((code) => { process.exitCode = code; })
    .catch((err) => { process.stderr.write('setup:native: ' + (err && err.stack || err) + '\\n'); process.exitCode = 1; });
`;
const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', entry], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

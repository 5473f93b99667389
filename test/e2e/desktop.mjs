#!/usr/bin/env node
// The Mocha suite against the `vscode` API (test/e2e/suite) in desktop VS Code, through @vscode/test-electron:
// SER Studio loads from this checkout as a development extension (extensionDevelopmentPath), the suite runs as its
// extensionTestsPath, on a fresh demo corpus opened as the workspace. The same suite runs in code-server through
// `npm run test:e2e` where Microsoft's download service is out of reach.
//
//   node test/e2e/desktop.mjs [--no-build] [--code PATH]
//   --code PATH (or $SER_VSCODE_EXECUTABLE): an installed VS Code to use instead of downloading one.
//   env: SER_VSCODE_VERSION (default "stable"); SER_E2E_CACHE (default <repo>/.vscode-test) keeps the download.
//   Linux without a display: run under xvfb-run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { cacheDir } from '../extension/integration/codeServer.mjs';
import { buildSuite } from './apiSuite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const results = join(repo, 'test-results', 'e2e-desktop');
const { values: opts } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, code: { type: 'string' } } });

function log(message) {
  process.stderr.write(`[desktop] ${message}\n`);
}

async function main() {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  if (!opts['no-build']) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('the build (node esbuild.mjs) failed');
  }
  const suite = await buildSuite(repo);
  log(`suite: ${suite.files.join(', ')}`);
  const work = mkdtempSync(join(tmpdir(), 'ser-desktop-'));
  const c = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'test', 'extension', 'integration', 'makeCorpus.ts'), join(work, 'demo'), '--per-session', '24', '--no-run'], { cwd: repo, encoding: 'utf8' });
  if (c.status !== 0) throw new Error(`writing the demo corpus failed:\n${c.stderr}`);
  const resultsFile = join(results, 'mocha-results.json');
  const executable = opts.code ?? process.env.SER_VSCODE_EXECUTABLE;
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: suite.index,
      launchArgs: [join(work, 'demo'), '--disable-extensions'],
      extensionTestsEnv: { SER_E2E_RESULTS: resultsFile },
      cachePath: join(cacheDir(repo), 'vscode-desktop'),
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.SER_VSCODE_VERSION ?? 'stable' }),
    });
  } catch (err) {
    if (err instanceof TestRunFailedError || existsSync(resultsFile)) {
      const r = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
      for (const t of r?.tests.filter((x) => x.state === 'failed') ?? []) process.stderr.write(`FAIL ${t.title}\n  ${t.error.split('\n').join('\n  ')}\n`);
      throw new Error(`the suite failed in desktop VS Code${r ? ` (${r.failures} failing, ${r.passes} passing)` : ''}; results in ${resultsFile}`);
    }
    throw new Error(
      `could not start desktop VS Code: ${err.message}\n` +
        '  npm run test:desktop downloads VS Code from update.code.visualstudio.com on first use (then it is kept in\n' +
        `  ${join(cacheDir(repo), 'vscode-desktop')}). Without internet, pass an installed VS Code (--code PATH or\n` +
        '  SER_VSCODE_EXECUTABLE), or run the same suite in code-server: npm run test:e2e.',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  log(`${r.passes} passing, ${r.failures} failing, ${r.pending} pending; results in ${resultsFile}`);
}

main().catch((err) => {
  process.stderr.write(`test:desktop: ${err.message}\n`);
  process.exit(1);
});

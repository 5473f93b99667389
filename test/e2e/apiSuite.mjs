// The Mocha suite against the `vscode` API (suite/*.suite.ts), built with esbuild into out/e2e-suite/ (index.js
// with Mocha inside, one bundle per suite file), and run inside code-server's extension host by the test-runner
// extension (runner/, packaged with the built suite inside): the harness chooses "SER Tests: Run the Integration
// Suite" in the palette and follows the results file the suite writes after every test.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { packageFolder } from '../extension/integration/codeServer.mjs';
import { waitFor } from '../extension/integration/workbench.mjs';

const MINUTE = 60_000;

/** Bundles suite/index.ts and every suite/*.suite.ts (found by glob) into <repo>/out/e2e-suite. */
export async function buildSuite(repo) {
  const src = join(repo, 'test', 'e2e', 'suite');
  const out = join(repo, 'out', 'e2e-suite');
  rmSync(out, { recursive: true, force: true });
  const files = readdirSync(src).filter((f) => f.endsWith('.suite.ts')).sort();
  if (files.length === 0) throw new Error(`no *.suite.ts in ${src}`);
  await build({
    entryPoints: [join(src, 'index.ts'), ...files.map((f) => join(src, f))],
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // Mocha's parallel mode (unused here) resolves its worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return { dir: out, index: join(out, 'index.js'), files: files.map((f) => f.replace(/\.ts$/, '.js')) };
}

/**
 * The test-runner extension (runner/) as a VSIX with the built suite inside (suite/): code in an extension's own
 * folder gets that extension's `vscode` API, code elsewhere only a fallback and a warning in the host's log.
 */
export function packageRunner(repo, outFile, suiteDir) {
  const stage = mkdtempSync(join(tmpdir(), 'ser-e2e-runner-'));
  try {
    cpSync(join(repo, 'test', 'e2e', 'runner'), stage, { recursive: true });
    cpSync(suiteDir, join(stage, 'suite'), { recursive: true });
    return packageFolder(stage, outFile, repo);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not written yet, or being written
  }
}

/**
 * Starts the suite from the palette and waits for its results; fails with the failing tests and their errors.
 * The extension host's log holds Mocha's own (spec) report.
 */
export async function runApiSuite({ wb, steps, resultsFile }) {
  rmSync(resultsFile, { force: true });
  await steps.run('the extension host has started SER Studio on the workspace', async () => {
    await wb.showContainer('SER Studio');
    await waitFor('the dataset in the tree', async () => (await wb.treeRows('Datasets')).some((r) => r.includes('IEMOCAP_full_release')), { timeout: 2 * MINUTE });
  });
  let results;
  await steps.run('Mocha suite in the extension host (SER Tests: Run the Integration Suite)', async () => {
    await wb.runCommand('SER Tests: Run the Integration Suite');
    let seen = 0;
    results = await waitFor(
      'the suite to finish',
      () => {
        const r = existsSync(resultsFile) ? readResults(resultsFile) : undefined;
        if (r && r.tests.length > seen) {
          for (const t of r.tests.slice(seen)) process.stderr.write(`[mocha] ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title}${t.ms !== undefined ? ` (${(t.ms / 1000).toFixed(1)} s)` : ''}\n`);
          seen = r.tests.length;
        }
        return r?.done && r;
      },
      { timeout: 60 * MINUTE, interval: 1000 },
    );
    await wb.screenshot('api-suite-done');
    if (results.error) throw new Error(`the suite did not run: ${results.error}`);
    if (results.failures > 0) {
      const failed = results.tests.filter((t) => t.state === 'failed').map((t) => `  ${t.title}\n    ${t.error.split('\n').join('\n    ')}`);
      throw new Error(`${results.failures} Mocha test(s) failed:\n${failed.join('\n')}`);
    }
    return { passes: results.passes, pending: results.pending };
  });
  return { passes: results.passes, failures: results.failures, pending: results.pending, tests: results.tests };
}

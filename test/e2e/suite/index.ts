/**
 * Entry of the Mocha integration suite against the real `vscode` API. @vscode/test-electron calls run() as its
 * extensionTestsPath on a desktop (npm run test:desktop); in code-server the e2e test-runner extension calls it
 * (npm run test:e2e). Runs every *.suite.js bundled beside this file (found by glob, in name order) and writes the
 * results as JSON to `resultsFile` (or $SER_E2E_RESULTS) after each test, so a hang still shows how far it got.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the results file holds. */
export interface SuiteResults {
  done: boolean;
  passes: number;
  failures: number;
  pending: number;
  /** The test running now (while not done). */
  current?: string;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; ms?: number; error?: string }[];
}

/**
 * VS Code calls run(extensionTestsPath, callback) and takes the returned promise (the callback is the old API);
 * the code-server runner calls run({ resultsFile }).
 */
export function run(options?: string | { resultsFile?: string }): Promise<void> {
  const resultsFile = (typeof options === 'object' ? options.resultsFile : undefined) ?? process.env.SER_E2E_RESULTS;
  // Long steps (training) set their own timeouts; nothing here asserts on time.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.suite.js')).sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  const results: SuiteResults = { done: false, passes: 0, failures: 0, pending: 0, tests: [] };
  const save = () => {
    if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  };
  save();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.done = true;
      delete results.current;
      save();
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('test', (t) => {
      results.current = t.fullTitle();
      save();
    });
    runner.on('pass', (t) => {
      results.passes++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 });
      save();
    });
    runner.on('fail', (t, err: Error) => {
      results.failures++;
      const where = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 4);
      results.tests.push({ title: t.fullTitle(), state: 'failed', error: [err.message.trim(), ...where].join('\n') });
      save();
    });
    runner.on('pending', (t) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending' });
      save();
    });
  });
}

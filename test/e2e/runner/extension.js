// The test runner of the end-to-end suite (test/e2e/run.mjs): code-server cannot load a development extension or
// an extensionTestsPath, so this extension, installed beside SER Studio, runs the Mocha suite in the extension
// host when "SER Tests: Run the Integration Suite" is chosen. The suite is packaged inside it (suite/index.js;
// SER_E2E_SUITE may name another bundle); where the results go comes from the server's environment
// (SER_E2E_RESULTS); the suite writes the results file itself.
const vscode = require('vscode');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

let running;

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('serE2E.runSuite', () => {
      running ??= run().finally(() => (running = undefined));
      return running;
    }),
  );
};

async function run() {
  const suite = process.env.SER_E2E_SUITE || join(__dirname, 'suite', 'index.js');
  const resultsFile = process.env.SER_E2E_RESULTS;
  if (!resultsFile) {
    void vscode.window.showErrorMessage('SER Tests: SER_E2E_RESULTS is not set in the server environment (start it through test/e2e/run.mjs).');
    return;
  }
  try {
    await require(suite).run({ resultsFile });
  } catch (err) {
    // A suite that could not load (or failed outside a test) still leaves a result the harness can show.
    if (!/test\(s\) failed/.test(String(err && err.message))) {
      writeFileSync(resultsFile, JSON.stringify({ done: true, passes: 0, failures: 1, pending: 0, tests: [], error: String((err && err.stack) || err) }, null, 2));
    }
  }
}

exports.deactivate = () => undefined;

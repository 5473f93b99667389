#!/usr/bin/env node
// SER Studio end to end, in a real VS Code (code-server 4.139.1 on Node 24 from npm, driven in Debian's Chromium):
//  1. the user flow (userFlow.mjs): palette, clicks and keys only, from opening the demo dataset to the retrain
//     report, a screenshot per step;
//  2. the Mocha suite against the `vscode` API (suite/*.suite.ts) inside the extension host, started from the
//     palette through a small test-runner extension installed beside ours (apiSuite.mjs).
// Screenshots, logs and summary.json go to test-results/e2e/. A failure names the step, the screenshot and the
// last lines of the extension host's and SER Studio's logs.
//
//   node test/e2e/run.mjs [--no-build] [--keep] [--only ui|api] [--update-screenshots]
//   --update-screenshots: also rewrite the committed test/e2e/screenshots/ (README overview and a few steps).
//   env: SER_E2E_CACHE (default <repo>/.vscode-test) holds Node 24 and code-server between runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cacheDir, ensureVsCode, freePort, installExtension, packageVsix, prepareProfile, profileLogs, startCodeServer } from '../extension/integration/codeServer.mjs';
import { CHROMIUM, launchBrowser, Workbench } from '../extension/integration/workbench.mjs';
import { failureReport, Steps } from '../extension/integration/steps.mjs';
import { TRAINING_SETTINGS, userFlow } from './userFlow.mjs';
import { buildSuite, packageRunner, runApiSuite } from './apiSuite.mjs';
import { writePalettePng } from './palettePng.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const results = join(repo, 'test-results', 'e2e');
const { values: opts } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, only: { type: 'string' }, 'update-screenshots': { type: 'boolean', default: false } } });
/** The steps whose screenshots are committed under test/e2e/screenshots/ (by their name in the results folder). */
const COMMITTED = ['utterance-playing', 'training-progress', 'dashboard', 'suspects', 'pair-review', 'retrain-report'];
if (opts.only && !['ui', 'api'].includes(opts.only)) throw new Error('--only takes ui or api');
const wanted = (part) => !opts.only || opts.only === part;

/** Writes the demo corpus (writeDemoCorpus, 3 sessions x `perSession` utterances, no run) into `out`. */
function writeDemo(out, perSession) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'test', 'extension', 'integration', 'makeCorpus.ts'), out, '--per-session', String(perSession), '--no-run'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`writing the demo corpus failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A PNG scaled to `width` CSS pixels by Chromium itself, then stored with a palette (no image library needed). */
async function shrink(browser, file, out, width) {
  const png = readFileSync(file);
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.setContent(`<body style="margin:0"><img id="i" src="data:image/png;base64,${png.toString('base64')}"></body>`);
  const size = await page.evaluate(() => new Promise((res) => {
    const i = document.getElementById('i');
    const done = () => res({ w: i.naturalWidth, h: i.naturalHeight });
    if (i.complete) done();
    else i.onload = done;
  }));
  const height = Math.round((size.h * width) / size.w);
  await page.setViewportSize({ width, height });
  await page.evaluate(({ width, height }) => Object.assign(document.getElementById('i').style, { width: `${width}px`, height: `${height}px` }), { width, height });
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  await page.close();
  writePalettePng(out, out);
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    // As the webview tests do (scripts/prepare-tests.sh installs it when it can).
    process.stdout.write(`SKIPPED: ${CHROMIUM} not found: the end-to-end suite drives VS Code in Debian's chromium (apt-get install chromium, or set SER_E2E_CHROMIUM)\n`);
    process.exit(0);
  }
  const t0 = Date.now();
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ser-e2e-'));
  const steps = new Steps('e2e');
  const summary = { startedAt: new Date().toISOString(), work, steps: steps.list };
  let server;
  let browser;
  let wb;
  let userData;
  let failure;
  try {
    const cache = cacheDir(repo);
    let vs;
    await steps.run('Node 24 and code-server (cached in SER_E2E_CACHE or .vscode-test)', () => {
      vs = ensureVsCode(cache);
      return { cache };
    });
    let vsix;
    await steps.run('build and package the VSIX', async () => {
      vsix = await packageVsix(repo, join(work, 'ser-studio.vsix'), { build: !opts['no-build'] });
    });
    browser = await launchBrowser();

    if (wanted('ui')) {
      const dataset = join(work, 'demo');
      const corpus = await steps.run('write the demo corpus (3 sessions x 24 utterances)', () => writeDemo(dataset, 24));
      const project = join(work, 'project');
      mkdirSync(project, { recursive: true });
      const profile = prepareProfile(join(work, 'profile-ui'), TRAINING_SETTINGS);
      userData = profile.userData;
      await steps.run('install the VSIX', () => installExtension({ ...vs, profile, vsix }));
      server = await steps.run('start code-server', async () => startCodeServer({ ...vs, profile, folder: project, port: await freePort() }));
      wb = await steps.run('open the workbench', () => Workbench.open(browser, server.url, project, results));
      const serLog = () => {
        const f = profileLogs(profile.userData).ser.sort().at(-1);
        return f ? readFileSync(f, 'utf8') : '';
      };
      summary.ui = await userFlow({
        wb,
        steps,
        dataset,
        root: corpus.base,
        serLog,
        userSettings: join(profile.userData, 'User', 'settings.json'),
        overviewFile: join(results, 'overview.png'),
        shrink: (file, out, width) => shrink(browser, file, out, width),
      });
      summary.screenshots = [...wb.shots];
      if (opts['update-screenshots']) {
        const dir = join(here, 'screenshots');
        mkdirSync(dir, { recursive: true });
        copyFileSync(join(results, 'overview.png'), join(dir, 'overview.png'));
        for (const name of COMMITTED) {
          const shot = wb.shots.find((f) => f.endsWith(`-${name}.png`));
          if (shot) await shrink(browser, shot, join(dir, `${name}.png`), 1200);
        }
      }
      await server.stop();
      saveLogs(profile.userData, 'ui');
      server = undefined;
      wb = undefined;
    }

    if (wanted('api')) {
      const dataset = join(work, 'api-demo');
      await steps.run('write the demo corpus for the API suite', () => writeDemo(dataset, 24));
      let suite;
      let runnerVsix;
      await steps.run('build the Mocha suite and package the test-runner extension', async () => {
        suite = await buildSuite(repo);
        runnerVsix = packageRunner(repo, join(work, 'ser-e2e-runner.vsix'), suite.dir);
        return { suite: suite.index, files: suite.files };
      });
      const profile = prepareProfile(join(work, 'profile-api'));
      userData = profile.userData;
      await steps.run('install the VSIX and the test runner', () => {
        installExtension({ ...vs, profile, vsix });
        installExtension({ ...vs, profile, vsix: runnerVsix });
      });
      const resultsFile = join(results, 'mocha-results.json');
      server = await steps.run('start code-server for the API suite', async () =>
        startCodeServer({ ...vs, profile, folder: dataset, port: await freePort(), env: { SER_E2E_RESULTS: resultsFile } }),
      );
      wb = await steps.run('open the workbench on the demo corpus', () => Workbench.open(browser, server.url, dataset, join(results, 'api')));
      summary.api = await runApiSuite({ wb, steps, resultsFile });
      await server.stop();
      saveLogs(profile.userData, 'api');
      server = undefined;
    }
    summary.ok = true;
  } catch (err) {
    failure = err;
    summary.ok = false;
    const shot = wb ? await wb.screenshot(`failure-${(err.step ?? 'setup').replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined) : undefined;
    summary.failure = { step: err.step, message: err.message, screenshot: shot };
    summary.report = failureReport({ error: err, screenshot: shot, userData });
    if (userData) saveLogs(userData, 'failed');
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    summary.totalSeconds = Math.round((Date.now() - t0) / 1000);
    writeFileSync(join(results, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`${steps.lines().join('\n')}\n`);
  if (summary.api) process.stdout.write(`mocha: ${summary.api.passes} passing, ${summary.api.failures} failing, ${summary.api.pending} pending\n`);
  process.stdout.write(`${summary.ok ? 'PASSED' : 'FAILED'} in ${summary.totalSeconds} s; screenshots, logs and summary.json in ${results}\n`);
  if (failure) process.stderr.write(`\n${summary.report}\n`);
  process.exit(summary.ok ? 0 : 1);
}

/** Keeps the profile's logs (extension host, server, SER Studio) with the results. */
function saveLogs(userData, tag) {
  const logs = profileLogs(userData);
  const dir = join(results, `logs-${tag}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, files] of Object.entries(logs)) files.forEach((f, i) => existsSync(f) && copyFileSync(f, join(dir, `${name}${i ? `-${i}` : ''}.log`)));
}

main();

#!/usr/bin/env node
// The extension inside a real VS Code (code-server + Chromium): a small synthetic IEMOCAP opens by itself, the
// tree fills, a label is set through the command (the sidecar gets a record with the annotator's name), undone,
// set again with a digit key in the tree, changed by "another annotator" through the CLI (picked up and shown as a
// conflict), then training starts and is cancelled (the engine stops, no run becomes current). Activation time
// is read from the extension's log. Screenshots and a summary go to test-results/extension-e2e/.
//
//   node test/extension/integration/extension.e2e.mjs [--no-build] [--keep]
//   env: SER_E2E_CACHE (default <repo>/.vscode-test) holds Node 24 and code-server between runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureCodeServer, ensureNode24, findFiles, freePort, installExtension, packageVsix, prepareProfile, startCodeServer } from './codeServer.mjs';
import { launchBrowser, waitFor, Workbench } from './workbench.mjs';
import { failureReport, Steps } from './steps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const results = join(repo, 'test-results', 'extension-e2e');
const args = process.argv.slice(2);
const ANNOTATOR = 'E2E Tester';
const OTHER = 'Other Annotator';

const stepLog = new Steps('e2e');
const steps = stepLog.list;
const step = (name, fn) => stepLog.run(name, fn);

let idle0;
/** Our engine processes (dist/worker.js of the installed extension) and the CPU ticks they used so far (Linux /proc). */
function engineCpu(extDir) {
  let processes = 0;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(join(extDir, 'dist', 'worker.js'))) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      processes++;
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return { processes, ticks };
}

function sidecarRecords(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

async function main() {
  const t0 = Date.now();
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ser-e2e-'));
  const summary = { startedAt: new Date().toISOString(), steps, work };
  let server;
  let browser;
  let wb;
  let logFile;
  let currentUserData;
  try {
    const cache = cacheDir(repo);
    let node;
    let entry;
    await step('install Node 24 and code-server (cached)', () => {
      node = ensureNode24(cache);
      entry = ensureCodeServer(cache, node);
      return { cache };
    });
    const ws = join(work, 'workspace');
    let corpus;
    await step('write the synthetic IEMOCAP', () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'makeCorpus.ts'), ws], { cwd: repo, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      corpus = JSON.parse(r.stdout);
      return corpus;
    });
    const root = corpus.base;
    const sidecar = join(root, '.ser', 'labels.jsonl');
    let vsix;
    await step('build and package the VSIX', async () => {
      vsix = await packageVsix(repo, join(work, 'ser-studio.vsix'), { build: !args.includes('--no-build') });
    });
    const profile = prepareProfile(join(work, 'profile'), { 'ser.labels.annotator': ANNOTATOR });
    currentUserData = profile.userData;
    await step('install the VSIX', () => installExtension({ node, entry, profile, vsix }));
    const ext = join(profile.extensions, readdirSync(profile.extensions).find((d) => d.startsWith('ser-studio.ser-studio-')) ?? 'ser-studio');
    const port = await freePort();
    await step('start code-server', async () => {
      server = await startCodeServer({ node, entry, profile, folder: ws, port });
    });
    browser = await launchBrowser();
    await step('open the workbench', async () => {
      wb = await Workbench.open(browser, server.url, ws, results);
    });

    await step('activation (from the extension log)', async () => {
      logFile = await waitFor('the SER Studio log', () => findFiles(join(profile.userData, 'logs'), 'SER Studio.log')[0], { timeout: 90_000 });
      const m = await waitFor('"activated in" in the log', () => /activated in ([\d.]+) ms \(bundle evaluated in ([\d.]+) ms, activate\(\) ([\d.]+) ms; VS Code called activate\(\) ([\d.]+) ms after/.exec(readFileSync(logFile, 'utf8')));
      summary.activation = { totalMs: Number(m[1]), bundleMs: Number(m[2]), activateMs: Number(m[3]), vscodeGapMs: Number(m[4]) };
      return summary.activation;
    });

    await step('the dataset tree fills by itself', async () => {
      await wb.showContainer('SER Studio');
      await waitFor('the dataset row', async () => (await wb.treeRows('Datasets')).some((r) => r.includes('IEMOCAP_full_release') && /utterances/.test(r)), { timeout: 90_000 });
      const rows = await wb.treeRows('Datasets');
      const session = rows.find((r) => /^Ses\d\d\b/.test(r.trim()));
      if (!session) throw new Error(`no session rows: ${rows.join(' | ')}`);
      await wb.expand('Datasets', session.split('  ')[0]);
      const dialog = await waitFor('a dialog row', async () => (await wb.treeRows('Datasets')).find((r) => /^Ses\d\d[FM]_(impro|script)/.test(r.trim())));
      await wb.expand('Datasets', dialog.split('  ')[0]);
      const utts = await waitFor('utterance rows', async () => {
        const u = (await wb.treeRows('Datasets')).filter((r) => /^Ses\d\d[FM]_\w+_[FM]\d{3}/.test(r.trim()));
        return u.length >= 2 ? u : undefined;
      });
      await wb.screenshot('tree');
      summary.tree = { rows: (await wb.treeRows('Datasets')).length, firstUtterance: utts[0] };
      return summary.tree;
    });

    const uttRows = (await wb.treeRows('Datasets')).filter((r) => /^Ses\d\d[FM]_\w+_[FM]\d{3}/.test(r.trim()));
    const utt = uttRows[0].split('  ')[0];
    const utt2 = uttRows[1].split('  ')[0];
    const labelOf = (rowText) => (rowText.split('  ')[1] ?? '').split(/\s/)[0];
    const current = labelOf(uttRows[0]);
    const target = current === 'sad' ? 'ang' : 'sad';

    await step('clicking an utterance opens the utterance view (webview) on it', async () => {
      await wb.treeRow('Datasets', utt).click();
      const text = await waitFor('the utterance view', async () => (await wb.webviewTexts()).find((t) => t.includes(utt) && /Label/.test(t)), { timeout: 30_000 });
      await wb.screenshot('utterance-view');
      return { text: text.slice(0, 120).replace(/\s+/g, ' ') };
    });

    await step('Set Label... through the command: the sidecar records it with the annotator', async () => {
      await wb.runCommand('SER: Set Label...');
      const rows = await wb.quickPickRows();
      if (!rows.some((r) => /votes/.test(r))) throw new Error(`the label picker shows no votes: ${rows.join(' | ')}`);
      await wb.screenshot('label-picker');
      await wb.pick(target);
      const rec = await waitFor('the sidecar record', () => sidecarRecords(sidecar).find((r) => r.op === 'set' && r.utt === utt && r.new === target));
      if (rec.who !== ANNOTATOR) throw new Error(`recorded as ${rec.who}`);
      await waitFor('the corrected mark in the tree', async () => (await wb.treeRow('Datasets', utt).innerText()).includes('✎'));
      // The open utterance view hears of the change through ViewData.onDidChangeLabels and shows the history.
      await waitFor('the utterance view updated', async () => (await wb.webviewTexts()).some((t) => t.includes(utt) && t.includes(ANNOTATOR)), { timeout: 20_000 });
      await wb.screenshot('label-set');
      return { utt, from: current, to: target, who: rec.who };
    });

    await step('Undo Label Change from the palette', async () => {
      await wb.runCommand('SER: Undo Label Change');
      await waitFor('the undo record', () => sidecarRecords(sidecar).some((r) => r.op === 'undo' && r.utt === utt && r.who === ANNOTATOR));
      await waitFor('the mark gone from the tree', async () => !(await wb.treeRow('Datasets', utt).innerText()).includes('✎'));
      return { records: sidecarRecords(sidecar).length };
    });

    await step('digit key 4 in the focused tree sets the fourth class', async () => {
      await wb.treeRow('Datasets', utt).click();
      await wb.runCommand('SER Studio: Focus on Datasets View');
      await wb.page.waitForTimeout(300);
      await wb.page.keyboard.press('4');
      const rec = await waitFor('the keyed record', () => sidecarRecords(sidecar).filter((r) => r.op === 'set' && r.utt === utt).length >= 2 && sidecarRecords(sidecar).filter((r) => r.op === 'set' && r.utt === utt).pop(), { timeout: 15_000 });
      if (rec.new !== 'sad' || rec.who !== ANNOTATOR) throw new Error(`key 4 wrote ${JSON.stringify(rec)}`);
      return { label: rec.new };
    });

    await step('another annotator (CLI) changes labels: the tree follows and the conflict is shown', async () => {
      const cli = (u, l) => {
        const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'labels', root, 'set', u, l, '--who', OTHER], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
      };
      cli(utt2, 'ang' === labelOf(uttRows[1]) ? 'neu' : 'ang');
      cli(utt, 'hap');
      await waitFor('the other change in the tree', async () => (await wb.treeRow('Datasets', utt2).innerText()).includes('✎'), { timeout: 20_000 });
      const n = await waitFor('the conflict notification', async () => (await wb.notifications()).find((t) => t.includes(OTHER) && t.includes(utt)), { timeout: 20_000 });
      await wb.screenshot('conflict');
      return { notification: n.replace(/\s+/g, ' ').slice(0, 200) };
    });

    await step('Open Run... makes the existing run current: predictions in the tree, UA in the status bar', async () => {
      await wb.runCommand('SER: Open Run...');
      await wb.pick(corpus.runDir.split(/[/\\]/).pop());
      await waitFor('predictions in the tree', async () => (await wb.treeRows('Datasets')).some((r) => /pred \w+ \d+%/.test(r)), { timeout: 30_000 });
      const status = await waitFor('the UA in the status bar', async () => (await wb.statusBarTexts()).find((t) => /UA \d+\.\d%/.test(t)));
      return { status: status.trim() };
    });

    let reviewed;
    await step('Show Suspects fills the Review tree and opens the suspects panel', async () => {
      await wb.runCommand('SER: Show Suspects');
      const rows = await waitFor('suspects in the Review tree', async () => {
        const r = await wb.treeRows('Review');
        return r.length >= 2 && /^1\. /.test(r[0]) ? r : undefined;
      }, { timeout: 60_000 });
      await waitFor('the suspects panel', async () => (await wb.webviewTexts()).some((t) => t.includes(rows[0].split('  ')[0].replace(/^1\. /, ''))), { timeout: 30_000 });
      await wb.screenshot('suspects');
      return { top: rows.slice(0, 3) };
    });

    await step('keyboard review in the Review tree: j selects, a digit sets that class and moves on', async () => {
      await wb.runCommand('SER Studio: Focus on Review View');
      await wb.page.waitForTimeout(300);
      await wb.page.keyboard.press('j');
      const selected = async () => (await wb.pane('Review').locator('.monaco-list-row.selected .label-name').first().textContent().catch(() => ''))?.trim() ?? '';
      const first = await waitFor('a selected suspect', async () => /^\d+\. /.test(await selected()) && (await selected()));
      const id = first.replace(/^\d+\. /, '');
      const row = (await wb.treeRows('Review')).find((r) => r.startsWith(first));
      const suggested = /→ (\w+)\?/.exec(row ?? '')?.[1];
      const classes = ['ang', 'hap', 'neu', 'sad'];
      const key = String(classes.indexOf(suggested) + 1);
      if (key === '0') throw new Error(`no suggestion in "${row}"`);
      const before = sidecarRecords(sidecar).length;
      await wb.page.keyboard.press(key);
      const rec = await waitFor('the record of the keyed label', () => sidecarRecords(sidecar).slice(before).find((r) => r.utt === id), { timeout: 15_000 });
      if (rec.new !== suggested || rec.who !== ANNOTATOR) throw new Error(`wrote ${JSON.stringify(rec)}`);
      const next = await waitFor('the selection on the next suspect', async () => (await selected()) !== first && (await selected()));
      await waitFor('the fixed mark', async () => (await wb.treeRows('Review')).some((r) => r.startsWith(first) && r.includes('✎')));
      // The utterance view follows the keys without taking the focus: k still moves the tree's selection.
      const tab = (uttId) => wb.page.locator('.tabs-container .tab', { hasText: `SER: ${uttId}` }).first();
      await waitFor('the utterance view on the next suspect', async () => tab(next.replace(/^\d+\. /, '')).isVisible().catch(() => false), { timeout: 20_000 });
      await wb.page.keyboard.press('k');
      await waitFor('k back to the first suspect (the focus stayed in the tree)', async () => (await selected()) === first, { timeout: 15_000 });
      await waitFor('the utterance view back on it', async () => tab(id).isVisible().catch(() => false), { timeout: 20_000 });
      await wb.screenshot('review-keys');
      reviewed = { id, label: suggested };
      return { labelled: `${id} -> ${suggested} with key ${key}`, nextSelected: next };
    });

    await step('the embedding map and the pair review open on the run', async () => {
      await wb.runCommand('SER: Show Embedding Map');
      await waitFor('the map panel', async () => (await wb.webviewTexts()).some((t) => /PCA|UMAP/i.test(t)), { timeout: 60_000 });
      await wb.screenshot('map');
      await wb.runCommand('SER: Review Mislabeled Pairs');
      await waitFor('the pairs panel', async () => (await wb.webviewTexts()).some((t) => /pair/i.test(t)), { timeout: 60_000 });
      await wb.screenshot('pairs');
      const errors = (await wb.notifications()).filter((t) => /failed/.test(t));
      if (errors.length) throw new Error(`error notifications: ${errors.join(' | ')}`);
    });

    await step('Train Model starts in the engine and Cancel stops it; the current run stays', async () => {
      await wb.runCommand('SER: Train Model');
      await waitFor('the training notification', async () => (await wb.notifications()).some((t) => t.includes('SER: Training')), { timeout: 30_000 });
      await waitFor('training under way in the engine', () => /jobs: evaluate /.test(readFileSync(logFile, 'utf8')), { timeout: 60_000 });
      // Wait until folds are training (the status bar follows the engine's events), so the cancel stops real work.
      const progress = await waitFor('training steps in the engine', async () => (await wb.statusBarTexts()).find((t) => /SER: (fold \d+\/\d+ · )?epoch \d+\/\d+/.test(t)), { timeout: 300_000, interval: 500 });
      await wb.screenshot('training');
      await wb.runCommand('SER: Show Training Dashboard');
      await waitFor('the dashboard following the run', async () => (await wb.webviewTexts()).some((t) => /epoch/i.test(t) && /Cancel/.test(t)), { timeout: 30_000 });
      await wb.screenshot('dashboard');
      const busyBefore = engineCpu(ext);
      const cancelAt = Date.now();
      await wb.runCommand('SER: Cancel');
      await waitFor('the cancel in the log', () => /train: cancelled after/.test(readFileSync(logFile, 'utf8')), { timeout: 60_000 });
      const stopMs = Date.now() - cancelAt;
      // Cancelling really stops the work: the fold processes go away and the engine processes fall idle.
      const idle = await waitFor('the engine processes idle', () => {
        const a = engineCpu(ext);
        const spent = a.ticks - (idle0?.ticks ?? a.ticks);
        idle0 = a;
        return a.processes <= 2 && spent === 0 && a;
      }, { timeout: 30_000, interval: 1000 });
      await waitFor('the status bar back to idle', async () => !(await wb.statusBarTexts()).some((t) => /SER: (features|fold|epoch)/.test(t)), { timeout: 20_000 });
      const runs = join(root, '.ser', 'runs');
      const dirs = existsSync(runs) ? readdirSync(runs) : [];
      const statuses = dirs.map((d) => (existsSync(join(runs, d, 'run.json')) ? JSON.parse(readFileSync(join(runs, d, 'run.json'), 'utf8')).status : 'not claimed'));
      if (statuses.some((x, i) => x === 'complete' && !dirs[i].startsWith('seeded'))) throw new Error(`a run completed although it was cancelled: ${statuses}`);
      const after = readFileSync(logFile, 'utf8').split('train: cancelled')[1] ?? '';
      if (/runOverlay/.test(after)) throw new Error('another run was loaded after the cancel');
      if (!/current run stays \S*seeded-eval/.test(readFileSync(logFile, 'utf8'))) throw new Error('the log does not say the seeded run stays current');
      await waitFor('the seeded run still in the status bar', async () => (await wb.statusBarTexts()).some((t) => /UA \d+\.\d%/.test(t)));
      await wb.screenshot('cancelled');
      return { progressAtCancel: progress, stopMs, processes: { before: busyBefore.processes, after: idle.processes }, runs: dirs.map((d, i) => `${d}: ${statuses[i]}`) };
    });

    await step('the status bar shows the engine backend and device', async () => {
      const t = await waitFor('the backend in the status bar', async () => (await wb.statusBarTexts()).find((s) => /SER: \S+ · (GPU|CPU native|WASM|CPU)/.test(s)), { timeout: 60_000 });
      return { status: t };
    });

    const wbShots = wb.shots;
    await step('Restricted Mode: a second window on the same folder, untrusted, reads but does not train or write', async () => {
      await browser.close();
      await server.stop();
      const restricted = prepareProfile(join(work, 'profile-restricted'), { 'ser.labels.annotator': ANNOTATOR, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' });
      currentUserData = restricted.userData;
      installExtension({ node, entry, profile: restricted, vsix });
      server = await startCodeServer({ node, entry, profile: restricted, folder: ws, port: await freePort() });
      browser = await launchBrowser();
      wb = await Workbench.open(browser, server.url, ws, results);
      wb.shots = [...wbShots];
      await wb.showContainer('SER Studio');
      await waitFor('the dataset in the tree', async () => (await wb.treeRows('Datasets')).some((r) => r.includes('IEMOCAP_full_release')), { timeout: 90_000 });
      const records = sidecarRecords(sidecar).length;
      await wb.runCommand('SER: Train Model');
      const why = await waitFor('the Restricted Mode message', async () => (await wb.notifications()).find((t) => /Restricted Mode/.test(t)), { timeout: 20_000 });
      await wb.screenshot('restricted');
      await wb.runCommand('SER: Undo Label Change');
      await wb.page.waitForTimeout(1000);
      if (sidecarRecords(sidecar).length !== records) throw new Error('a label was written in Restricted Mode');
      const status = (await wb.statusBarTexts()).find((t) => /SER:/.test(t)) ?? '';
      if (!/restricted/.test(status)) throw new Error(`the status bar does not say restricted: ${status}`);
      // The embedding map is computed but its cache is not written into the run folder (the trusted window's is removed first).
      for (const f of readdirSync(corpus.runDir)) if (f.startsWith('projection-')) rmSync(join(corpus.runDir, f));
      const runFiles = readdirSync(corpus.runDir).sort().join(' ');
      await wb.runCommand('SER: Show Embedding Map');
      await waitFor('the map drawn from its projection', async () => (await wb.webviewTexts()).some((t) => /\d+ utterances · PCA \d/.test(t)), { timeout: 60_000 });
      if (readdirSync(corpus.runDir).sort().join(' ') !== runFiles) throw new Error(`the map wrote into the run folder in Restricted Mode: ${readdirSync(corpus.runDir).join(' ')}`);
      await wb.screenshot('restricted-map');
      return { message: why.replace(/\s+/g, ' ').slice(0, 220), status: status.trim() };
    });

    summary.ok = true;
  } catch (err) {
    summary.ok = false;
    summary.error = err.stack ?? err.message;
    const shot = wb ? await wb.screenshot('failure').catch(() => undefined) : undefined;
    summary.report = failureReport({ error: err, screenshot: shot, userData: server ? currentUserData : undefined });
  } finally {
    if (logFile && existsSync(logFile)) writeFileSync(join(results, 'ser-studio.log'), readFileSync(logFile));
    if (server) writeFileSync(join(results, 'code-server.log'), server.output());
    summary.screenshots = wb?.shots ?? [];
    summary.totalSeconds = Math.round((Date.now() - t0) / 1000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    writeFileSync(join(results, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
  for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${(s.ms / 1000).toFixed(1)} s)${s.error ? `: ${s.error}` : ''}\n`);
  if (summary.activation) process.stdout.write(`activation: ${summary.activation.totalMs} ms (bundle ${summary.activation.bundleMs} ms + activate() ${summary.activation.activateMs} ms; VS Code's gap between them ${summary.activation.vscodeGapMs} ms)\n`);
  process.stdout.write(`${summary.ok ? 'PASSED' : 'FAILED'} in ${summary.totalSeconds} s; screenshots and logs in ${results}\n`);
  if (!summary.ok) process.stderr.write(`${summary.report ?? summary.error}\n`);
  process.exit(summary.ok ? 0 : 1);
}

main();

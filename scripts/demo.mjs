#!/usr/bin/env node
// npm run demo: SER Studio on its synthetic demo corpus in one command.
//  1. builds dist/;
//  2. writes the demo corpus (`ser demo`: deterministic synthetic speech in the exact IEMOCAP layout, a few labels
//     deliberately wrong, listed in demo-truth.json) into ./demo unless it is there, and evaluates a model on it
//     (leave one session out) unless a finished run is there already: the extension opens on that run;
//  3. opens VS Code on ./demo with the extension: the desktop `code` with --extensionDevelopmentPath when it is on
//     PATH, else code-server (VS Code in the browser, installed with Node 24 into .vscode-test/ on first use) on
//     127.0.0.1 with the packaged extension, printing the URL to open; it serves until Ctrl+C.
//
//   node scripts/demo.mjs [--out DIR] [--code-server] [--port N] [--no-open] [--no-build]
//   env: SER_DEMO_PORT (default 8080, else a free port); SER_E2E_CACHE (default .vscode-test) for code-server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cacheDir, ensureVsCode, installExtension, packageVsix, prepareProfile, setLogPrefix, startCodeServer } from '../test/extension/integration/codeServer.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: join(repo, 'demo') },
    'code-server': { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const out = resolve(opts.out);
setLogPrefix('demo');
const started = Date.now();

function say(message) {
  process.stderr.write(`[demo ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

/** A finished run with out-of-fold predictions for the demo's dataset (the one the extension makes current). */
function finishedRun() {
  for (const runs of [join(out, '.ser', 'runs'), join(out, 'IEMOCAP_full_release', '.ser', 'runs')]) {
    if (!existsSync(runs)) continue;
    for (const d of readdirSync(runs)) {
      try {
        const info = JSON.parse(readFileSync(join(runs, d, 'run.json'), 'utf8'));
        if (info.status === 'complete' && existsSync(join(runs, d, 'oof.json'))) return join(runs, d);
      } catch {
        // not a run folder
      }
    }
  }
  return undefined;
}

/** `code` (desktop VS Code's command) on PATH, unless it is code-server's. */
function desktopCode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const f = join(dir, process.platform === 'win32' ? 'code.cmd' : 'code');
    if (!existsSync(f)) continue;
    const v = spawnSync(f, ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
    if (v.status === 0 && !/code-server/i.test(v.stdout)) return f;
  }
  return undefined;
}

function portFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

async function pickPort() {
  const wanted = Number(opts.port ?? process.env.SER_DEMO_PORT ?? 8080);
  if (await portFree(wanted)) return wanted;
  if (opts.port) throw new Error(`port ${wanted} is in use`);
  for (let p = wanted + 1; p < wanted + 50; p++) if (await portFree(p)) return p;
  throw new Error(`no free port from ${wanted}`);
}

/** `ser demo --out <out>`: corpus unless present, then the evaluation (resumes what a stopped one finished). */
function serDemo() {
  return new Promise((res, rej) => {
    // At low priority where `nice` exists: code-server's install runs meanwhile and, starved of CPU by the training
    // (which takes every core), both would take longer than one after the other.
    const args = [process.execPath, join(repo, 'dist', 'cli.js'), 'demo', '--out', out];
    const nice = process.platform !== 'win32' && spawnSync('nice', ['true']).status === 0;
    const child = spawn(nice ? 'nice' : args[0], nice ? ['-n', '15', ...args] : args.slice(1), { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', rej);
    child.on('exit', (code, signal) => (code === 0 ? res() : rej(new Error(`ser demo failed (${code ?? signal})`))));
  });
}

async function main() {
  if (!opts['no-build']) {
    say('building dist/ ...');
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('the build (node esbuild.mjs) failed');
  }
  const code = opts['code-server'] ? undefined : desktopCode();
  const useCodeServer = !opts['no-open'] && !code;
  const existing = existsSync(join(out, 'demo-truth.json')) ? finishedRun() : undefined;
  let training;
  if (existing) say(`demo corpus and model already in ${out} (run ${existing}); delete the folder to start over`);
  else {
    say(`writing the demo corpus and training a model in ${out} (a few minutes on WebAssembly, about one on the native engine) ...`);
    mkdirSync(out, { recursive: true });
    training = serDemo();
  }
  let vs;
  if (useCodeServer) {
    // While the model trains: VS Code for the browser (Node 24 and code-server from npm, once, into .vscode-test/).
    try {
      vs = ensureVsCode(cacheDir(repo));
    } catch (err) {
      await training?.catch(() => undefined);
      throw err;
    }
  }
  await training;
  if (!existing) say(`model ready: ${finishedRun() ?? '(no finished run?)'}`);
  if (opts['no-open']) {
    say(`ready: open ${out} in VS Code with the extension (or run npm run demo again without --no-open)`);
    return;
  }

  if (code) {
    say(`opening desktop VS Code (${code}) on ${out} with SER Studio from this checkout`);
    const r = spawnSync(code, ['--new-window', `--extensionDevelopmentPath=${repo}`, out], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) throw new Error(`${code} exited with ${r.status}`);
    say('VS Code is open: the Datasets view of SER Studio (activity bar) shows the demo with the model\'s predictions; "SER: Show Suspects" lists the labels it doubts.');
    return;
  }

  const cache = cacheDir(repo);
  const vsix = await packageVsix(repo, join(cache, 'demo', 'ser-studio.vsix'), { build: false });
  const profile = prepareProfile(join(cache, 'demo', 'profile'));
  installExtension({ ...vs, profile, vsix });
  const port = await pickPort();
  const server = await startCodeServer({ ...vs, profile, folder: out, port });
  const url = `${server.url}/?folder=${encodeURIComponent(out)}`;
  say('ready');
  process.stdout.write(
    `\n  SER Studio demo: open ${url}\n` +
      '  (VS Code in the browser on this machine only; from another machine, forward the port, e.g. ssh -L ' +
      `${port}:127.0.0.1:${port} ...)\n` +
      '  The SER Studio view (activity bar) shows the demo with the model\'s predictions; "SER: Show Suspects" lists\n' +
      '  the labels it doubts (compare with demo/demo-truth.json). Ctrl+C stops the server.\n\n',
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server ...');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Serve until Ctrl+C; if the server dies, say so.
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (!stopping && !(await fetch(`${server.url}/healthz`).then((r) => r.ok).catch(() => false))) {
      process.stderr.write(`code-server stopped answering:\n${server.output().slice(-2000)}\n`);
      await server.stop();
      process.exit(1);
    }
  }
}

main().catch((err) => {
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(1);
});

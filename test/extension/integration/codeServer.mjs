// A real VS Code for tests, from the npm registry alone: Node 24 (as an npm package), code-server 4.139.1 installed
// into a cache folder, our extension packaged with vsce and installed as a VSIX, the server on 127.0.0.1 only.
// See /work/shared/docs/vscode-e2e.md for why (no Microsoft download service here). Reusable by the end-to-end suite.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

let prefix = 'e2e';
/** The tag of this module's progress lines on stderr ("e2e" unless a script says otherwise, e.g. "demo"). */
export function setLogPrefix(p) {
  prefix = p;
}

export function log(message) {
  process.stderr.write(`[${prefix} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stderr || '').slice(-4000)}\n${(r.stdout || '').slice(-2000)}`);
  }
  return { stdout: r.stdout, ms: Date.now() - started };
}

/** The cache folder: $SER_E2E_CACHE, else <repo>/.vscode-test (ignored by git). */
export function cacheDir(repo) {
  return resolve(process.env.SER_E2E_CACHE || join(repo, '.vscode-test'));
}

/** Node 24 from the npm registry (code-server 4.139 refuses Node 20); installed once into the cache. */
export function ensureNode24(cache) {
  const bin = join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) {
    log(`installing node@${NODE_MAJOR} into ${cache}/node24 ...`);
    mkdirSync(join(cache, 'node24'), { recursive: true });
    const r = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(cache, 'node24'), `node@${NODE_MAJOR}`]);
    log(`node@${NODE_MAJOR} installed in ${(r.ms / 1000).toFixed(0)} s`);
  }
  return bin;
}

/**
 * Debian packages a step needs (code-server's install compiles `kerberos` against libkrb5-dev), installed with
 * apt-get when missing and we may (root, or sudo without a password); otherwise the error says what to install.
 */
export function ensureDebianPackages(packages) {
  const dpkg = spawnSync('dpkg', ['-s', ...packages], { stdio: 'ignore' });
  if (dpkg.error || dpkg.status === 0) return; // not Debian (nothing to do here), or all present
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root && !sudo) throw new Error(`missing Debian package(s) ${missing.join(' ')}: install them (apt-get install ${missing.join(' ')}) and run again`);
  log(`installing ${missing.join(' ')} from Debian's packages ...`);
  const cmd = root ? 'apt-get' : 'sudo';
  const args = [...(root ? [] : ['-n', 'apt-get']), 'install', '-y', '-q', ...missing];
  run(cmd, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** code-server, installed once into the cache with Node 24 first on PATH (its postinstall builds native modules). */
export function ensureCodeServer(cache, node) {
  const entry = join(cache, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) {
    ensureDebianPackages(['libkrb5-dev']);
    log(`installing code-server@${CODE_SERVER_VERSION} into ${cache}/cs (about 90 s, 620 MB) ...`);
    mkdirSync(join(cache, 'cs'), { recursive: true });
    // Under `npm test` the outer npm (on Node 20) leaves its npm_* variables in the environment; the inner npm
    // would take npm_config_user_agent ("node/v20") as its own config, and code-server's postinstall reads the
    // Node version from it and refuses. The inner npm gets a clean environment with Node 24 first on PATH.
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
    const env = { ...clean, PATH: `${join(node, '..')}:${process.env.PATH}`, npm_config_unsafe_perm: 'true' };
    const r = run('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(cache, 'cs'), `code-server@${CODE_SERVER_VERSION}`], { env });
    log(`code-server installed in ${(r.ms / 1000).toFixed(0)} s`);
  }
  if (!existsSync(entry)) throw new Error(`code-server did not install: ${entry} is missing`);
  return entry;
}

/** Builds the bundles and packages the extension as a VSIX (vsce, with our ignore file and the production dependencies). */
export function packageExtension(repo, outFile, { build = true } = {}) {
  if (build) {
    const b = run(process.execPath, ['esbuild.mjs'], { cwd: repo });
    log(`built dist/ in ${(b.ms / 1000).toFixed(1)} s`);
  }
  rmSync(outFile, { force: true });
  mkdirSync(dirname(outFile), { recursive: true });
  const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
  // --no-rewrite-relative-links: the README's images are relative to the repository, which a test package has no URL for.
  const args = ['package', '--ignoreFile', join(repo, 'test', 'extension', 'integration', 'vscodeignore'), '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', outFile];
  const r = existsSync(vsce) ? run(process.execPath, [vsce, ...args], { cwd: repo }) : run('npx', ['vsce', ...args], { cwd: repo });
  log(`packaged ${outFile} (${(statSync(outFile).size / 1e6).toFixed(1)} MB) in ${(r.ms / 1000).toFixed(1)} s`);
  return outFile;
}

/** Node 24 and code-server from the cache (installed on first use): `{ node, entry }`. */
export function ensureVsCode(cache) {
  const node = ensureNode24(cache);
  return { node, entry: ensureCodeServer(cache, node) };
}

/**
 * The extension as a VSIX at `outFile`: through the project's `npm run package` code (scripts/package.mjs,
 * `packageVsix(options)`, which builds its own bundles) once it exists, else with the harness's own vsce call above
 * (`build`: rebuild dist/ first).
 */
export async function packageVsix(repo, outFile, { build = true } = {}) {
  const script = join(repo, 'scripts', 'package.mjs');
  if (!existsSync(script)) return packageExtension(repo, outFile, { build });
  const started = Date.now();
  const mod = await import(pathToFileURL(script).href);
  mkdirSync(dirname(outFile), { recursive: true });
  // It stages its own production build (minified bundles, TensorFlow.js inside): what users install.
  const made = await mod.packageVsix({ production: true, out: outFile, log });
  log(`packaged ${made} (${(statSync(made).size / 1e6).toFixed(1)} MB) with scripts/package.mjs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return made;
}

/** Packages a small extension folder (no dependencies, no build) as a VSIX, e.g. the e2e test runner. */
export function packageFolder(dir, outFile, vsceRepo) {
  rmSync(outFile, { force: true });
  const vsce = join(vsceRepo, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', outFile], { cwd: dir });
  return outFile;
}

/** A fresh user-data folder with settings, and a fresh extensions folder. */
export function prepareProfile(dir, settings = {}) {
  rmSync(dir, { recursive: true, force: true });
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'window.confirmBeforeClose': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        ...settings,
      },
      null,
      2,
    ),
  );
  return { userData, extensions };
}

export function installExtension({ node, entry, profile, vsix, force = false }) {
  const r = run(node, [entry, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix, ...(force ? ['--force'] : [])]);
  log(`installed the VSIX in ${(r.ms / 1000).toFixed(1)} s`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts code-server on 127.0.0.1 (no auth: loopback only) and waits until it answers. */
export async function startCodeServer({ node, entry, profile, folder, port, env = {} }) {
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, folder];
  const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  log(`code-server ${CODE_SERVER_VERSION} on ${url} (pid ${child.pid})`);
  return {
    url,
    pid: child.pid,
    output: () => output,
    /** Stops the server and everything it started (extension hosts, our engine workers): its own process group. */
    stop: async () => {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const until = Date.now() + 5000;
      while (child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** Files under `dir` (recursively) whose name is `name`. */
export function findFiles(dir, name) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true })) if (String(f).split(/[/\\]/).pop() === name) out.push(join(dir, String(f)));
  return out;
}

/** The logs of a code-server profile: extension host(s), server, and our extension's output channel. */
export function profileLogs(userData) {
  const logs = join(userData, 'logs');
  return {
    extensionHost: findFiles(logs, 'remoteexthost.log'),
    server: findFiles(logs, 'remoteagent.log'),
    ser: findFiles(logs, 'SER Studio.log'),
  };
}

/** The last `n` lines of a file ('' when it does not exist). */
export function tailFile(file, n = 40) {
  if (!file || !existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-n - 1).join('\n');
}

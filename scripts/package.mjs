#!/usr/bin/env node
// npm run package: a production build of every bundle and the extension's .vsix, made with @vscode/vsce.
//   node scripts/package.mjs [--out FILE.vsix] [--dev]      (--dev: development bundles, unminified)
// Importable too (the end-to-end tests package with it):
//   import { packageVsix } from './scripts/package.mjs';
//   const vsix = await packageVsix({ production: true, out: '/tmp/ser.vsix' });   // resolves to the .vsix path
//
// It stages the extension in a fresh temporary folder: the manifest, README, CHANGELOG, LICENSE, .vscodeignore,
// media/ and a fresh build of the bundles into its dist/. So packaging never rebuilds the repository's own dist/
// (tests or a watch build may be using it) and never ships something stale that dist/ happens to hold. vsce runs
// there with --no-dependencies: TensorFlow.js is inside the bundles (see esbuild.mjs), so no node_modules ship; the
// staged manifest drops `vscode:prepublish`, whose build has just been done.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { buildBundles } from '../esbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Files and folders of the repository that the package is made from (.vscodeignore then decides what ships). */
const STAGED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media'];

/** The vsce command line script, or undefined when @vscode/vsce is not installed. */
export function vsceScript() {
  try {
    const pkgJson = createRequire(join(root, 'package.json')).resolve('@vscode/vsce/package.json');
    const bin = JSON.parse(readFileSync(pkgJson, 'utf8')).bin;
    const script = join(dirname(pkgJson), typeof bin === 'string' ? bin : bin.vsce);
    return existsSync(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the bundles and packages the extension; resolves to the absolute path of the .vsix.
 * @param {{ production?: boolean, out?: string, log?: (line: string) => void }} [options]
 *   production: minified bundles without source maps (default true); out: the .vsix to write (default
 *   <repo>/<name>-<version>.vsix); log: progress lines (default stderr).
 */
export async function packageVsix({ production = true, out, log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const vsce = vsceScript();
  if (!vsce) throw new Error('@vscode/vsce is not installed (npm install)');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = resolve(out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  const stage = mkdtempSync(join(tmpdir(), 'ser-package-'));
  try {
    for (const f of STAGED) {
      if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f), { recursive: true });
    }
    const { 'vscode:prepublish': _built, ...scripts } = manifest.scripts ?? {};
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
    const started = Date.now();
    const n = await buildBundles({ production, outdir: join(stage, 'dist') });
    log(`package: built ${n} ${production ? 'production' : 'development'} bundles in ${Date.now() - started} ms`);
    mkdirSync(dirname(vsix), { recursive: true });
    rmSync(vsix, { force: true });
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: stage,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.status !== 0 || !existsSync(vsix)) {
      throw new Error(`vsce package failed (${r.status ?? r.signal}):\n${`${r.stdout}\n${r.stderr}`.trim().slice(-4000)}`);
    }
    for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
      // vsce's warnings (README links, missing fields) are worth seeing; its progress chatter is not.
      if (/WARNING|ERROR/.test(line)) log(`package: vsce: ${line.replace(/\u001b\[[0-9;]*m/g, '').trim()}`);
    }
    const entries = vsixEntries(vsix);
    log(`package: ${vsix} (${(statSync(vsix).size / 1e6).toFixed(2)} MB, ${entries.length} files)`);
    return vsix;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The files inside a .vsix (a zip), read from its central directory: name, size, and the bytes on demand. Enough for
 * the archives vsce writes (stored or deflated entries, no zip64), so tests need no unzip tool.
 * @returns {{ name: string, size: number, data: () => Buffer }[]}
 */
export function vsixEntries(file) {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: damaged central directory`);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const data = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(raw);
      if (method === 8) return inflateRawSync(raw);
      throw new Error(`${file}: ${name} uses zip method ${method}`);
    };
    out.push({ name, size, data });
    p += 46 + skip;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  try {
    await packageVsix({ production: !args.includes('--dev'), ...(at >= 0 ? { out: args[at + 1] } : {}) });
  } catch (err) {
    process.stderr.write(`package: ${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  }
}

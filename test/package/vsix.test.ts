// The packaged extension: `packageVsix` (scripts/package.mjs, what `npm run package` runs) builds the production
// bundles and the .vsix once; the tests check what it holds and run the CLI inside it, unzipped into a folder outside
// the repository (so no node_modules of the repository can be found), on a tiny synthetic corpus: `ser eval` on wasm
// with folds in the VSIX's own worker processes, and on the native engine when `npm run setup:native` made one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeFileSystem } from '../../src/engine/io/nodeFileSystem';
import { writeIemocapCorpus } from '../../src/engine/demo/iemocapCorpus';
import { findNativePackages, findRepoRoot } from '../../src/engine/backend/native/nativeLocations';
import { realNativeEngineOrSkip } from '../fixtures/realNativeEngine';

const repo = findRepoRoot(__dirname)!;

interface Packager {
  packageVsix(o: { production?: boolean; out?: string; log?: (l: string) => void }): Promise<string>;
  vsixEntries(file: string): { name: string; size: number; data(): Buffer }[];
  vsceScript(): string | undefined;
}

/** Generous ceilings: today's VSIX is about 1.8 MB and 31 files (it was 64 MB and 8,000 files with node_modules). */
const MAX_BYTES = 4e6;
const MAX_FILES = 60;

const TINY = {
  model: { channels: [16, 16], attentionHeads: 2, poolingUnits: 8, embeddingDim: 8, penultimateDim: 8 },
  batchSize: 8, epochs: 2, patience: 0, cropFrames: 100, testHopFrames: 50, features: { nMels: 16 },
};

let work = '';
let vsix = '';
let entries: ReturnType<Packager['vsixEntries']> = [];
let unavailable: string | undefined;
const packageLog: string[] = [];

/** The unzipped extension folder (what VS Code installs) and the corpus, both outside the repository. */
const ext = () => join(work, 'unzipped', 'extension');
const corpus = () => join(work, 'corpus');

before(async () => {
  const packager = (await import(pathToFileURL(join(repo, 'scripts', 'package.mjs')).href)) as Packager;
  if (!packager.vsceScript()) {
    unavailable = '@vscode/vsce is not installed (npm install), so no VSIX can be made';
    return;
  }
  work = realpathSync(mkdtempSync(join(tmpdir(), 'ser-vsix-')));
  vsix = await packager.packageVsix({ production: true, out: join(work, 'ser-studio.vsix'), log: (l) => packageLog.push(l) });
  entries = packager.vsixEntries(vsix);
  for (const e of entries) {
    const file = join(work, 'unzipped', e.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.data());
  }
  await writeIemocapCorpus(new NodeFileSystem(), corpus(), { sessions: 2, dialogsPerSession: 1, utterancesPerSession: 10, minSeconds: 0.6, maxSeconds: 1.0, meanSeconds: 0.8, unresolvedFraction: 0, seed: 9 });
  writeFileSync(join(work, 'tiny.json'), JSON.stringify(TINY));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function skipIfUnavailable(t: { skip(m: string): void; diagnostic(m: string): void }): boolean {
  if (!unavailable) return false;
  t.diagnostic(`skipped: ${unavailable}`);
  t.skip(unavailable);
  return true;
}

/** Runs the VSIX's own CLI from the work folder with a minimal environment (no NODE_PATH, a fresh HOME). */
function ser(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const home = join(work, 'home');
  const r = spawnSync(process.execPath, [join(ext(), 'dist', 'cli.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), ...env },
    maxBuffer: 32 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function evalJson(r: { code: number | null; out: string; err: string }): Record<string, unknown> {
  assert.equal(r.code, 0, r.err.slice(-3000));
  return JSON.parse(r.out.trim().split('\n').pop()!) as Record<string, unknown>;
}

test('the VSIX is small and holds the bundles, the wasm binaries, the manifest and the marketplace files only', (t) => {
  if (skipIfUnavailable(t)) return;
  const names = entries.map((e) => e.name);
  const bytes = statSync(vsix).size;
  t.diagnostic(`${vsix}: ${(bytes / 1e6).toFixed(2)} MB, ${names.length} files`);
  for (const l of packageLog) t.diagnostic(l);
  assert.ok(bytes < MAX_BYTES, `${bytes} bytes`);
  assert.ok(names.length < MAX_FILES, `${names.length} files`);
  for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'media/icon.png', 'dist/extension.js', 'dist/worker.js', 'dist/cli.js', 'dist/featureWorker.js', 'dist/verifyNative.js', 'dist/tfjs-backend-wasm.wasm', 'dist/tfjs-backend-wasm-simd.wasm', 'dist/views/utterance.js']) {
    assert.ok(names.includes(`extension/${f}`), `extension/${f} is packaged`);
  }
  const unwanted = names.filter((n) => /(^|\/)(node_modules|src|test|bench|scripts|docs)\/|\.map$|\.ts$|\.vsix$|tsconfig|esbuild\.mjs/.test(n));
  assert.deepEqual(unwanted, []);
  const manifest = JSON.parse(readFileSync(join(ext(), 'package.json'), 'utf8'));
  assert.equal(manifest.icon, 'media/icon.png');
  assert.equal(manifest.license, 'MIT');
  assert.match(manifest.repository.url, /^https:\/\//);
  assert.equal(manifest.scripts['vscode:prepublish'], undefined, 'the staged manifest has no build step left to run');
  const icon = readFileSync(join(ext(), 'media', 'icon.png'));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest')!.data().toString('utf8');
  for (const asset of ['Content.Details', 'Content.Changelog', 'Content.License', 'Icons.Default']) assert.match(vsixManifest, new RegExp(`Microsoft\\.VisualStudio\\.Services\\.${asset}`), asset);
});

test('the extension host bundle does not contain TensorFlow.js (activation stays light)', (t) => {
  if (skipIfUnavailable(t)) return;
  const host = readFileSync(join(ext(), 'dist', 'extension.js'), 'utf8');
  assert.ok(host.length < 400_000, `dist/extension.js is ${host.length} bytes`);
  // tfjs-core keeps its engine in the global `_tfengine`; every bundle that contains it names it.
  assert.ok(!host.includes('_tfengine'), 'dist/extension.js contains tfjs-core');
  assert.ok(readFileSync(join(ext(), 'dist', 'worker.js'), 'utf8').includes('_tfengine'), 'the marker does find tfjs in the worker');
});

test('without a native engine the unzipped CLI picks wasm and says how to set one up (its own folder is no checkout)', (t) => {
  if (skipIfUnavailable(t)) return;
  const r = ser(['setup-backend', '--check']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^backend: wasm \(WASM\)/);
  assert.match(r.out, /node: not set up \(looked in .*\); run ser setup-backend/);
  assert.ok(!r.out.includes(join(ext(), '.ser-native')), r.out);
});

test('the unzipped CLI evaluates a tiny corpus on wasm, with folds in the VSIX worker processes', (t) => {
  if (skipIfUnavailable(t)) return;
  const r = ser(['eval', corpus(), '--config', join(work, 'tiny.json'), '--backend', 'wasm', '--jobs', '2', '--out', join(work, 'ev-wasm'), '--json']);
  const j = evalJson(r);
  t.diagnostic(`wasm: UA ${j.UA}, ${j.seconds} s`);
  assert.equal(j.backend, 'wasm');
  assert.equal(j.folds, 2);
  for (const k of ['WA', 'UA', 'macroF1']) assert.ok(typeof j[k] === 'number' && (j[k] as number) >= 0, k);
  assert.ok(r.err.includes(join(ext(), 'dist')), `the wasm binaries came from the VSIX:\n${r.err.slice(-2000)}`);
});

test('the unzipped CLI evaluates the tiny corpus on the native engine (tfjs-node + TensorFlow 2.21) when one is set up', (t) => {
  if (skipIfUnavailable(t)) return;
  const real = realNativeEngineOrSkip(t, { repoRoot: repo, searchNodeModules: false });
  if (!real) return;
  const r = ser(['eval', corpus(), '--config', join(work, 'tiny.json'), '--backend', 'node', '--jobs', '2', '--out', join(work, 'ev-node'), '--json'], { SER_NATIVE_DIR: dirname(real.root) });
  const j = evalJson(r);
  t.diagnostic(`node: UA ${j.UA}, ${j.seconds} s`);
  assert.equal(j.backend, 'node');
  assert.equal(j.device, 'CPU native');
  assert.equal(j.folds, 2);
  assert.match(r.err, /TensorFlow 2\.21\./);
});

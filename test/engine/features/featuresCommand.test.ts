// `ser features` in-process: the summary it prints, the cache it fills, exit 0 with per-file failures, and the
// not-a-dataset / usage errors that src/cli/main.ts turns into exit status 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { featuresCommand } from '../../../src/cli/featuresCommand';
import { UsageError, type CliContext } from '../../../src/cli/cliContext';
import { SerError } from '../../../src/engine/errors';
import { configHash, contentHash, entryKey, entryPath } from '../../../src/engine/features/cacheKey';
import { resolveFeatureConfig } from '../../../src/engine/jobs/featureOverrides';
import { captureCliContext } from '../../fixtures/cliContext';
import { IEMOCAP_FIXTURE_4CLASS, tempCorpusDir, writeIemocapFixture } from '../../fixtures/corpora';

function context(cwd: string, fs: CliContext['fs'], distDir = join(cwd, 'no-dist')) {
  return captureCliContext(fs, cwd, distDir);
}

/** A dist folder whose featureWorker.js runs the TypeScript source (what `npm run build` would put there). */
async function sourceDist(dir: string): Promise<string> {
  const dist = join(dir, 'dist');
  await mkdir(dist, { recursive: true });
  await writeFile(join(dist, 'featureWorker.js'), `require(${JSON.stringify(join(__dirname, 'tsxFeatureWorker.cjs'))});\n`);
  return dist;
}

async function countEntries(cacheDir: string): Promise<number> {
  return (await readdir(cacheDir, { recursive: true })).filter((f) => String(f).endsWith('.serf')).length;
}

test('ser features fills <dir>/.ser/features, prints the summary, and a rerun reads the cache', async () => {
  const t = await tempCorpusDir('ser-cli-feat-');
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const ctx = context(t.dir, t.fs);
    assert.equal(await featuresCommand(ctx, ['.', '--workers', '0']), 0);
    const n = IEMOCAP_FIXTURE_4CLASS.utterances;
    assert.match(ctx.out(), new RegExp(`utterances  ${n}: 0 cached, ${n} computed, 0 failed`));
    assert.match(ctx.out(), /logmel, 64 values per frame \(25\.0 ms hamming window, 10\.0 ms hop, 512-point FFT, 64 mels, 16000 Hz\)/);
    assert.match(ctx.out(), /x realtime, in this thread/);
    assert.match(ctx.out(), /skipped     2 files the scan could not use/);
    assert.match(ctx.err(), /extracting features 10\/10/);
    assert.equal(await countEntries(join(t.dir, '.ser', 'features')), n);
    const again = context(t.dir, t.fs);
    assert.equal(await featuresCommand(again, [t.dir, '--workers', '0']), 0);
    assert.match(again.out(), new RegExp(`utterances  ${n}: ${n} cached, 0 computed, 0 failed`));
  } finally {
    await t.cleanup();
  }
});

test('ser features with worker threads, MFCCs and another mel count, into --cache', async () => {
  const t = await tempCorpusDir('ser-cli-feat-threads-');
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const ctx = context(t.dir, t.fs, await sourceDist(t.dir));
    assert.equal(await featuresCommand(ctx, ['.', '--cache', 'feats', '--workers', '2', '--kind', 'mfcc', '--mels', '40']), 0);
    assert.match(ctx.out(), /mfcc, 60 values per frame .* 40 mels/);
    assert.match(ctx.out(), /2 worker threads/);
    assert.equal(await countEntries(join(t.dir, 'feats')), IEMOCAP_FIXTURE_4CLASS.utterances);
  } finally {
    await t.cleanup();
  }
});

test('an utterance that cannot be cached is listed with its reason and the exit status stays 0', async () => {
  const t = await tempCorpusDir('ser-cli-feat-fail-');
  try {
    const fx = await writeIemocapFixture(t.fs, t.dir);
    // Block one entry's path with a folder: reading and writing that entry both fail.
    const wav = join(fx.base, 'Session1', 'sentences', 'wav', 'Ses01F_impro01', 'Ses01F_impro01_F000.wav');
    const cacheDir = join(t.dir, '.ser', 'features');
    const blocked = entryPath(cacheDir, entryKey(contentHash(await readFile(wav)), {}, configHash(resolveFeatureConfig({}))));
    await mkdir(blocked, { recursive: true });
    const ctx = context(t.dir, t.fs);
    assert.equal(await featuresCommand(ctx, ['.', '--workers', '0']), 0);
    assert.match(ctx.out(), /utterances  10: 0 cached, 9 computed, 1 failed/);
    assert.match(ctx.out(), /failed \(1; these utterances have no features, the rest were extracted\)/);
    assert.ok(ctx.out().includes(blocked), ctx.out());
  } finally {
    await t.cleanup();
  }
});

test('a folder that is not a dataset, and bad options, are the errors main turns into exit status 2', async () => {
  const t = await tempCorpusDir('ser-cli-feat-bad-');
  try {
    await writeFile(join(t.dir, 'notes.txt'), 'hello');
    const ctx = context(t.dir, t.fs);
    await assert.rejects(featuresCommand(ctx, ['.', '--workers', '0']), (e: unknown) => e instanceof SerError && e.code === 'not-a-dataset');
    await assert.rejects(featuresCommand(ctx, ['.', '--workers', 'two']), UsageError);
    await assert.rejects(featuresCommand(ctx, ['.', '--kind', 'fbank']), UsageError);
    await assert.rejects(featuresCommand(ctx, ['.', '--mels', '0']), UsageError);
    await assert.rejects(featuresCommand(ctx, []), UsageError);
    await assert.rejects(featuresCommand(ctx, ['.', '--mels', '300']), (e: unknown) => e instanceof SerError && e.code === 'usage');
  } finally {
    await t.cleanup();
  }
});

// The `ser` command line, in-process: exit codes, the --json shapes the issues fix, and the train -> predict path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { formatSeconds } from '../../src/cli/progressDisplay';
import { NodeFileSystem } from '../../src/engine/io/nodeFileSystem';
import { writeIemocapCorpus } from '../../src/engine/demo/iemocapCorpus';
import { IEMOCAP_FIXTURE_4CLASS, tempCorpusDir, writeIemocapFixture } from '../fixtures/corpora';

const REPO = process.env.SER_REPO_ROOT ?? join(__dirname, '..', '..');
const DIST = join(REPO, 'dist');

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    fs: new NodeFileSystem(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd,
    signal: new AbortController().signal,
    distDir: DIST,
  });
  return { code, out, err };
}

const TINY = {
  model: { channels: [16, 16], attentionHeads: 2, poolingUnits: 8, embeddingDim: 8, penultimateDim: 8 },
  batchSize: 8, epochs: 2, patience: 0, cropFrames: 100, testHopFrames: 50, features: { nMels: 16 },
};

test('formatSeconds never prints 60 seconds', () => {
  assert.equal(formatSeconds(959.6), '16m00s');
  assert.equal(formatSeconds(59.94), '59.9s');
  assert.equal(formatSeconds(3599.7), '1h00m');
});

test('scan --json prints the summary; a folder that is no dataset exits 2 with a reason', async () => {
  const t = await tempCorpusDir();
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const r = await cli(['scan', t.dir, '--json'], t.dir);
    assert.equal(r.code, 0);
    const s = JSON.parse(r.out);
    assert.equal(s.format, 'iemocap');
    assert.equal(s.utterances, IEMOCAP_FIXTURE_4CLASS.utterances);
    assert.deepEqual(s.classes, IEMOCAP_FIXTURE_4CLASS.classes);
    assert.ok(s.errors.length >= 2, 'the missing and the truncated WAV are listed');
    const empty = join(t.dir, 'empty');
    await t.fs.mkdirp(empty);
    const bad = await cli(['scan', empty, '--json'], t.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /empty/);
    assert.equal((await cli(['frobnicate'], t.dir)).code, 2);
  } finally {
    await t.cleanup();
  }
});

test('labels set / list / undo / export go through the sidecar, never the corpus', async () => {
  const t = await tempCorpusDir();
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const id = 'Ses01F_impro01_M001';
    assert.equal((await cli(['labels', t.dir, 'set', id, 'sad', '--who', 'ann', '--note', 'sounds sad'], t.dir)).code, 0);
    const list = JSON.parse((await cli(['labels', t.dir, 'list', '--json'], t.dir)).out);
    assert.deepEqual(list.map((c: { utt: string; label: string; who: string; corpus: string }) => [c.utt, c.corpus, c.label, c.who]), [[id, 'hap', 'sad', 'ann']]);
    const scan = JSON.parse((await cli(['scan', t.dir, '--json'], t.dir)).out);
    assert.equal(scan.classes.sad, IEMOCAP_FIXTURE_4CLASS.classes.sad + 1, 'the scan counts the corrected label');
    assert.equal((await cli(['labels', t.dir, 'set', id, 'nonsense', '--who', 'ann'], t.dir)).code, 2);
    assert.match((await cli(['labels', t.dir, 'undo', '--who', 'ann'], t.dir)).out, /is now hap/);
    const out = join(t.dir, 'labels.csv');
    assert.equal((await cli(['labels', t.dir, 'export', '--out', out], t.dir)).code, 0);
    assert.match(await t.fs.readText(out), new RegExp(id));
    assert.equal((await cli(['labels', t.dir, 'export', '--out', out], t.dir)).code, 2, 'an existing file is not overwritten');
  } finally {
    await t.cleanup();
  }
});

test('train, eval --json and predict on a tiny corpus', { skip: existsSync(join(DIST, 'featureWorker.js')) ? false : 'dist/ is not built (npm test builds it first)' }, async () => {
  const t = await tempCorpusDir();
  try {
    await writeIemocapCorpus(t.fs, t.dir, { sessions: 2, dialogsPerSession: 1, utterancesPerSession: 10, minSeconds: 0.6, maxSeconds: 1.0, meanSeconds: 0.8, unresolvedFraction: 0, seed: 9 });
    const cfg = join(t.dir, 'tiny.json');
    await t.fs.writeFileAtomic(cfg, JSON.stringify(TINY));
    const ev = await cli(['eval', t.dir, '--config', cfg, '--backend', 'cpu', '--jobs', '1', '--out', join(t.dir, 'ev'), '--json'], t.dir);
    assert.equal(ev.code, 0, ev.err);
    const j = JSON.parse(ev.out.trim().split('\n').pop()!);
    for (const k of ['WA', 'UA', 'macroF1', 'seconds']) assert.ok(typeof j[k] === 'number' && j[k] >= 0, k);
    assert.equal(j.folds, 2);
    assert.equal(j.backend, 'cpu');
    assert.match(ev.err, /backend: cpu/);

    const tr = await cli(['train', t.dir, '--config', cfg, '--backend', 'cpu', '--out', join(t.dir, 'run')], t.dir);
    assert.equal(tr.code, 0, tr.err);
    assert.ok(await t.fs.stat(join(t.dir, 'run', 'model', 'model.json')));
    const wav = join(t.dir, 'IEMOCAP_full_release', 'Session1', 'sentences', 'wav');
    const dialog = (await t.fs.readdir(wav))[0].name;
    const file = join(wav, dialog, (await t.fs.readdir(join(wav, dialog)))[0].name);
    const pr = await cli(['predict', join(t.dir, 'run'), file, join(t.dir, 'missing.wav'), '--json', '--backend', 'cpu'], t.dir);
    assert.equal(pr.code, 0);
    const p = JSON.parse(pr.out);
    assert.equal(p.predictions.length, 1);
    assert.ok(Math.abs(Object.values(p.predictions[0].probabilities as Record<string, number>).reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.equal(p.predictions[0].embedding.length, 8);
    assert.match(p.errors[0].file, /missing\.wav/);
  } finally {
    await t.cleanup();
  }
});

test('ser <command> --help prints that command with its options and exits 0', async () => {
  const r = await cli(['eval', '--help'], REPO);
  assert.equal(r.code, 0);
  assert.match(r.out, /^usage: ser eval/);
  assert.match(r.out, /--protocol loso-session\|loso-speaker/);
  assert.match(r.out, /--jobs N/);
  assert.doesNotMatch(r.out, /predict <runDir>/, 'only the eval lines');
  const s = await cli(['setup-backend', '-h'], REPO);
  assert.equal(s.code, 0);
  assert.match(s.out, /--check/);
  assert.equal(r.err + s.err, '');
});

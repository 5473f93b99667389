import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import type { LoadedDataset, Utterance } from '../../../src/engine/datasets/utterance';
import { tempCorpusDir, writeIemocapFixture, type IemocapFixture } from '../../fixtures/corpora';
import type { FileSystem } from '../../../src/engine/io/fileSystem';

let fs: FileSystem;
let fx: IemocapFixture;
let ds: LoadedDataset;
let cleanup: () => Promise<void>;

before(async () => {
  const t = await tempCorpusDir();
  fs = t.fs;
  cleanup = t.cleanup;
  fx = await writeIemocapFixture(fs, t.dir);
  ds = await loadDataset(fs, t.dir);
});
after(() => cleanup());

function utt(id: string): Utterance {
  const u = ds.utterances.find((x) => x.id === id);
  assert.ok(u, `utterance ${id} not loaded`);
  return u;
}

test('detects IEMOCAP from the parent folder and lists every utterance with audio', () => {
  assert.equal(ds.format, 'iemocap');
  assert.equal(ds.root, fx.base);
  const expected = fx.listed.filter((id) => !fx.missing.some((m) => m.endsWith(`${id}.wav`)));
  assert.deepEqual(ds.utterances.map((u) => u.id).sort(), [...expected].sort());
  assert.equal(ds.utterances.length, 13);
});

test('speaker comes from the last name block: Ses01F_impro01_M000 is Ses01M', () => {
  const u = utt('Ses01F_impro01_M000');
  assert.equal(u.speaker, 'Ses01M');
  assert.equal(u.gender, 'M');
  assert.equal(u.session, 'Ses01');
  assert.equal(utt('Ses01F_impro01_F000').speaker, 'Ses01F');
  assert.equal(utt('Ses03M_impro05a_F000').speaker, 'Ses03F');
  assert.equal(utt('Ses05M_script01_1b_M000').speaker, 'Ses05M');
  assert.equal(utt('Ses05M_script01_1b_M000').session, 'Ses05');
});

test('dialogs with suffixes and scripted ids come from the file names, with their type', () => {
  assert.equal(utt('Ses03M_impro05a_M000').dialog, 'Ses03M_impro05a');
  assert.equal(utt('Ses05M_script01_1b_F000').dialog, 'Ses05M_script01_1b');
  assert.equal(utt('Ses01F_script01_1_F000').dialog, 'Ses01F_script01_1');
  assert.equal(utt('Ses03M_impro05a_M000').attributes?.type, 'impro');
  assert.equal(utt('Ses05M_script01_1b_F000').attributes?.type, 'script');
  assert.equal(utt('Ses05M_script01_1b_F000').audioPath, join(fx.base, 'Session5', 'sentences', 'wav', 'Ses05M_script01_1b', 'Ses05M_script01_1b_F000.wav'));
});

test('external votes and self-evaluations are kept apart, multi-label lines give several codes', () => {
  const u = utt('Ses01F_impro01_F000');
  assert.deepEqual(u.votes, [
    { evaluator: 'E1', labels: ['neu'] },
    { evaluator: 'E2', labels: ['neu', 'ang'], note: 'a bit annoyed' },
  ]);
  assert.deepEqual(u.selfVotes, [{ evaluator: 'F1', labels: ['neu'], note: 'curious' }]);
  assert.deepEqual(utt('Ses01F_impro01_M000').selfVotes, [{ evaluator: 'M1', labels: ['fru'] }]);
  assert.deepEqual(utt('Ses01F_impro01_F002').votes?.[0].labels, ['exc', 'hap']);
});

test('attribute lines with "dom  2" (double space) parse, self attributes included', () => {
  const u = utt('Ses01F_impro01_F000');
  assert.deepEqual(u.dimensionalVotes, [
    { evaluator: 'E3', valence: 3, activation: 2, dominance: 2 },
    { evaluator: 'F1', valence: 4, activation: 3, dominance: 1, note: 'self' },
  ]);
});

test('codes, xxx and [V, A, D] come from the block header; times and transcripts are kept', () => {
  const f1 = utt('Ses01F_impro01_F001');
  assert.equal(f1.label, 'xxx');
  assert.equal(f1.rawLabel, 'xxx');
  assert.equal(utt('Ses01F_impro01_F002').label, 'exc');
  const spec = fx.dialogs[0].utterances[0];
  const u = utt(spec.id);
  assert.deepEqual(u.vad, spec.vad);
  assert.equal(u.attributes?.dialogStart, Number(spec.start.toFixed(4)));
  assert.equal(u.attributes?.dialogEnd, Number(spec.end.toFixed(4)));
  assert.equal(u.start, undefined, 'each IEMOCAP sentence wav is the whole utterance');
  assert.equal(u.transcript, 'Line F000 of Ses01F_impro01.');
  assert.equal(ds.utterances.some((x) => x.id.includes('MXX')), false);
});

test('the missing wav is reported with its path and the listing line; shadow files are ignored', () => {
  assert.equal(ds.errors.length, 1, JSON.stringify(ds.errors));
  assert.equal(ds.errors[0].file, fx.missing[0]);
  assert.match(ds.errors[0].message, /not found.*Ses01F_impro01\.txt line \d+/);
  assert.equal(JSON.stringify(ds).includes('._'), false);
});

test('the folder holding Session1.. works as the root too', async () => {
  const d2 = await loadDataset(fs, fx.base, { format: 'iemocap' });
  assert.equal(d2.utterances.length, ds.utterances.length);
});

test('a bad block header is reported with file and line, the other blocks of the file still load', async () => {
  const t = await tempCorpusDir();
  try {
    const f2 = await writeIemocapFixture(t.fs, t.dir);
    const evalFile = join(f2.base, 'Session1', 'dialog', 'EmoEvaluation', 'Ses01F_impro01.txt');
    const text = new TextDecoder().decode(await t.fs.readFile(evalFile));
    const broken = text.replace(/\[[0-9.]+ - [0-9.]+\]\tSes01F_impro01_M001\t/, '[oops]\tSes01F_impro01_M001\t');
    assert.notEqual(broken, text);
    await t.fs.writeFileAtomic(evalFile, broken);
    const d = await loadDataset(t.fs, t.dir);
    assert.equal(d.utterances.length, 12);
    assert.equal(d.utterances.some((u) => u.id === 'Ses01F_impro01_M001'), false);
    const bad = d.errors.find((e) => e.file === evalFile);
    assert.ok(bad, JSON.stringify(d.errors));
    const line = broken.split('\n').findIndex((l) => l.startsWith('[oops]')) + 1;
    assert.match(bad.message, new RegExp(`^line ${line}: bad time span`));
  } finally {
    await t.cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanDataset, usableUtterances } from '../../../src/engine/datasets/scan';
import { CancelledError, SerError } from '../../../src/engine/errors';
import {
  IEMOCAP_FIXTURE_4CLASS, tempCorpusDir, writeEmodbFixture, writeIemocapFixture, writeManifestFixture,
} from '../../fixtures/corpora';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('IEMOCAP scan: 4 classes with hap+exc, missing and truncated wavs reported by name, the rest counted', async () => {
  const t = await tempCorpusDir();
  try {
    const fx = await writeIemocapFixture(t.fs, t.dir);
    const progress: [number, number][] = [];
    const r = await scanDataset(t.fs, t.dir, { onProgress: (d, n) => progress.push([d, n]) });
    assert.equal(r.format, 'iemocap');
    assert.equal(r.root, fx.base);
    assert.equal(r.utterances, IEMOCAP_FIXTURE_4CLASS.utterances);
    assert.deepEqual(r.classes, IEMOCAP_FIXTURE_4CLASS.classes);
    assert.equal(r.speakers, IEMOCAP_FIXTURE_4CLASS.speakers);
    assert.equal(r.sessions, IEMOCAP_FIXTURE_4CLASS.sessions);
    assert.ok(close(r.totalSeconds, IEMOCAP_FIXTURE_4CLASS.totalSeconds), String(r.totalSeconds));
    assert.deepEqual(r.errors.map((e) => e.file).sort(), [...fx.missing, ...fx.truncated].sort());
    const trunc = r.errors.find((e) => e.file === fx.truncated[0])!;
    assert.match(trunc.message, /truncat/);
    assert.equal(r.errors.some((e) => e.file.includes('._')), false);
    // 11 selected (10 usable + the truncated one; the missing one is dropped at load).
    assert.deepEqual(progress[0], [0, 11]);
    assert.deepEqual(progress[progress.length - 1], [11, 11]);
  } finally {
    await t.cleanup();
  }
});

test('IEMOCAP scan with 5 classes and the improvised subset', async () => {
  const t = await tempCorpusDir();
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const five = await scanDataset(t.fs, t.dir, { classes: '5class' });
    assert.deepEqual(five.classes, { ...IEMOCAP_FIXTURE_4CLASS.classes, fru: 1 });
    const impro = await scanDataset(t.fs, t.dir, { subset: 'improvised' });
    // Ses01F_impro01: F000 neu, M000 ang, M001 hap, F002 exc; Ses03M_impro05a: M000 hap, F000 neu.
    assert.deepEqual(impro.classes, { ang: 1, hap: 3, neu: 2, sad: 0 });
    assert.equal(impro.sessions, 2);
    const scripted = await usableUtterances(t.fs, t.dir, { subset: 'scripted', classes: 'ang,sad' });
    assert.deepEqual(scripted.utterances.map((u) => u.utterance.id), ['Ses01F_script01_1_M000', 'Ses05M_script01_1b_F000']);
    assert.deepEqual(scripted.utterances.map((u) => u.seconds), [0.55, 0.35]);
    assert.deepEqual(scripted.errors.map((e) => e.file).length, 2, 'missing (load) and truncated (probe)');
  } finally {
    await t.cleanup();
  }
});

test('EmoDB scan; a subset other than all is refused outside IEMOCAP', async () => {
  const t = await tempCorpusDir();
  try {
    const fx = await writeEmodbFixture(t.fs, t.dir);
    // EmoDB is used with all seven of its emotions by default.
    const r = await scanDataset(t.fs, t.dir);
    assert.deepEqual(r.classes, { ang: 1, bor: 1, dis: 1, fea: 1, hap: 1, neu: 1, sad: 1 });
    assert.equal(r.speakers, 5);
    assert.equal(r.sessions, 5);
    assert.ok(close(r.totalSeconds, [...fx.seconds.values()].reduce((a, b) => a + b, 0)));
    const four = await scanDataset(t.fs, t.dir, { classes: '4class' });
    assert.deepEqual(four.classes, { ang: 1, hap: 1, neu: 1, sad: 1 });
    assert.equal(four.speakers, 2);
    const want = ['03a01Fa', '03a02Wb', '08b01Nc', '08a04Ta'].reduce((s, id) => s + fx.seconds.get(id)!, 0);
    assert.ok(close(four.totalSeconds, want));
    assert.deepEqual(r.errors.map((e) => e.file), fx.badNames);
    await assert.rejects(scanDataset(t.fs, t.dir, { subset: 'improvised' }), (e: unknown) => e instanceof SerError && e.code === 'usage');
  } finally {
    await t.cleanup();
  }
});

test('manifest scan counts regions, not whole files', async () => {
  const t = await tempCorpusDir();
  try {
    const fx = await writeManifestFixture(t.fs, t.dir, 'jsonl');
    const sel = await usableUtterances(t.fs, t.dir);
    assert.deepEqual(new Map(sel.utterances.map((u) => [u.utterance.id, u.seconds])), fx.seconds);
    assert.deepEqual(sel.utterances.map((u) => u.sampleRate), [16000, 16000, 16000, 16000]);
    const r = await scanDataset(t.fs, t.dir);
    assert.ok(close(r.totalSeconds, 0.3 + 0.4 + 0.25 + 0.5));
    assert.equal(r.speakers, 2);
    assert.equal(r.sessions, 2, 's1 and spk2');
  } finally {
    await t.cleanup();
  }
});

test('a region past the end of its audio is reported, not counted', async () => {
  const t = await tempCorpusDir();
  try {
    await writeManifestFixture(t.fs, t.dir, 'csv');
    await t.fs.writeFileAtomic(join(t.dir, 'manifest.csv'), 'path,label,start,end\naudio/c.wav,sad,5,6\naudio/e.wav,ang,,\n');
    const r = await scanDataset(t.fs, t.dir);
    assert.equal(r.utterances, 1);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /region starts at 5 s, after the end of the audio/);
  } finally {
    await t.cleanup();
  }
});

test('an aborted scan stops with CancelledError', async () => {
  const t = await tempCorpusDir();
  try {
    await writeIemocapFixture(t.fs, t.dir);
    const ac = new AbortController();
    await assert.rejects(
      scanDataset(t.fs, t.dir, { signal: ac.signal, onProgress: (d) => { if (d === 2) ac.abort(); } }),
      (e: unknown) => e instanceof CancelledError,
    );
  } finally {
    await t.cleanup();
  }
});

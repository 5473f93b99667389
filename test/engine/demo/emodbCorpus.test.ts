import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDataset } from '../../../src/engine/datasets/scan';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import { parseEmodbName } from '../../../src/engine/datasets/emodb';
import { EMODB_CLASS_COUNTS, EMODB_SPEAKERS, planEmodbCorpus, writeEmodbCorpus } from '../../../src/engine/demo/emodbCorpus';
import { parseTruth, truthJson } from '../../../src/engine/demo/corpusTruth';
import { tempCorpusDir } from '../../fixtures/corpora';

const SEVEN = 'ang,bor,dis,fea,hap,sad,neu';

test('the EmoDB-like benchmark corpus: 535 files, 10 speakers with their genders, 7 classes in EmoDB counts, ~25 min', async () => {
  const t = await tempCorpusDir('ser-emodb-');
  try {
    const r = await writeEmodbCorpus(t.fs, t.dir, { seed: 3 });
    const scan = await scanDataset(t.fs, t.dir, { classes: SEVEN });
    assert.equal(scan.format, 'emodb');
    assert.deepEqual(scan.errors, []);
    assert.equal(scan.utterances, 535);
    assert.equal(scan.speakers, 10);
    assert.deepEqual(scan.classes, { ...EMODB_CLASS_COUNTS });
    assert.ok(scan.totalSeconds > 21 * 60 && scan.totalSeconds < 29 * 60, `${(scan.totalSeconds / 60).toFixed(1)} min`);
    const ds = await loadDataset(t.fs, t.dir);
    const gender = new Map(EMODB_SPEAKERS.map((s) => [s.id, s.gender]));
    for (const u of ds.utterances) assert.equal(u.gender, gender.get(u.speaker), u.id);
    // Every speaker has every emotion, and texts a01..b10 rotate.
    const texts = new Set(ds.utterances.map((u) => u.attributes!.text));
    assert.equal(texts.size, 10);
    for (const s of gender.keys()) assert.equal(new Set(ds.utterances.filter((u) => u.speaker === s).map((u) => u.label)).size, 7, s);
    assert.equal(r.truth.utterances.length, 535);
    assert.deepEqual(r.truth.flips, []);
    const durations = r.truth.utterances.map((u) => u.seconds);
    assert.ok(Math.min(...durations) > 0.8 && Math.max(...durations) < 9);
  } finally {
    await t.cleanup();
  }
});

test('EmoDB with wrong labels: class counts kept, names parse to the file label, truth records each flip', async () => {
  const t = await tempCorpusDir('ser-emodb-');
  try {
    const r = await writeEmodbCorpus(t.fs, t.dir, { seed: 5, flipFraction: 0.1, lengthScale: 0.25, sampleRate: 22050 });
    const scan = await scanDataset(t.fs, t.dir, { classes: SEVEN });
    assert.equal(scan.utterances, 535);
    assert.deepEqual(scan.classes, { ...EMODB_CLASS_COUNTS });
    const flips = r.truth.flips;
    assert.ok(flips.length >= 52 && flips.length <= 54, `${flips.length} flips`);
    const letters: Record<string, string> = { W: 'ang', L: 'bor', E: 'dis', A: 'fea', F: 'hap', T: 'sad', N: 'neu' };
    for (const f of flips) {
      assert.notEqual(f.fileLabel, f.trueLabel);
      assert.equal(letters[parseEmodbName(`${f.id}.wav`)!.letter], f.fileLabel, f.id);
    }
    assert.equal(new Set(r.truth.utterances.map((u) => u.id)).size, 535);
    const back = parseTruth(truthJson(r.truth), 'truth.json');
    assert.deepEqual(back, r.truth);
    assert.equal(back.sampleRate, 22050);
  } finally {
    await t.cleanup();
  }
});

test('EmoDB plans: same text id, same words for every speaker and emotion; options are checked', () => {
  const plan = planEmodbCorpus({ classCounts: { ang: 20, sad: 20 }, speakers: ['03', '08'] });
  assert.equal(plan.utterances.length, 40);
  assert.deepEqual(new Set(plan.utterances.map((u) => u.speakerId)), new Set(['03', '08']));
  const a01 = plan.utterances.filter((u) => u.text === 'a01');
  assert.ok(a01.length >= 2 && new Set(a01.map((u) => `${u.textId}/${u.syllables}`)).size === 1);
  assert.throws(() => planEmodbCorpus({ speakers: ['99'] }), /unknown speaker "99"/);
  assert.throws(() => planEmodbCorpus({ classCounts: { exc: 3 } as never }), /unknown class "exc"/);
  assert.throws(() => planEmodbCorpus({ difficulty: -0.1 }), /difficulty/);
  assert.throws(() => planEmodbCorpus({ speakers: ['03'], classCounts: { neu: 500 } }), /exceeds 240/);
  assert.throws(() => parseTruth('{"format":"x"}', 'f.json'), /not a synthetic-corpus truth file/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import { parseEmodbName } from '../../../src/engine/datasets/emodb';
import { parseRavdessName } from '../../../src/engine/datasets/ravdess';
import { parseCremadName } from '../../../src/engine/datasets/cremad';
import type { LoadedDataset } from '../../../src/engine/datasets/utterance';
import { tempCorpusDir, writeCremadFixture, writeEmodbFixture, writeRavdessFixture, type NamedFixture } from '../../fixtures/corpora';
import type { FileSystem } from '../../../src/engine/io/fileSystem';

async function withCorpus(write: (fs: FileSystem, root: string) => Promise<NamedFixture>, check: (d: LoadedDataset, fx: NamedFixture) => void): Promise<void> {
  const t = await tempCorpusDir();
  try {
    const fx = await write(t.fs, t.dir);
    const d = await loadDataset(t.fs, t.dir);
    assert.deepEqual(new Map(d.utterances.map((u) => [u.id, u.label])), fx.labels);
    assert.deepEqual(d.errors.map((e) => e.file).sort(), [...fx.badNames].sort());
    for (const e of d.errors) assert.match(e.message, /does not follow .* pattern/);
    assert.equal(JSON.stringify(d).includes('._'), false, 'shadow files are ignored');
    check(d, fx);
  } finally {
    await t.cleanup();
  }
}

test('EmoDB names: speaker, text, emotion letter, version', () => {
  assert.deepEqual(parseEmodbName('03a01Fa.wav'), { speaker: '03', text: 'a01', letter: 'F', version: 'a' });
  assert.equal(parseEmodbName('03a01Xa.wav'), undefined);
  assert.equal(parseEmodbName('3a01Fa.wav'), undefined);
});

test('EmoDB corpus loads with German emotion letters mapped to codes', async () => {
  await withCorpus(writeEmodbFixture, (d) => {
    assert.equal(d.format, 'emodb');
    const u = d.utterances.find((x) => x.id === '03a01Fa')!;
    assert.deepEqual({ speaker: u.speaker, session: u.session, rawLabel: u.rawLabel, gender: u.gender, attributes: u.attributes }, {
      speaker: '03', session: '03', rawLabel: 'F', gender: 'M', attributes: { text: 'a01', version: 'a' },
    });
    assert.equal(d.utterances.find((x) => x.id === '08b01Nc')!.gender, 'F');
  });
});

test('RAVDESS names: seven fields, emotion 01..08', () => {
  assert.deepEqual(parseRavdessName('03-01-05-01-02-01-12.wav'), {
    modality: 'audio', channel: 'speech', emotionCode: '05', label: 'ang', intensity: 'normal', statement: 2, repetition: 1, actor: '12',
  });
  assert.equal(parseRavdessName('03-01-09-01-02-01-12.wav'), undefined);
  assert.equal(parseRavdessName('03-01-05-01-02-01.wav'), undefined);
});

test('RAVDESS corpus loads; odd actors are male', async () => {
  await withCorpus(writeRavdessFixture, (d) => {
    assert.equal(d.format, 'ravdess');
    const a1 = d.utterances.find((x) => x.id === '03-01-05-02-01-01-01')!;
    assert.deepEqual([a1.speaker, a1.gender, a1.attributes?.intensity], ['01', 'M', 'strong']);
    const a2 = d.utterances.find((x) => x.id === '03-02-06-01-01-01-02')!;
    assert.deepEqual([a2.speaker, a2.gender, a2.attributes?.channel, a2.label], ['02', 'F', 'song', 'fea']);
  });
});

test('CREMA-D names and genders from VideoDemographics.csv', async () => {
  assert.deepEqual(parseCremadName('1001_DFA_ANG_XX.wav'), { actor: '1001', sentence: 'DFA', emotion: 'ANG', level: 'XX' });
  assert.equal(parseCremadName('1001_DFA_SUR_XX.wav'), undefined);
  await withCorpus(writeCremadFixture, (d) => {
    assert.equal(d.format, 'cremad');
    const u = d.utterances.find((x) => x.id === '1002_ITS_SAD_LO')!;
    assert.deepEqual([u.speaker, u.gender, u.rawLabel, u.attributes?.level, u.attributes?.sentence], ['1002', 'F', 'SAD', 'low', 'ITS']);
    assert.equal(d.utterances.find((x) => x.id === '1001_DFA_ANG_XX')!.gender, 'M');
    assert.equal(d.utterances.find((x) => x.id === '1091_MTI_FEA_XX')!.gender, undefined);
    assert.ok(d.utterances.every((x) => basename(x.audioPath) === `${x.id}.wav`));
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { detectDataset } from '../../../src/engine/datasets/detect';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import { DatasetError } from '../../../src/engine/errors';
import type { FileSystem } from '../../../src/engine/io/fileSystem';
import {
  shadowBytes, tempCorpusDir, toneWav, writeCremadFixture, writeEmodbFixture, writeFoldersFixture, writeIemocapFixture,
  writeManifestFixture, writeRavdessFixture,
} from '../../fixtures/corpora';

const BUILDERS: [string, (fs: FileSystem, root: string) => Promise<unknown>][] = [
  ['iemocap', writeIemocapFixture],
  ['emodb', writeEmodbFixture],
  ['ravdess', writeRavdessFixture],
  ['cremad', writeCremadFixture],
  ['manifest', (fs, r) => writeManifestFixture(fs, r, 'csv')],
  ['folders', writeFoldersFixture],
];

for (const [format, write] of BUILDERS) {
  test(`detects ${format} from its layout`, async () => {
    const t = await tempCorpusDir();
    try {
      await write(t.fs, t.dir);
      assert.equal((await detectDataset(t.fs, t.dir)).format, format);
    } finally {
      await t.cleanup();
    }
  });
}

test('a folder of unrelated files is not a dataset, and the error says what was looked for', async () => {
  const t = await tempCorpusDir();
  try {
    await t.fs.writeFileAtomic(join(t.dir, 'notes.txt'), 'hello');
    await t.fs.writeFileAtomic(join(t.dir, 'table.csv'), 'a,b\n1,2\n');
    await t.fs.writeFileAtomic(join(t.dir, 'empty', 'x.txt'), 'x');
    await t.fs.writeFileAtomic(join(t.dir, '._loose.wav'), shadowBytes(1));
    await assert.rejects(detectDataset(t.fs, t.dir), (e: unknown) => {
      assert.ok(e instanceof DatasetError);
      assert.equal(e.code, 'not-a-dataset');
      assert.equal(e.file, t.dir);
      for (const what of ['Session*/dialog/EmoEvaluation', '03a01Fa.wav', 'Actor_*', '1001_DFA_ANG_XX.wav', 'manifest.csv', '<class>/*.wav']) {
        assert.ok(e.problem.includes(what), `${what} missing from: ${e.problem}`);
      }
      return true;
    });
  } finally {
    await t.cleanup();
  }
});

test('a missing root is not-found; a forced format that does not fit says which layout it wanted', async () => {
  const t = await tempCorpusDir();
  try {
    await assert.rejects(detectDataset(t.fs, join(t.dir, 'nope')), (e: unknown) => e instanceof DatasetError && e.code === 'not-found');
    await writeEmodbFixture(t.fs, t.dir);
    await assert.rejects(loadDataset(t.fs, t.dir, { format: 'iemocap' }), (e: unknown) => {
      assert.ok(e instanceof DatasetError);
      assert.equal(e.code, 'not-a-dataset');
      assert.match(e.problem, /not a iemocap dataset; looked for IEMOCAP: Session\*\/dialog\/EmoEvaluation/);
      return true;
    });
    assert.equal((await loadDataset(t.fs, t.dir, { format: 'folders' })).format, 'folders', 'a forced format wins over detection');
  } finally {
    await t.cleanup();
  }
});

test('class folders: nested wavs, folder names as labels, hidden folders and shadow files skipped', async () => {
  const t = await tempCorpusDir();
  try {
    const fx = await writeFoldersFixture(t.fs, t.dir);
    const d = await loadDataset(t.fs, t.dir);
    assert.deepEqual(new Map(d.utterances.map((u) => [u.id, u.label])), fx.labels);
    const y = d.utterances.find((u) => u.id === 'Happy/sub/y1.wav')!;
    assert.deepEqual([y.rawLabel, y.speaker, y.session], ['Happy', 'unknown', 'unknown']);
    assert.deepEqual(d.errors, []);
  } finally {
    await t.cleanup();
  }
});

test('EmoDB wins over a stray wav folder only when most names fit', async () => {
  const t = await tempCorpusDir();
  try {
    for (const n of ['take1', 'take2', '03a01Fa']) await t.fs.writeFileAtomic(join(t.dir, 'wav', `${n}.wav`), toneWav(0.05, 1));
    assert.equal((await detectDataset(t.fs, t.dir)).format, 'folders');
  } finally {
    await t.cleanup();
  }
});

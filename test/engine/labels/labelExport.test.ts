import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { SerError } from '../../../src/engine/errors';
import type { Utterance } from '../../../src/engine/datasets/utterance';
import { parseCsv } from '../../../src/engine/datasets/csv';
import { labelSidecarPath } from '../../../src/engine/labels/labelStore';
import { LABEL_EXPORT_COLUMNS, csvField, labelsToCsv, labelsToJson, writeLabelExport } from '../../../src/engine/labels/labelExport';
import { CORPUS, openStore, tempRoot, type TempRoot } from './labelFixtures';

function utterances(t: TempRoot): Utterance[] {
  return Object.entries(CORPUS).map(([id, label], i) => ({
    id,
    audioPath: `${t.root}/wav/${id}.wav`,
    speaker: i < 2 ? 'Ses01F' : 'Ses01M',
    session: 'Ses01',
    label,
  }));
}

async function corrected(t: TempRoot) {
  const s = await openStore(t);
  await s.set('u1', 'ang', { who: 'ana', note: 'loud, "angry"\nsecond line' });
  await s.set('u4', 'hap', { who: 'ben, jr.' });
  await s.set('u2', 'sad', { who: 'ana' });
  await s.set('u2', 'ang', { who: 'ben' }); // confirmed back to the corpus label
  return s;
}

test('csvField quotes exactly the fields RFC 4180 requires', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
  assert.equal(csvField(''), '');
});

test('CSV export: header, effective labels, correction columns, quoting that round-trips', async () => {
  const t = tempRoot();
  try {
    const s = await corrected(t);
    const csv = labelsToCsv(utterances(t), s);
    assert.ok(csv.startsWith('id,speaker,session,corpus_label,label,corrected,who,when,note\r\n'));
    assert.ok(csv.includes('u1,Ses01F,Ses01,neu,ang,true,ana,2024-05-01T10:00:00.000Z,"loud, ""angry""\nsecond line"\r\n'), csv);
    assert.ok(csv.includes('u3,Ses01M,Ses01,sad,sad,false,,,\r\n'), csv);
    const { rows, errors } = parseCsv(csv, 'export.csv');
    assert.deepEqual(errors, []);
    assert.deepEqual(rows.map((r) => r.fields), [
      [...LABEL_EXPORT_COLUMNS],
      ['u1', 'Ses01F', 'Ses01', 'neu', 'ang', 'true', 'ana', '2024-05-01T10:00:00.000Z', 'loud, "angry"\nsecond line'],
      ['u2', 'Ses01F', 'Ses01', 'ang', 'ang', 'false', 'ben', '2024-05-01T10:00:03.000Z', ''],
      ['u3', 'Ses01M', 'Ses01', 'sad', 'sad', 'false', '', '', ''],
      ['u4', 'Ses01M', 'Ses01', '', 'hap', 'true', 'ben, jr.', '2024-05-01T10:00:01.000Z', ''],
    ]);
  } finally {
    t.cleanup();
  }
});

test('JSON export: an array of row objects with nulls for absent values', async () => {
  const t = tempRoot();
  try {
    const s = await corrected(t);
    const rows = JSON.parse(labelsToJson(utterances(t), s));
    assert.equal(rows.length, 4);
    assert.deepEqual(rows[0], {
      id: 'u1',
      speaker: 'Ses01F',
      session: 'Ses01',
      corpus_label: 'neu',
      label: 'ang',
      corrected: true,
      who: 'ana',
      when: '2024-05-01T10:00:00.000Z',
      note: 'loud, "angry"\nsecond line',
    });
    assert.deepEqual(rows[3], {
      id: 'u4', speaker: 'Ses01M', session: 'Ses01', corpus_label: null, label: 'hap', corrected: true,
      who: 'ben, jr.', when: '2024-05-01T10:00:01.000Z', note: null,
    });
    assert.deepEqual(Object.keys(rows[2]), [...LABEL_EXPORT_COLUMNS]);
    assert.equal(rows[2].who, null);
  } finally {
    t.cleanup();
  }
});

test('writeLabelExport writes atomically and refuses the sidecar, corpus audio and existing files', async () => {
  const t = tempRoot();
  try {
    const s = await corrected(t);
    const utts = utterances(t);
    const out = `${t.root}/exports/labels.csv`;
    await writeLabelExport(t.fs, out, utts, s, { format: 'csv' });
    assert.equal(readFileSync(out, 'utf8'), labelsToCsv(utts, s));
    const sidecar = readFileSync(labelSidecarPath(t.root), 'utf8');
    const usage = (e: unknown) => e instanceof SerError && e.code === 'usage';
    await assert.rejects(writeLabelExport(t.fs, out, utts, s, { format: 'json' }), (e) => usage(e) && /already exists/.test((e as Error).message));
    await assert.rejects(writeLabelExport(t.fs, labelSidecarPath(t.root), utts, s, { format: 'json', overwrite: true }), usage);
    await assert.rejects(writeLabelExport(t.fs, `${t.root}/.ser/../.ser/labels.jsonl`, utts, s, { format: 'csv', overwrite: true }), usage);
    await assert.rejects(writeLabelExport(t.fs, utts[2].audioPath, utts, s, { format: 'csv', overwrite: true }), usage);
    assert.equal(existsSync(utts[2].audioPath), false, 'nothing written in place of the audio');
    assert.equal(readFileSync(labelSidecarPath(t.root), 'utf8'), sidecar);
    await writeLabelExport(t.fs, out, utts, s, { format: 'json', overwrite: true });
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).length, 4);
  } finally {
    t.cleanup();
  }
});

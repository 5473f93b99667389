import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseCsv } from '../../../src/engine/datasets/csv';
import { parseCsvManifest, parseJsonlManifest } from '../../../src/engine/datasets/manifestParse';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import { normaliseLabel } from '../../../src/engine/datasets/labelAliases';
import { tempCorpusDir, toneWav, writeManifestFixture } from '../../fixtures/corpora';

test('RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF, empty fields', () => {
  const { rows, errors } = parseCsv('a,b,c\r\n"x, y","say ""hi""",\r\n"two\nlines",2,3\n\nlast,,', 'm.csv');
  assert.deepEqual(errors, []);
  assert.deepEqual(rows, [
    { fields: ['a', 'b', 'c'], line: 1 },
    { fields: ['x, y', 'say "hi"', ''], line: 2 },
    { fields: ['two\nlines', '2', '3'], line: 3 },
    { fields: ['last', '', ''], line: 6 },
  ]);
});

test('CSV: an unclosed quote or text after a closing quote costs one row, named by line', () => {
  const { rows, errors } = parseCsv('h1,h2\n"x"y,3\nok,2\n"open,1\nfine,4\n', 'm.csv');
  assert.deepEqual(rows.map((r) => [r.fields[0], r.line]), [['h1', 1], ['ok', 3], ['fine', 5]]);
  assert.deepEqual(errors.map((e) => [e.file, e.message.replace(/;.*/, '')]), [
    ['m.csv', 'line 2: text follows a closing quote (quotes inside a field must be doubled: "")'],
    ['m.csv', 'line 4: a quoted field is never closed'],
  ]);
});

test('CSV manifest: header aliases, optional columns, bad rows reported with their lines', () => {
  const text = 'File,Emotion,Speaker,Start,End\na.wav,Angry,s1,,\nb.wav,,s2,0.5,1.5\n,sad,s3,,\nc.wav,sad,s3,2,1\nd.wav,sad,s3,x,\ne.wav,sad,s3,,,extra\n';
  const { records, errors } = parseCsvManifest(text, '/d/m.csv');
  assert.deepEqual(records, [
    { path: 'a.wav', label: 'Angry', speaker: 's1', line: 2 },
    { path: 'b.wav', speaker: 's2', start: 0.5, end: 1.5, line: 3 },
  ]);
  assert.deepEqual(errors.map((e) => e.message.replace(/;.*/, '')), [
    'line 4: the row has no path',
    'line 5: end 1 s is not after start 2 s',
    'line 6: start "x" is not a time in seconds (a finite number >= 0)',
    'line 7: the row has 6 fields but the header names 5',
  ]);
  assert.ok(errors.every((e) => e.file === '/d/m.csv'));
  const noPath = parseCsvManifest('label,speaker\nang,s1\n', '/d/m.csv');
  assert.equal(noPath.records.length, 0);
  assert.match(noPath.errors[0].message, /line 1: the header row has no "path" column \(found "label", "speaker"\)/);
});

test('JSONL manifest: objects per line; bad JSON and non-objects are reported', () => {
  const text = '{"path":"a.wav","label":"happy","speaker":7}\n\nnot json\n[1]\n{"label":"x"}\n{"path":"b.wav","start":"0.25","end":1}\n{"path":"c.wav","start":1e999}\n';
  const { records, errors } = parseJsonlManifest(text, '/d/m.jsonl');
  assert.deepEqual(records, [
    { path: 'a.wav', label: 'happy', speaker: '7', line: 1 },
    { path: 'b.wav', start: 0.25, end: 1, line: 6 },
  ]);
  const want = [
    /^line 3: not valid JSON/,
    /^line 4: expected a JSON object, got an array/,
    /^line 5: the row has no path/,
    /^line 7: start "Infinity" is not a time/,
  ];
  assert.equal(errors.length, want.length, JSON.stringify(errors));
  want.forEach((re, i) => assert.match(errors[i].message, re));
  assert.ok(errors.every((e) => e.file === '/d/m.jsonl'));
});

test('label aliases normalise names, unknown labels are lower-cased', () => {
  const cases: [string, string | undefined][] = [
    ['Angry', 'ang'], ['anger', 'ang'], ['JOY', 'hap'], ['happiness', 'hap'], ['neutral', 'neu'], ['Sadness', 'sad'],
    ['excited', 'exc'], ['frustrated', 'fru'], ['fearful', 'fea'], ['disgust', 'dis'], ['surprised', 'sur'],
    ['calm', 'cal'], ['boredom', 'bor'], ['Whisper', 'whisper'], ['  ', undefined],
  ];
  for (const [raw, code] of cases) assert.equal(normaliseLabel(raw), code, raw);
});

for (const kind of ['csv', 'jsonl'] as const) {
  test(`${kind} manifest corpus: relative paths, ids, regions, missing audio and bad rows reported`, async () => {
    const t = await tempCorpusDir();
    try {
      const fx = await writeManifestFixture(t.fs, t.dir, kind);
      const d = await loadDataset(t.fs, t.dir);
      assert.equal(d.format, 'manifest');
      assert.equal(d.root, t.dir);
      assert.deepEqual(new Map(d.utterances.map((u) => [u.id, u.label])), fx.labels);
      const a = d.utterances.find((u) => u.id === 'audio/a, b.wav')!;
      assert.deepEqual([a.audioPath, a.speaker, a.session, a.rawLabel], [join(t.dir, 'audio', 'a, b.wav'), 'spk1', 's1', 'Angry']);
      const c = d.utterances.find((u) => u.id === 'audio/c.wav')!;
      assert.equal(c.session, 'spk2', 'without a session the speaker is the session');
      const e = d.utterances.find((u) => u.id === 'e-region')!;
      assert.deepEqual([e.start, e.end], [0.25, 0.75]);
      assert.equal(d.errors.length, 2, JSON.stringify(d.errors));
      const missing = d.errors.find((x) => x.file === fx.missing[0]);
      assert.ok(missing);
      assert.match(missing.message, new RegExp(`not found \\(listed in .*manifest\\.${kind} line ${fx.badLines[0] + 1}\\)`));
      const bad = d.errors.find((x) => x.file === fx.file)!;
      assert.match(bad.message, new RegExp(`^line ${fx.badLines[0]}: the row has no path`));
    } finally {
      await t.cleanup();
    }
  });
}

test('a manifest file given as the root, and manifests in other folders resolve relative to themselves', async () => {
  const t = await tempCorpusDir();
  try {
    await t.fs.writeFileAtomic(join(t.dir, 'lists', 'train.jsonl'), '{"path":"../wavs/x.wav","label":"sad"}\n');
    await t.fs.writeFileAtomic(join(t.dir, 'wavs', 'x.wav'), toneWav(0.1, 1));
    const d = await loadDataset(t.fs, join(t.dir, 'lists', 'train.jsonl'));
    assert.equal(d.format, 'manifest');
    assert.deepEqual(d.errors, []);
    assert.equal(d.utterances[0].audioPath, join(t.dir, 'wavs', 'x.wav'));
    assert.equal(d.utterances[0].id, join(t.dir, 'wavs', 'x.wav'), 'a file outside the manifest folder keeps its full path as id');
  } finally {
    await t.cleanup();
  }
});

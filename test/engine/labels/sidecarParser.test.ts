import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine, parseSidecarChunk } from '../../../src/engine/labels/sidecarParser';
import { serializeRecord, checkRecord, type SetRecord } from '../../../src/engine/labels/labelRecord';
import { Prng } from '../../../src/engine/demo/prng';

const enc = new TextEncoder();

function rec(i: number, note?: string): SetRecord {
  const r: SetRecord = {
    v: 1,
    id: i.toString(16).padStart(12, '0'),
    op: 'set',
    utt: `Ses01F_impro01_F${String(i).padStart(3, '0')}`,
    old: i % 3 === 0 ? null : 'neu',
    new: 'ang',
    who: 'ana',
    when: '2024-05-01T10:00:00.000Z',
  };
  if (note !== undefined) r.note = note;
  return r;
}

test('serialised records read back identically, notes with quotes, newlines and record-like text included', () => {
  const tricky = ['a "quoted" note', 'line1\nline2', '{"v":1,"id":"x"}', 'émotion – 😀', '\\'];
  const text = tricky.map((n, i) => serializeRecord(rec(i, n))).join('');
  assert.equal(text.split('\n').length, tricky.length + 1, 'one line per record');
  const out = parseSidecarChunk(enc.encode(text), '/d/.ser/labels.jsonl', 1);
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.records.map((r) => r.record), tricky.map((n, i) => rec(i, n)));
  assert.deepEqual(out.records.map((r) => r.line), [1, 2, 3, 4, 5]);
  assert.equal(out.consumed, enc.encode(text).length);
  assert.equal(out.tailBytes, 0);
});

test('every cut of a sidecar keeps the complete lines and reports only the torn tail', () => {
  const lines = Array.from({ length: 12 }, (_, i) => serializeRecord(rec(i, i % 4 === 1 ? 'ça, "va"' : undefined)));
  const bytes = enc.encode(lines.join(''));
  const ends: number[] = [];
  let acc = 0;
  for (const l of lines) ends.push((acc += enc.encode(l).length));
  for (let cut = 0; cut <= bytes.length; cut++) {
    const out = parseSidecarChunk(bytes.subarray(0, cut), 'f', 1);
    const whole = ends.filter((e) => e <= cut).length;
    assert.equal(out.records.length, whole, `cut ${cut}`);
    assert.deepEqual(out.problems, [], `cut ${cut}`);
    const atBoundary = cut === 0 || ends.includes(cut);
    assert.equal(out.tailProblem === undefined, atBoundary, `cut ${cut}`);
    if (!atBoundary) {
      assert.equal(out.tailProblem!.line, whole + 1);
      assert.equal(out.tailProblem!.kind, 'torn-tail');
      // Only the cut right before the newline leaves a whole record in the tail.
      assert.equal(out.tailRecords.length, ends.includes(cut + 1) ? 1 : 0, `cut ${cut}`);
    }
  }
});

test('a record glued after any torn fragment is recovered, the fragment reported on that line', () => {
  const prng = new Prng(7);
  const good = serializeRecord(rec(99, 'glued'));
  for (let k = 0; k < 200; k++) {
    const victim = enc.encode(serializeRecord(rec(k, k % 2 ? 'multi-byte é😀 text' : undefined)));
    const cut = 1 + prng.int(victim.length - 2); // never a whole record, never empty
    const head = serializeRecord(rec(1000 + k));
    const bytes = new Uint8Array([...enc.encode(head), ...victim.subarray(0, cut), ...enc.encode(good)]);
    const out = parseSidecarChunk(bytes, 'f', 1);
    assert.deepEqual(out.records.map((r) => [r.record.id, r.line]), [[rec(1000 + k).id, 1], [rec(99).id, 2]], `cut ${cut}`);
    assert.deepEqual(out.problems.map((p) => [p.line, p.kind]), [[2, 'fragment']], `cut ${cut}`);
  }
});

test('two fragments in a row before a record: both reported, the record kept', () => {
  const line = '{"v":1,"id":"aaa{"v":1,"id":"bbb","op":' + serializeRecord(rec(5)).trimEnd();
  const out = parseLine(line, 'f', 9);
  assert.deepEqual(out.records.map((r) => r.record.id), [rec(5).id]);
  assert.deepEqual(out.problems.map((p) => [p.line, p.kind]), [[9, 'fragment'], [9, 'fragment']]);
});

test('checkRecord rejects records missing what the store needs', () => {
  const base = JSON.parse(serializeRecord(rec(1)));
  for (const [key, value] of [['id', ''], ['utt', 3], ['who', null], ['when', 'yesterday'], ['new', ''], ['old', 5], ['op', 'delete'], ['v', '1']] as const) {
    const c = checkRecord({ ...base, [key]: value });
    assert.ok('problem' in c, `${key}=${String(value)}`);
  }
  const undo = checkRecord({ v: 1, id: 'x', op: 'undo', utt: 'u', who: 'a', when: '2024-01-01T00:00:00Z' });
  assert.ok('problem' in undo && /target/.test(undo.problem));
  assert.ok('record' in checkRecord({ ...base, future: 'field' }));
});

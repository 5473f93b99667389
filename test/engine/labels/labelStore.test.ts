import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SerError } from '../../../src/engine/errors';
import { LabelStore, labelSidecarPath } from '../../../src/engine/labels/labelStore';
import { CORPUS, counterIds, fixedClock, openStore, tempRoot } from './labelFixtures';

function expectUsage(err: unknown): true {
  assert.ok(err instanceof SerError, String(err));
  assert.equal(err.code, 'usage');
  return true;
}

test('set writes one stable-order JSON line per correction, without touching anything else', async () => {
  const t = tempRoot();
  try {
    const store = await openStore(t);
    assert.equal(existsSync(labelSidecarPath(t.root)), false, 'opening alone creates nothing');
    const r1 = await store.set('u1', 'ang', { who: 'ana', note: 'shouting, "really"' });
    const r2 = await store.set('u4', 'hap', { who: 'ben' });
    assert.ok(r1 && r2);
    const text = readFileSync(labelSidecarPath(t.root), 'utf8');
    assert.equal(
      text,
      '{"v":1,"id":"000000000001","op":"set","utt":"u1","old":"neu","new":"ang","who":"ana","when":"2024-05-01T10:00:00.000Z","note":"shouting, \\"really\\""}\n' +
        '{"v":1,"id":"000000000002","op":"set","utt":"u4","old":null,"new":"hap","who":"ben","when":"2024-05-01T10:00:01.000Z"}\n',
    );
    assert.equal(store.effectiveLabel('u1'), 'ang');
    assert.equal(store.effectiveLabel('u4'), 'hap');
    assert.equal(store.corpusLabel('u1'), 'neu');
    assert.deepEqual(store.problems, []);
  } finally {
    t.cleanup();
  }
});

test('setting the effective label again is a no-op; unknown utterances and labels are usage errors', async () => {
  const t = tempRoot();
  try {
    const store = await openStore(t, { allowedLabels: ['neu', 'ang', 'sad', 'hap'] });
    assert.equal(await store.set('u1', 'neu', { who: 'ana' }), undefined);
    assert.equal(existsSync(labelSidecarPath(t.root)), false);
    await assert.rejects(store.set('nope', 'ang', { who: 'ana' }), expectUsage);
    await assert.rejects(store.set('u1', 'xyz', { who: 'ana' }), (e) => expectUsage(e) && /xyz/.test((e as Error).message));
    await assert.rejects(store.set('u1', 'ang', { who: '' }), expectUsage);
    assert.throws(() => store.effectiveLabel('nope'), expectUsage);
    assert.throws(() => store.history('nope'), expectUsage);
    assert.equal(existsSync(labelSidecarPath(t.root)), false);
    await store.set('u1', 'ang', { who: 'ana' });
    assert.equal(await store.set('u1', 'ang', { who: 'ben' }), undefined, 'already ang');
    assert.equal(store.records().length, 1);
  } finally {
    t.cleanup();
  }
});

test('undo and redo walk one annotator back and forth; a new set clears the redo stack', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    await s.set('u1', 'ang', { who: 'ana' });
    await s.set('u1', 'sad', { who: 'ana' });
    const seen: (string | undefined)[] = [];
    const u1 = await s.undo('ana');
    assert.equal(u1?.op, 'undo');
    assert.equal(u1?.utt, 'u1');
    seen.push(s.effectiveLabel('u1'));
    await s.undo('ana');
    seen.push(s.effectiveLabel('u1'));
    assert.equal(await s.undo('ana'), undefined, 'nothing left to undo');
    await s.redo('ana');
    seen.push(s.effectiveLabel('u1'));
    await s.redo('ana');
    seen.push(s.effectiveLabel('u1'));
    assert.equal(await s.redo('ana'), undefined, 'nothing left to redo');
    assert.deepEqual(seen, ['ang', 'neu', 'ang', 'sad']);

    await s.undo('ana');
    assert.equal(s.nextRedo('ana')?.new, 'sad');
    await s.set('u2', 'hap', { who: 'ana' });
    assert.equal(s.nextRedo('ana'), undefined, 'a new set clears the redo stack');
    assert.equal(await s.redo('ana'), undefined);
    assert.equal(s.effectiveLabel('u1'), 'ang');
    assert.equal(s.effectiveLabel('u2'), 'hap');
    const ops = readFileSync(labelSidecarPath(t.root), 'utf8').trim().split('\n').map((l) => JSON.parse(l).op);
    assert.deepEqual(ops, ['set', 'set', 'undo', 'undo', 'redo', 'redo', 'undo', 'set'], 'history is append-only');
  } finally {
    t.cleanup();
  }
});

test('two annotators in two stores on one sidecar each undo only their own last change', async () => {
  const t = tempRoot();
  try {
    const ana = await openStore(t, {}, 'a');
    const ben = await openStore(t, {}, 'b');
    await ana.set('u1', 'ang', { who: 'ana' });
    await ben.set('u1', 'sad', { who: 'ben' });
    const benU2 = await ben.set('u2', 'neu', { who: 'ben' });
    await ana.set('u3', 'hap', { who: 'ana' });
    assert.equal(benU2?.old, 'ang');
    // ben's store reads ana's u1 record before writing, so its record's old label is ana's.
    assert.equal(ben.history('u1')[1].record.op === 'set' && (ben.history('u1')[1].record as { old: string }).old, 'ang');

    await ana.undo('ana'); // withdraws u3 -> hap
    await ana.undo('ana'); // withdraws u1 -> ang; ben's u1 -> sad stays in force
    await ben.reload();
    for (const s of [ana, ben]) {
      assert.equal(s.effectiveLabel('u1'), 'sad');
      assert.equal(s.effectiveLabel('u2'), 'neu');
      assert.equal(s.effectiveLabel('u3'), 'sad');
    }
    await ben.undo('ben'); // u2 back to ang
    await ben.undo('ben'); // u1: ana's change is withdrawn too, so the corpus label
    await ana.reload();
    for (const s of [ana, ben]) {
      assert.deepEqual([...s.effectiveLabels()], [['u1', 'neu'], ['u2', 'ang'], ['u3', 'sad'], ['u4', undefined]]);
      assert.equal(s.records().length, 8);
    }
    await ana.redo('ana');
    await ben.reload();
    assert.equal(ben.effectiveLabel('u1'), 'ang', "ana's redo reinstates her u1 change");
    assert.equal(ben.nextRedo('ben')?.utt, 'u1');
    assert.equal(ben.nextRedo('ana')?.utt, 'u3');
  } finally {
    t.cleanup();
  }
});

test('effective labels, corrections and history', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    await s.set('u1', 'ang', { who: 'ana', note: 'loud' });
    await s.set('u1', 'neu', { who: 'ben' }); // back to the corpus label: not a correction
    await s.set('u2', 'fru', { who: 'ana' });
    await s.set('u4', 'sad', { who: 'ben' });
    await s.undo('ben'); // u4 back to unlabelled
    assert.deepEqual(
      s.corrections().map((c) => [c.utt, c.corpusLabel, c.label, c.record.who]),
      [['u2', 'ang', 'fru', 'ana']],
    );
    const labels = s.effectiveLabels();
    assert.equal(labels.get('u1'), 'neu');
    assert.equal(labels.get('u2'), 'fru');
    assert.equal(labels.get('u4'), undefined);
    assert.equal(labels.size, Object.keys(CORPUS).length);
    const h4 = s.history('u4');
    assert.deepEqual(h4.map((e) => [e.record.op, e.line, e.undone]), [['set', 4, true], ['undo', 5, false]]);
    assert.deepEqual(s.history('u1').map((e) => e.record.who), ['ana', 'ben']);
    assert.deepEqual(s.history('u3'), []);
    assert.equal(s.decidingRecord('u1')?.who, 'ben');
  } finally {
    t.cleanup();
  }
});

test('reopening from disk restores labels, history and undo stacks', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    await s.set('u1', 'ang', { who: 'ana' });
    await s.set('u2', 'sad', { who: 'ana' });
    await s.undo('ana');
    const again = await LabelStore.open(t.fs, t.root, { corpusLabels: new Map(Object.entries(CORPUS)), now: fixedClock(), newId: counterIds('c') });
    assert.deepEqual([...again.effectiveLabels()], [...s.effectiveLabels()]);
    assert.deepEqual(again.records(), s.records());
    assert.equal(again.nextUndo('ana')?.utt, 'u1');
    assert.equal(again.nextRedo('ana')?.utt, 'u2');
    await again.redo('ana');
    assert.equal(again.effectiveLabel('u2'), 'sad');
  } finally {
    t.cleanup();
  }
});

test('a torn last line is reported with its line number; earlier records stay; the next append starts a new line', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    await s.set('u1', 'ang', { who: 'ana' });
    await s.set('u2', 'sad', { who: 'ana' });
    await s.set('u3', 'hap', { who: 'ana' });
    const file = labelSidecarPath(t.root);
    appendFileSync(file, '{"v":1,"id":"deadbeef0000","op":"set","utt":"u4","ol');
    const r = await openStore(t, {}, 'r');
    assert.equal(r.records().length, 3);
    assert.equal(r.effectiveLabel('u3'), 'hap');
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].kind, 'torn-tail');
    assert.equal(r.problems[0].line, 4);
    assert.equal(r.problems[0].file, file);
    assert.match(r.problems[0].problem, /without a final newline/);

    await r.set('u4', 'neu', { who: 'ben' });
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[3], '{"v":1,"id":"deadbeef0000","op":"set","utt":"u4","ol', 'the fragment is kept, never truncated');
    assert.match(lines[4], /^\{"v":1,"id":"r00000000001"/);
    assert.deepEqual(r.problems.map((p) => [p.line, p.kind]), [[4, 'invalid-json']]);
    assert.equal(r.effectiveLabel('u4'), 'neu');
    await s.reload();
    assert.equal(s.effectiveLabel('u4'), 'neu');
    assert.deepEqual(s.problems.map((p) => [p.line, p.kind]), [[4, 'invalid-json']]);
  } finally {
    t.cleanup();
  }
});

test('a valid record glued after a fragment by another process is recovered and the fragment reported', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    await s.set('u1', 'ang', { who: 'ana' });
    const file = labelSidecarPath(t.root);
    appendFileSync(file, '{"v":1,"id":"deadbeef0000","op":"set","utt":"u2","old":"ang","new":"ha');
    await s.reload();
    assert.deepEqual(s.problems.map((p) => [p.line, p.kind]), [[2, 'torn-tail']]);
    // Another process that did not see the fragment appends a whole record right after it.
    appendFileSync(file, '{"v":1,"id":"feedface0001","op":"set","utt":"u3","old":"sad","new":"neu","who":"ben","when":"2024-05-01T11:00:00.000Z"}\n');
    await s.reload();
    assert.equal(s.effectiveLabel('u3'), 'neu');
    assert.equal(s.effectiveLabel('u2'), 'ang');
    assert.deepEqual(s.problems.map((p) => [p.line, p.kind]), [[2, 'fragment']]);
    assert.match(s.problems[0].problem, /incomplete record/);
    const fresh = await openStore(t, {}, 'f');
    assert.deepEqual(fresh.records().map((r) => r.id), ['000000000001', 'feedface0001']);
    assert.deepEqual(fresh.problems.map((p) => [p.line, p.kind]), [[2, 'fragment']]);
    await fresh.set('u1', 'sad', { who: 'ana' });
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 4, 'no blank line: the last line was complete');
  } finally {
    t.cleanup();
  }
});

test('a complete record missing only its final newline is applied once, never twice', async () => {
  const t = tempRoot();
  try {
    const file = labelSidecarPath(t.root);
    await t.fs.mkdirp(`${t.root}/.ser`);
    writeFileSync(file, '{"v":1,"id":"aaaaaaaaaaaa","op":"set","utt":"u1","old":"neu","new":"ang","who":"ana","when":"2024-05-01T10:00:00.000Z"}');
    const a = await openStore(t, {}, 'a');
    const b = await openStore(t, {}, 'b');
    assert.equal(a.effectiveLabel('u1'), 'ang');
    assert.deepEqual(a.problems.map((p) => [p.line, p.kind]), [[1, 'torn-tail']]);
    await b.set('u2', 'hap', { who: 'ben' });
    await a.reload();
    for (const s of [a, b]) {
      assert.deepEqual(s.problems, []);
      assert.deepEqual(s.records().map((r) => r.id), ['aaaaaaaaaaaa', 'b00000000001']);
    }
    assert.equal(await a.undo('ana') !== undefined, true);
    assert.equal(a.effectiveLabel('u1'), 'neu');
  } finally {
    t.cleanup();
  }
});

test('bad lines in the middle are reported and skipped, every other record kept', async () => {
  const t = tempRoot();
  try {
    const file = labelSidecarPath(t.root);
    await t.fs.mkdirp(`${t.root}/.ser`);
    const rec = (id: string, utt: string, nw: string) =>
      `{"v":1,"id":"${id}","op":"set","utt":"${utt}","old":null,"new":"${nw}","who":"ana","when":"2024-05-01T10:00:00.000Z"}`;
    writeFileSync(
      file,
      [
        rec('000000000001', 'u1', 'ang'),
        '{"v":1,"id":"broken',
        '',
        rec('000000000002', 'u2', 'hap') + '\r',
        '{"v":2,"id":"000000000003","op":"set","utt":"u3","new":"x","who":"a","when":"2024-05-01T10:00:00Z"}',
        '{"v":1,"id":"000000000004","op":"undo","target":"ffffffffffff","utt":"u1","who":"ana","when":"2024-05-01T10:00:00Z"}',
        rec('000000000001', 'u3', 'neu'),
        rec('000000000005', 'ghost', 'neu'),
        '[1,2]',
        '{"who":"ana","when":"2024-05-01T10:00:00Z","new":"sad","old":"sad","utt":"u3","op":"set","id":"000000000006","v":1}',
        '',
      ].join('\n'),
    );
    const s = await openStore(t);
    assert.deepEqual(
      s.problems.map((p) => [p.line, p.kind]),
      [[2, 'invalid-json'], [5, 'invalid-record'], [6, 'unknown-target'], [7, 'duplicate-id'], [8, 'unknown-utterance'], [9, 'invalid-record']],
    );
    assert.ok(s.problems.every((p) => p.file === file));
    assert.match(s.problems[1].problem, /version 2/);
    assert.equal(s.effectiveLabel('u1'), 'ang');
    assert.equal(s.effectiveLabel('u2'), 'hap');
    assert.equal(s.effectiveLabel('u3'), 'sad', 'keys in another order are still a record');
    assert.equal(s.history('u3').length, 1);
    assert.equal(s.corrections().length, 2, 'the ghost utterance changes no label');
  } finally {
    t.cleanup();
  }
});

test('the store never rewrites what is already in the sidecar, and re-reads a replaced file from the start', async () => {
  const t = tempRoot();
  try {
    const file = labelSidecarPath(t.root);
    await t.fs.mkdirp(`${t.root}/.ser`);
    const userLine = '{"v":1,"id":"0123456789ab","op":"set","utt":"u3","old":"sad","new":"neu","who":"me","when":"2024-01-01T00:00:00Z","extra":"kept"}\n';
    writeFileSync(file, userLine);
    const s = await openStore(t);
    for (let i = 0; i < 6; i++) await s.set('u1', i % 2 ? 'neu' : 'ang', { who: 'ana' });
    await s.undo('ana');
    assert.ok(readFileSync(file, 'utf8').startsWith(userLine));
    assert.equal(s.records().length, 8);

    writeFileSync(file, userLine); // e.g. git checkout of an older sidecar
    const r = await s.reload();
    assert.equal(r.reset, true);
    assert.equal(s.records().length, 1);
    assert.equal(s.effectiveLabel('u1'), 'neu');
    assert.equal(s.effectiveLabel('u3'), 'neu');
    assert.deepEqual(await s.reload(), { newRecords: 0, reset: false });
  } finally {
    t.cleanup();
  }
});

test('concurrent set calls on one store are serialised and each reads the previous one', async () => {
  const t = tempRoot();
  try {
    const s = await openStore(t);
    const out = await Promise.all([
      s.set('u1', 'ang', { who: 'ana' }),
      s.set('u1', 'sad', { who: 'ana' }),
      s.set('u1', 'sad', { who: 'ben' }),
      s.set('u1', 'hap', { who: 'ben' }),
    ]);
    assert.deepEqual(out.map((r) => r && [r.old, r.new]), [['neu', 'ang'], ['ang', 'sad'], undefined, ['sad', 'hap']]);
  } finally {
    t.cleanup();
  }
});

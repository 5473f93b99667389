// The verdict sidecar: dismissals and retractions, label-bound suppression, damaged lines, and acknowledged
// records surviving a killed process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { VerdictStore, verdictSidecarPath } from '../../../src/engine/inspect/verdicts/verdictStore';
import { parseVerdicts } from '../../../src/engine/inspect/verdicts/verdictParser';

function tempRoot(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ser-verdicts-'));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function clock(): () => Date {
  let t = Date.UTC(2024, 4, 1, 10, 0, 0);
  return () => new Date((t += 1000));
}

function ids(prefix: string): () => string {
  let n = 0;
  return () => prefix + String(++n).padStart(11, '0');
}

const fs = new NodeFileSystem();

test('a dismissal suppresses an utterance only while it keeps its label; retracting undoes it', async () => {
  const { root, cleanup } = tempRoot();
  try {
    const store = await VerdictStore.open(fs, root, { now: clock(), newId: ids('a') });
    assert.equal(store.utteranceDismissed('u1', 'ang'), false);
    const d = await store.dismissUtterance('u1', 'ang', { who: 'ana', note: 'really angry' });
    assert.equal(store.utteranceDismissed('u1', 'ang'), true);
    assert.equal(store.utteranceDismissed('u1', 'neu'), false, 'a new label is a new question');
    assert.equal((await store.dismissUtterance('u1', 'ang', { who: 'bo' })).id, d.id, 'repeating reuses the dismissal');
    const line = readFileSync(verdictSidecarPath(root), 'utf8');
    assert.equal(line, '{"v":1,"id":"a00000000001","op":"dismiss","kind":"utterance","utt":"u1","label":"ang","who":"ana","when":"2024-05-01T10:00:01.000Z","note":"really angry"}\n');
    await store.retract(d.id, 'ana');
    assert.equal(store.utteranceDismissed('u1', 'ang'), false);
    await assert.rejects(store.retract(d.id, 'ana'), /already retracted/);
    await assert.rejects(store.retract('nope', 'ana'), /no dismissal/);
    await store.dismissUtterance('u1', 'ang', { who: 'ana' });
    assert.equal(store.active().length, 1);
    const undone = await store.undoLast('ana');
    assert.ok(undone);
    assert.equal(store.active().length, 0);
    assert.equal(await store.undoLast('ana'), undefined);
  } finally {
    cleanup();
  }
});

test('pair dismissals do not depend on the order of the sides', async () => {
  const { root, cleanup } = tempRoot();
  try {
    const store = await VerdictStore.open(fs, root);
    const d = await store.dismissPair('z9', 'a1', 'neu', 'ang', { who: 'ana' });
    assert.equal(d.utt, 'a1');
    assert.equal(d.label, 'ang');
    assert.equal(store.pairDismissed('a1', 'z9', 'ang', 'neu'), true);
    assert.equal(store.pairDismissed('z9', 'a1', 'neu', 'ang'), true);
    assert.equal(store.pairDismissed('z9', 'a1', 'ang', 'neu'), false);
    await assert.rejects(store.dismissPair('a', 'a', 'x', 'y', { who: 'ana' }), /two different/);
    await assert.rejects(store.dismissPair('a', 'b', 'x', 'y', { who: ' ' }), /annotator name/);
  } finally {
    cleanup();
  }
});

test('another store sees appended verdicts on reload', async () => {
  const { root, cleanup } = tempRoot();
  try {
    const one = await VerdictStore.open(fs, root, { newId: ids('a') });
    const two = await VerdictStore.open(fs, root, { newId: ids('b') });
    await Promise.all([one.dismissUtterance('u1', 'ang', { who: 'ana' }), two.dismissUtterance('u2', 'sad', { who: 'bo' })]);
    await one.reload();
    await two.reload();
    assert.ok(one.utteranceDismissed('u2', 'sad') && two.utteranceDismissed('u1', 'ang'));
  } finally {
    cleanup();
  }
});

test('damaged lines are reported with their line numbers and the good records kept', async () => {
  const { root, cleanup } = tempRoot();
  try {
    const file = verdictSidecarPath(root);
    mkdirSync(join(root, '.ser'), { recursive: true });
    const good = (id: string, utt: string) => `{"v":1,"id":"${id}","op":"dismiss","kind":"utterance","utt":"${utt}","label":"ang","who":"ana","when":"2024-05-01T10:00:00.000Z"}`;
    writeFileSync(
      file,
      [
        good('000000000001', 'u1'),
        `{"v":1,"id":"000000000002","op":"dismiss","kind":"utt${good('000000000003', 'u3')}`,
        'garbage',
        good('000000000001', 'dup'),
        '{"v":1,"id":"000000000004","op":"retract","target":"missing","who":"ana","when":"2024-05-01T10:00:00.000Z"}',
        '{"v":9,"id":"000000000005"}',
        '{"v":1,"id":"00000000000',
      ].join('\n'),
    );
    const store = await VerdictStore.open(fs, root, { newId: ids('c') });
    assert.deepEqual(store.active().map((d) => d.utt), ['u1', 'u3']);
    assert.deepEqual(store.problems.map((p) => [p.line, p.kind]), [
      [2, 'fragment'],
      [3, 'invalid-json'],
      [4, 'duplicate-id'],
      [5, 'unknown-target'],
      [6, 'invalid-record'],
      [7, 'torn-tail'],
    ]);
    // The next append starts on its own line: the torn tail does not swallow it.
    await store.dismissUtterance('u8', 'neu', { who: 'ana' });
    const reread = await VerdictStore.open(fs, root);
    assert.ok(reread.utteranceDismissed('u8', 'neu'));
    assert.equal(reread.problems.find((p) => p.line === 7)?.kind, 'invalid-json');
  } finally {
    cleanup();
  }
});

test('a complete last record without its newline is applied', () => {
  const text = '{"v":1,"id":"000000000001","op":"dismiss","kind":"utterance","utt":"u1","label":"ang","who":"ana","when":"2024-05-01T10:00:00.000Z"}';
  const p = parseVerdicts(text, 'f');
  assert.equal(p.records.length, 1);
  assert.equal(p.unterminated, true);
  assert.deepEqual(p.problems, []);
});

test('every acknowledged verdict survives its writer being killed mid-stream', async () => {
  const { root, cleanup } = tempRoot();
  try {
    const acked = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'verdictAppender.ts'), root, `w${round}`, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      await new Promise<void>((resolve) => {
        let killTimer: NodeJS.Timeout | undefined;
        child.stdout.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line === 'ready' && !killTimer) killTimer = setTimeout(() => child.kill('SIGKILL'), 40 + 37 * round);
            if (line.startsWith('ack ')) acked.add(line.slice(4));
          }
        });
        child.on('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
      });
      // A torn record from the kill may be left; simulate the worst case too.
      if (round === 1) appendFileSync(verdictSidecarPath(root), '{"v":1,"id":"torn00000000","op":"dism');
      const store = await VerdictStore.open(fs, root);
      const have = new Set(store.records().map((r) => r.id));
      for (const id of acked) assert.ok(have.has(id), `acknowledged record ${id} lost in round ${round}`);
      assert.ok(store.problems.every((p) => p.kind === 'torn-tail' || p.kind === 'fragment' || p.kind === 'invalid-json'), JSON.stringify(store.problems));
    }
    assert.ok(acked.size > 0, 'the writers acknowledged something before being killed');
  } finally {
    cleanup();
  }
});

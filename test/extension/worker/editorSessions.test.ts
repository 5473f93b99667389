// The worker's editor methods end to end over the real RPC (an in-memory channel pair): listing, label edits with
// another process writing the same sidecar, undo/redo, conflicts, runs, suspects, and reopening after a "restart".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RpcClient, RpcServer, type Channel, type Envelope } from '../../../src/shared/rpc';
import type { WorkerMethods } from '../../../src/shared/protocol';
import { workerHandlers, toWireError } from '../../../src/worker/main';
import { writeInspectFixture, SUSPECT, USABLE } from '../../engine/inspect/inspectFixture';
import { openLabelledDataset } from '../../../src/engine/datasets/labelledDataset';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';

function channelPair(): [Channel, Channel] {
  const a: ((m: unknown) => void)[] = [];
  const b: ((m: unknown) => void)[] = [];
  const mk = (mine: ((m: unknown) => void)[], theirs: ((m: unknown) => void)[]): Channel => ({
    post: (m: Envelope) => queueMicrotask(() => theirs.forEach((l) => l(structuredClone(m)))),
    onMessage: (l) => {
      mine.push(l);
      return { dispose: () => mine.splice(mine.indexOf(l), 1) };
    },
  });
  return [mk(a, b), mk(b, a)];
}

function worker() {
  const [host, child] = channelPair();
  const server = new RpcServer<WorkerMethods>(child, workerHandlers(join(__dirname, '..', '..', '..', 'dist')), toWireError);
  const client = new RpcClient<WorkerMethods>(host);
  return { client, stop: () => (server.dispose(), client.dispose()) };
}

test('listing: usable utterances with labels, votes, dialogs; the sidecar path', async (t) => {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const w = worker();
  t.after(w.stop);
  const progress: number[] = [];
  const listing = await w.client.request('listDataset', { root: fx.root }, { onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(listing.classes, ['ang', 'hap', 'neu', 'sad']);
  assert.deepEqual(listing.utterances.map((u) => u.id).sort(), USABLE.map(([id]) => id).sort());
  const s = listing.utterances.find((u) => u.id === SUSPECT)!;
  assert.equal(s.label, 'neu');
  assert.equal(s.className, 'neu');
  assert.equal(s.corpusLabel, 'neu');
  assert.equal(s.correction, undefined);
  assert.ok(s.dialog && s.speaker && s.session && s.seconds > 0);
  assert.ok(listing.utterances.some((u) => u.votes && u.votes.evaluators > 0), 'IEMOCAP votes summarised');
  assert.ok(listing.sidecar.endsWith(join('.ser', 'labels.jsonl')));
  assert.ok(progress.length > 0);
});

test('label set / undo / redo go through the store with the annotator; a label outside the map stays listed', async (t) => {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const w = worker();
  t.after(w.stop);
  const listing = await w.client.request('listDataset', { root: fx.root });
  const r = await w.client.request('labelSet', { root: fx.root, utt: SUSPECT, label: 'hap', who: 'ana', expected: 'neu' });
  assert.equal(r.change?.label, 'hap');
  assert.equal(r.change?.className, 'hap');
  assert.equal(r.change?.correction?.who, 'ana');
  assert.equal(r.conflict, undefined);
  assert.deepEqual(r.nextUndo, { utt: SUSPECT, label: 'hap' });
  const line = JSON.parse((await readFile(listing.sidecar, 'utf8')).trim().split('\n').pop()!);
  assert.equal(line.who, 'ana');
  assert.equal(line.new, 'hap');
  // A class name of a merged class is stored as its code; fru is outside 4class: the utterance leaves the usable set.
  const out = await w.client.request('labelSet', { root: fx.root, utt: USABLE[0][0], label: 'fru', who: 'ana' });
  assert.equal(out.change?.className, null);
  const relisted = await w.client.request('listDataset', { root: fx.root });
  const gone = relisted.utterances.find((u) => u.id === USABLE[0][0]);
  assert.ok(gone, 'a corrected utterance outside the map is still listed');
  assert.equal(gone.className, null);
  assert.equal(gone.correction?.who, 'ana');
  const u1 = await w.client.request('labelUndo', { root: fx.root, who: 'ana' });
  assert.equal(u1.change?.utt, USABLE[0][0]);
  assert.equal(u1.change?.label, 'neu');
  assert.equal(u1.change?.by.op, 'undo');
  const r1 = await w.client.request('labelRedo', { root: fx.root, who: 'ana' });
  assert.equal(r1.change?.label, 'fru');
  const hist = await w.client.request('labelHistory', { root: fx.root, utt: USABLE[0][0] });
  assert.deepEqual(hist.map((h) => h.op), ['set', 'undo', 'redo']);
});

test('reload: another process (CLI, other window, git) is picked up; its change to my utterance is a conflict', async (t) => {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const w = worker();
  t.after(w.stop);
  const listing = await w.client.request('listDataset', { root: fx.root });
  await w.client.request('labelSet', { root: fx.root, utt: SUSPECT, label: 'hap', who: 'ana' });
  // Bob, in another process, corrects the same utterance and another one.
  const other = await openLabelledDataset(new NodeFileSystem(), fx.root);
  await other.store.set(SUSPECT, 'sad', { who: 'bob' });
  await other.store.set(USABLE[1][0], 'sad', { who: 'bob' });
  const r = await w.client.request('labelReload', { root: fx.root, who: 'ana' });
  assert.deepEqual(r.changes.map((c) => c.utt).sort(), [SUSPECT, USABLE[1][0]].sort());
  assert.equal(r.conflicts.length, 1);
  assert.equal(r.conflicts[0].utt, SUSPECT);
  assert.equal(r.conflicts[0].theirs.who, 'bob');
  assert.equal(r.conflicts[0].mine?.label, 'hap');
  assert.match(r.conflicts[0].message, /bob changed/);
  // Setting while looking at a stale label is reported too (the write still happens: nothing is dropped).
  await other.store.set(USABLE[2][0], 'ang', { who: 'bob' });
  const s = await w.client.request('labelSet', { root: fx.root, utt: USABLE[2][0], label: 'neu', who: 'ana', expected: 'hap' });
  assert.equal(s.change?.label, 'neu');
  assert.ok(s.conflict);
  assert.equal(s.conflict.theirs.who, 'bob');
  // A damaged line is reported with its number, not dropped silently.
  await appendFile(listing.sidecar, '{"v":1,"id":"broken"\n');
  const d = await w.client.request('labelReload', { root: fx.root, who: 'ana' });
  assert.equal(d.problems.length, 1);
  assert.match(d.problems[0].message, /^line \d+:/);
});

test('runs: brief, overlay with predictions, suspects, neighbours, detail; a fresh worker reopens everything', async (t) => {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const w = worker();
  t.after(w.stop);
  const runs = await w.client.request('listRuns', { dirs: [fx.dir] });
  assert.deepEqual(runs.map((r) => r.runDir), [fx.runDir]);
  assert.equal(runs[0].hasPredictions, true);
  assert.equal(runs[0].metrics?.UA, 58);
  const overlay = await w.client.request('runOverlay', { runDir: fx.runDir });
  assert.equal(overlay.predictions[SUSPECT].predicted, 'hap');
  assert.ok(Math.abs(overlay.predictions[SUSPECT].confidence - 0.8) < 1e-9);
  const params = { root: fx.root, runDir: fx.runDir, neighbours: 3 };
  const brief = await w.client.request('inspectOpen', params);
  assert.ok(brief.scored >= 8);
  const list = await w.client.request('inspectSuspects', { ...params, top: 3 });
  assert.equal(list.suspects[0].id, SUSPECT);
  const nb = await w.client.request('inspectNeighbours', { ...params, id: SUSPECT, k: 2 });
  assert.equal(nb.length, 2);
  const detail = await w.client.request('utteranceDetail', { root: fx.root, id: SUSPECT, runDir: fx.runDir });
  assert.equal(detail?.prediction?.predicted, 'hap');
  assert.ok((detail?.suspicion ?? 0) > 0.5);
  // The label is corrected: the suspect list follows without reopening the run.
  await w.client.request('labelSet', { root: fx.root, utt: SUSPECT, label: 'hap', who: 'ana' });
  const after = await w.client.request('inspectSuspects', { ...params, top: 3 });
  assert.notEqual(after.suspects[0]?.id, SUSPECT);
  const v = await w.client.request('inspectDismiss', { ...params, verdict: { kind: 'utterance', id: USABLE[3][0] }, who: 'ana' });
  assert.match(v.verdictId, /^[0-9a-f]+$/);
  // A new worker (the old one "crashed") answers the same requests from the files alone.
  w.stop();
  const w2 = worker();
  t.after(w2.stop);
  const again = await w2.client.request('utteranceDetail', { root: fx.root, id: SUSPECT, runDir: fx.runDir });
  assert.equal(again?.label, 'hap');
  assert.equal(again?.history.length, 1);
});

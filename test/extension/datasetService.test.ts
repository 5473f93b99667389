// DatasetService over the real worker handlers (in-memory RPC) and a small IEMOCAP with a run: open and remember,
// label edits with the annotator and their events, another writer's change as a conflict, runs and suspects,
// and a new window restoring what the last one had open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetService, STATE, type LabelsChangedEvent } from '../../src/extension/core/datasetService';
import type { LabelConflict } from '../../src/shared/protocol';
import { openLabelledDataset } from '../../src/engine/datasets/labelledDataset';
import { NodeFileSystem } from '../../src/engine/io/nodeFileSystem';
import { VerdictStore } from '../../src/engine/inspect/verdicts/verdictStore';
import { writeInspectFixture, SUSPECT, USABLE } from '../engine/inspect/inspectFixture';
import { inProcessEngine, MemoryLog, MemoryState, settingsWith } from './helpers';

async function setup(t: { after(fn: () => unknown): void }, settings: Parameters<typeof settingsWith>[0] = {}) {
  const fx = await writeInspectFixture();
  t.after(fx.cleanup);
  const engine = inProcessEngine();
  t.after(engine.stop);
  const state = new MemoryState();
  const log = new MemoryLog();
  const service = new DatasetService(engine, state, log, () => settingsWith({ suspects: 5, neighbours: 3, ...settings }), async () => 'ana');
  return { fx, engine, state, log, service };
}

test('open lists the dataset, makes it active and remembers it; labels change through the store as the annotator', async (t) => {
  const { fx, state, service, log } = await setup(t);
  const changes: LabelsChangedEvent[] = [];
  service.onDidChangeLabels((e) => changes.push(e));
  let redraws = 0;
  service.onDidChange(() => redraws++);
  const m = await service.open(fx.root);
  assert.equal(service.active(), m);
  assert.deepEqual(state.get(STATE.datasets), [m.root]);
  assert.equal(m.size, USABLE.length);
  assert.ok(redraws > 0);
  const r = await service.setLabel(m.root, SUSPECT, 'hap');
  assert.equal(r.change?.label, 'hap');
  assert.equal(m.row(SUSPECT)?.className, 'hap');
  assert.equal(m.row(SUSPECT)?.correction?.who, 'ana');
  assert.deepEqual(changes.at(-1), { root: m.root, ids: [SUSPECT] });
  const sidecar = (await readFile(m.listing.sidecar, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(sidecar.map((x) => [x.utt, x.new, x.who]), [[SUSPECT, 'hap', 'ana']]);
  const u = await service.undo(m.root);
  assert.equal(u.change?.utt, SUSPECT);
  assert.equal(m.row(SUSPECT)?.className, 'neu');
  assert.equal(m.row(SUSPECT)?.correction, undefined);
  assert.equal((await service.undo(m.root)).change, undefined, 'nothing left to undo');
  await service.redo(m.root);
  assert.equal(m.row(SUSPECT)?.className, 'hap');
  assert.ok(log.lines.some((l) => l.includes(`label ${SUSPECT}: neu -> hap by ana`)));
  // Several at once: one event.
  const before = changes.length;
  await service.setLabels(m.root, [{ id: USABLE[0][0], label: 'sad' }, { id: USABLE[1][0], label: 'sad' }]);
  assert.equal(changes.length, before + 1);
  assert.deepEqual(changes.at(-1)?.ids, [USABLE[0][0], USABLE[1][0]]);
});

test("another process's change is picked up on reload; its change to my correction is a conflict, both kept", async (t) => {
  const { fx, service } = await setup(t);
  const m = await service.open(fx.root);
  await service.setLabel(m.root, SUSPECT, 'hap');
  const conflicts: LabelConflict[][] = [];
  service.onConflict((c) => conflicts.push(c));
  const bob = await openLabelledDataset(new NodeFileSystem(), fx.root);
  await bob.store.set(SUSPECT, 'ang', { who: 'bob' });
  await bob.store.set(USABLE[1][0], 'neu', { who: 'bob' });
  const changed = await service.reloadLabels(m.root);
  assert.equal(changed.length, 2);
  assert.equal(m.row(SUSPECT)?.className, 'ang');
  assert.equal(m.row(USABLE[1][0])?.correction?.who, 'bob');
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0][0].utt, SUSPECT);
  assert.equal(conflicts[0][0].mine?.label, 'hap');
  // Undo withdraws only my own change; bob's stays in force.
  await service.undo(m.root);
  assert.equal(m.row(SUSPECT)?.className, 'ang');
  // Nothing new: a reload is quiet (our own writes trigger the file watcher too).
  assert.deepEqual(await service.reloadLabels(m.root), []);
});

test('runs and suspects: the current run is remembered per dataset; suspects follow label changes', async (t) => {
  const { fx, state, service } = await setup(t);
  const m = await service.open(fx.root);
  assert.throws(() => service.inspectParams(), /no run is open/);
  await service.setRun(m.root, fx.runDir);
  assert.deepEqual(state.get(STATE.runs), { [m.root]: fx.runDir });
  assert.equal(m.prediction(SUSPECT)?.predicted, 'hap');
  assert.ok(m.isMispredicted(m.row(SUSPECT)!));
  const ids = await service.loadSuspects(m.root);
  assert.equal(ids[0], SUSPECT);
  assert.equal(m.suspectRankOf(SUSPECT), 1);
  await service.setLabel(m.root, SUSPECT, 'hap');
  assert.equal(m.suspects[0], SUSPECT, 'the list keeps its order while the annotator works through it');
  assert.equal(m.row(SUSPECT)?.className, 'hap');
  await service.loadSuspects(m.root);
  assert.ok(!m.suspects.includes(SUSPECT), 'Show Suspects re-ranks: the corrected utterance is no longer a suspect');
  // A new window: the same workspace state reopens the dataset and its run.
  const engine2 = inProcessEngine();
  t.after(engine2.stop);
  const again = new DatasetService(engine2, state, new MemoryLog(), () => settingsWith({}), async () => 'ana');
  await again.restore();
  const m2 = again.active();
  assert.equal(m2?.root, m.root);
  assert.equal(m2?.overlay?.run.runDir, fx.runDir);
  assert.equal(m2?.row(SUSPECT)?.className, 'hap', 'the correction is read back from the sidecar');
  await again.setRun(m.root, undefined);
  assert.equal(m2?.overlay, undefined);
});

test('verdicts written by another window or the CLI: the Review list drops the dismissed suspect in place, the engine leaves it out, panels are told', async (t) => {
  const { fx, engine, service } = await setup(t, { minSuspicion: 0 });
  const m = await service.open(fx.root);
  await service.setRun(m.root, fx.runDir);
  await service.loadSuspects(m.root);
  const before = [...m.suspects];
  assert.ok(before.length > 1 && before.includes(SUSPECT), `suspects ${before}`);
  let inspection = 0;
  service.onDidChangeInspection(() => inspection++);
  // Another process (a second window, `ser inspect`) appends "not an issue" to .ser/verdicts.jsonl.
  const other = await VerdictStore.open(new NodeFileSystem(), m.root);
  await other.dismissUtterance(SUSPECT, 'neu', { who: 'bo' });
  await service.reloadVerdicts(m.root);
  assert.deepEqual(m.suspects, before.filter((id) => id !== SUSPECT));
  assert.ok(inspection > 0, 'open panels refresh their suspects and pairs');
  const list = await engine.request('inspectSuspects', { ...service.inspectParams(m.root), top: 20 });
  assert.ok(!list.suspects.some((x) => x.id === SUSPECT), 'the engine session re-read the verdicts');
  assert.equal(list.dismissed, 1);
  // Our own verdicts come back through the watcher too: nothing new, nothing moves.
  await service.reloadVerdicts(m.root);
  assert.deepEqual(m.suspects, before.filter((id) => id !== SUSPECT));
});

test('the filter is remembered; choosing suspects scores them', async (t) => {
  const { fx, state, service } = await setup(t);
  const m = await service.open(fx.root);
  await service.setRun(m.root, fx.runDir);
  await service.setFilter({ classes: [], corrected: false, suspects: true, disagreement: false, mispredicted: false });
  assert.ok(m.suspects.length > 0);
  assert.equal(state.get<{ suspects: boolean }>(STATE.filter)?.suspects, true);
  await service.close(m.root);
  assert.equal(service.active(), undefined);
  assert.deepEqual(state.get(STATE.datasets), []);
});

test('a run trained outside the window (ser demo, ser eval) becomes current on first open; "No run" is kept', async (t) => {
  const { fx, state, service } = await setup(t);
  const m = await service.open(fx.root);
  assert.equal(m.overlay, undefined, 'no run on disk under the dataset yet');
  const cliRun = join(m.root, '.ser', 'runs', 'cli-eval');
  await cp(fx.runDir, cliRun, { recursive: true });
  const engine2 = inProcessEngine();
  const engine3 = inProcessEngine();
  t.after(engine2.stop);
  t.after(engine3.stop);
  const fresh = new DatasetService(engine2, new MemoryState(), new MemoryLog(), () => settingsWith({}), async () => 'ana');
  const m2 = await fresh.open(fx.root);
  assert.equal(m2.overlay?.run.runDir, cliRun);
  assert.equal(fresh.runOf(m2.root), cliRun);
  // The first window had opened the dataset before the run existed, with no choice made: it adopts it on reopen.
  assert.equal((await service.open(fx.root)).overlay?.run.runDir, cliRun);
  await service.setRun(m.root, undefined);
  const again = new DatasetService(engine3, state, new MemoryLog(), () => settingsWith({}), async () => 'ana');
  const m3 = await again.open(fx.root);
  assert.equal(m3.overlay, undefined, 'the user chose "No run"');
  assert.equal(again.runOf(m3.root), undefined);
});

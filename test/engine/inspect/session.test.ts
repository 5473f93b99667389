// The inspection session end to end on a small IEMOCAP corpus and a hand-made run folder: suspects with reasons,
// dropped entries, verdicts, label corrections picked up by refresh, neighbours, projection and retrain comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { InspectionSession } from '../../../src/engine/inspect/inspectionSession';
import { GONE, OUT_OF_MAP, SUSPECT, writeInspectFixture } from './inspectFixture';

test('the obvious error ranks first as likely wrong, with its reasons; unscorable entries are reported', async () => {
  const fx = await writeInspectFixture();
  try {
    const session = await InspectionSession.open(fx.fs, { root: fx.root }, fx.runDir);
    assert.equal(session.data.ids.length, 10);
    assert.deepEqual(
      session.data.dropped.map((d) => [d.id, d.reason]),
      [
        [GONE, 'not-in-dataset'],
        [OUT_OF_MAP, 'not-usable'],
      ],
    );
    const { suspects, scored } = session.suspects({ top: 3 });
    assert.equal(scored, 10);
    const top = suspects[0];
    assert.equal(top.id, SUSPECT);
    assert.equal(top.rank, 1);
    assert.equal(top.label, 'neu');
    assert.equal(top.suggested, 'hap');
    assert.equal(top.category, 'likely-wrong');
    assert.equal(top.reasons.model.predicted, 'hap');
    assert.equal(top.reasons.neighbourhood?.supports, 'hap');
    assert.ok(top.score > 0.5);
    // The fixture's evaluators voted neu for it (the corpus default): they agree with the label.
    assert.equal(top.reasons.evaluators?.plurality, 'neu');
    // Ses01F_impro01_F000: E1 neu, E2 neu+ang, self-evaluation F1 neu kept apart.
    const f000 = session.suspect('Ses01F_impro01_F000');
    assert.equal(f000.reasons.evaluators?.shares.neu, 0.75);
    assert.deepEqual(f000.reasons.evaluators?.selfVotes, [{ evaluator: 'F1', classes: ['neu'] }]);
    assert.throws(() => session.suspect(GONE), /no longer in the dataset/);
    assert.throws(() => session.suspect('nope'), /not in this run/);
    const nb = session.neighbours(SUSPECT, 3);
    assert.equal(nb.length, 3);
    assert.ok(nb.every((q) => q.label === 'hap'));
    assert.ok(nb[0].similarity >= nb[1].similarity);
  } finally {
    await fx.cleanup();
  }
});

test('a dismissal hides the suspect until its label changes; a correction is picked up by refresh', async () => {
  const fx = await writeInspectFixture();
  try {
    const session = await InspectionSession.open(fx.fs, { root: fx.root }, fx.runDir);
    const d = await session.dismissUtterance(SUSPECT, { who: 'ana', note: 'heard it, it is neutral' });
    assert.notEqual(session.suspects().suspects[0].id, SUSPECT);
    assert.equal(session.suspects().dismissed, 1);
    assert.equal(session.suspect(SUSPECT).dismissed, true);
    await session.retractVerdict(d.id, 'ana');
    assert.equal(session.suspects().suspects[0].id, SUSPECT);
    // Another session (e.g. the CLI) sees the verdicts file.
    await session.dismissUtterance(SUSPECT, { who: 'ana' });
    const other = await InspectionSession.open(fx.fs, { root: fx.root }, fx.runDir);
    assert.equal(other.suspects().dismissed, 1);
    // The annotator corrects the label: the utterance is now scored as hap, agrees with the evidence.
    await session.dataset.store.set(SUSPECT, 'hap', { who: 'ana' });
    await session.refresh();
    const s = session.suspect(SUSPECT);
    assert.equal(s.label, 'hap');
    assert.equal(s.trainedLabel, 'neu');
    assert.equal(s.dismissed, false, 'the dismissal was for the old label');
    assert.ok(s.score < 0.5);
  } finally {
    await fx.cleanup();
  }
});

test('pairs name the wrong side; projections carry labels and scores; a retrain comparison shows the suspect gone', async () => {
  const fx = await writeInspectFixture();
  try {
    const session = await InspectionSession.open(fx.fs, { root: fx.root }, fx.runDir);
    const pairs = session.pairs({ neighbours: 3 });
    assert.ok(pairs.pairs.length > 0);
    const p = pairs.pairs[0];
    assert.equal(p.likelyWrong === 'a' ? p.a.id : p.b.id, SUSPECT);
    assert.equal(p.suggested, 'hap');
    await session.dismissPair(p.a.id, p.b.id, { who: 'ana' });
    assert.equal(session.pairs({ neighbours: 3 }).dismissed, 1);
    const proj = await session.projection({ method: 'pca' });
    assert.equal(proj.ids.length, 12, 'the run has 12 entries');
    // The session passes writeCache through: a read-only projection leaves the run folder as it was.
    const runFiles = () => readdirSync(fx.runDir).sort();
    const before = runFiles();
    const readOnly = await session.projection({ method: 'pca', fold: 0 }, { writeCache: false });
    assert.ok(readOnly.ids.length > 0 && !readOnly.cached);
    assert.deepEqual(runFiles(), before);
    assert.equal(proj.labels[proj.ids.indexOf(GONE)], null);
    assert.equal(proj.labels[proj.ids.indexOf(SUSPECT)], 'neu');

    await session.dataset.store.set(SUSPECT, 'hap', { who: 'ana' });
    const second = await writeInspectFixture('retrained', fx);
    const after = await InspectionSession.open(fx.fs, { root: fx.root }, second.runDir);
    const cmp = await after.compareWithEarlier(fx.runDir);
    assert.equal(cmp.sameFolds, true);
    assert.equal(cmp.delta.WA, 2.5);
    assert.equal(cmp.delta.UA, 4.25);
    assert.deepEqual(cmp.disappeared.map((c) => [c.id, c.relabelled, c.labelBefore, c.labelAfter]), [[SUSPECT, true, 'neu', 'hap']]);
    assert.deepEqual(cmp.appeared, []);
  } finally {
    await fx.cleanup();
  }
});

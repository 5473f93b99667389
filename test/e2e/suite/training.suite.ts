/**
 * SER Studio through the `vscode` API, part 2: Train Model to a current run (cross-validation and final model),
 * a cancelled run that leaves it untouched, Evaluate with the protocol from its quick pick, the review panels on
 * the run, a suggested correction accepted, and Retrain with Corrections compared with the run before it.
 * Training keeps to a few epochs through the ser.training.* settings.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { Ext } from '../../../src/extension/ext';
import type { DatasetModel } from '../../../src/extension/core/datasetModel';
import { ANNOTATOR, MINUTE, closeEditors, configure, demoDataset, panels, runJob, serExt, sidecar, until } from './helpers';

const EPOCHS = 3;

/** Every file of a run folder with a hash of its content. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out[f] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

function runStatus(dir: string): string | undefined {
  const f = join(dir, 'run.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { status: string }).status : undefined;
}

describe('SER Studio: training, review and retraining (vscode API)', function () {
  this.timeout(20 * MINUTE);
  let ext: Ext;
  let m: DatasetModel;

  before(async () => {
    ext = await serExt();
    await configure({ 'labels.annotator': ANNOTATOR, 'training.epochs': EPOCHS, 'training.patience': 0, 'training.batchSize': 16 });
    m = await demoDataset(ext);
    await closeEditors();
  });

  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await closeEditors();
  });

  it('Train Model: the cross-validation and the final model finish and become the current run', async () => {
    assert.equal(ext.service.runOf(m.root), undefined, 'a fresh corpus has no run');
    await runJob(ext, 'ser.trainModel');
    const run = ext.service.runOf(m.root);
    assert.ok(run && /^train-/.test(basename(run)), `current run: ${run}`);
    assert.equal(runStatus(run), 'complete');
    assert.ok(existsSync(join(run, 'final')), 'no final model');
    assert.equal(Object.keys(m.overlay?.predictions ?? {}).length, m.size, 'a prediction for every utterance');
    assert.equal(m.overlay?.metrics?.folds.length, 3, 'one fold per session');
    assert.match(String(ext.datasetTree.getTreeItem({ kind: 'dataset', root: m.root }).description), /UA \d+\.\d%/);
  });

  it('a cancelled Train Model leaves the current run and its files as they were', async () => {
    const current = ext.service.runOf(m.root)!;
    const before = fingerprint(current);
    const runsBefore = new Set(readdirSync(join(m.root, '.ser', 'runs')));
    await configure({ 'training.epochs': 60 });
    try {
      const pending = vscode.commands.executeCommand('ser.trainModel');
      await until('epochs under way', () => /epoch \d+\/\d+/.test(ext.jobs.running?.message ?? ''), 5 * MINUTE, 200);
      await vscode.commands.executeCommand('ser.cancel');
      await until('the job to stop', () => !ext.jobs.running, 2 * MINUTE);
      await vscode.commands.executeCommand('notifications.clearAll');
      await pending;
    } finally {
      await configure({ 'training.epochs': EPOCHS });
    }
    assert.equal(ext.service.runOf(m.root), current);
    assert.equal(m.overlay?.run.runDir, current);
    assert.deepEqual(fingerprint(current), before);
    const added = readdirSync(join(m.root, '.ser', 'runs')).filter((d) => !runsBefore.has(d));
    for (const d of added) assert.notEqual(runStatus(join(m.root, '.ser', 'runs', d)), 'complete', `the cancelled run ${d} completed`);
  });

  it('Evaluate runs the protocol chosen in its quick pick (leave one session out)', async () => {
    await runJob(ext, 'ser.evaluate', { answer: true });
    const run = ext.service.runOf(m.root)!;
    assert.match(basename(run), /^eval-/);
    assert.equal(runStatus(run), 'complete');
    assert.equal(m.overlay?.metrics?.protocol, 'loso-session');
  });

  it('Show Suspects scores the run; the dashboard, the embedding map and the pair review open on it', async () => {
    await vscode.commands.executeCommand('ser.showSuspects');
    await until('the suspects panel', () => panels('ser.suspects')[0]);
    const list = await ext.data.suspects({ top: 20 });
    assert.ok(list.suspects.length > 0, 'no utterance scored');
    assert.deepEqual(m.suspects, m.suspectBriefs.map((s) => s.id));
    // "Not an issue" written outside this window (the CLI, a colleague's window): the file watcher picks it up.
    const first = m.suspectBriefs[0] ?? list.suspects[0];
    const inReview = m.suspects.includes(first.id);
    const verdict = { v: 1, id: '0e2e0e2e0e2e', op: 'dismiss', kind: 'utterance', utt: first.id, label: m.row(first.id)?.className ?? first.label, who: 'Other Annotator', when: new Date().toISOString() };
    appendFileSync(join(m.root, '.ser', 'verdicts.jsonl'), `${JSON.stringify(verdict)}\n`);
    await until('the suspects list to leave the dismissed one out', async () => !(await ext.data.suspects({ top: 20 })).suspects.some((s) => s.id === first.id), 30_000);
    if (inReview) await until('the Review list to drop it', () => !m.suspects.includes(first.id), 30_000);
    await vscode.commands.executeCommand('ser.showTrainingDashboard');
    await until('the training dashboard', () => panels('ser.training')[0]);
    await vscode.commands.executeCommand('ser.showEmbeddingMap');
    await until('the embedding map', () => panels('ser.embeddingMap')[0]);
    await vscode.commands.executeCommand('ser.reviewPairs');
    await until('the pair review', () => panels('ser.pairs')[0]);
  });

  it("accepting a pair's suggested fix and Retrain with Corrections: the report compares the two runs", async () => {
    const pairs = await ext.data.pairs({ top: 10 });
    assert.ok(pairs.pairs.length > 0, 'no pair to review');
    const p = pairs.pairs[0];
    const wrong = p.likelyWrong === 'a' ? p.a : p.b;
    // Accept it as a user would from the tree: select the utterance, press the digit of the suggested class.
    await ext.datasetView.reveal({ kind: 'utterance', root: m.root, id: wrong.id }, { select: true, focus: true });
    await until('the selection', () => ext.lastSelected()?.id === wrong.id);
    await vscode.commands.executeCommand('ser.setLabelByIndex', { index: m.classes.indexOf(p.suggested) + 1, view: 'datasets' });
    const rec = sidecar(m).filter((r) => r.utt === wrong.id).pop();
    assert.deepEqual(rec && [rec.op, rec.new, rec.who], ['set', p.suggested, ANNOTATOR]);

    const previous = ext.service.runOf(m.root)!;
    await runJob(ext, 'ser.retrain');
    const run = ext.service.runOf(m.root)!;
    assert.match(basename(run), /^retrain-/);
    assert.equal(runStatus(run), 'complete');
    assert.equal(m.overlay?.predictions[wrong.id]?.trainedLabel, p.suggested, 'the retrained run learnt the corrected label');
    const c = await ext.service.compareRuns(m.root, previous);
    assert.equal(c.before.runDir, previous);
    assert.equal(c.after.runDir, run);
    assert.ok(c.sameFolds, 'Retrain keeps the folds of the run it compares with');
    assert.equal(typeof c.delta.UA, 'number');
    assert.match(readFileSync(join(run, 'comparison.md'), 'utf8'), /^# Retrain with corrections/, 'the report is kept in the new run');
  });
});

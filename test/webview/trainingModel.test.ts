// The dashboard's model and the event log both sides keep: curves, progress, remaining time, compaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainEvent } from '../../src/shared/trainTypes';
import { TrainingModel } from '../../src/webview/training/trainingModel';
import { ticks } from '../../src/webview/training/chartTicks';
import { TrainingLog, MAX_LOG_LINES } from '../../src/shared/views/trainingLog';

const epoch = (fold: number, e: number, ce = 1 / e, variant?: string): TrainEvent => ({
  type: 'epoch', ...(variant ? { variant } : {}), fold, epoch: e, epochs: 10, step: 50, stepsPerEpoch: 50, ce, contrastive: 0.5 / e, validation: { UA: 40 + e, WA: 45 + e }, elapsedSeconds: 10 * e,
});
const step = (fold: number, e: number, s: number): TrainEvent => ({ type: 'step', fold, epoch: e, epochs: 10, step: s, stepsPerEpoch: 50, ce: 1, contrastive: 0.5, elapsedSeconds: 1 });

test('curves per fold, live steps inside the epoch, progress and remaining time', () => {
  const m = new TrainingModel();
  m.apply({ type: 'fold-start', fold: 0, folds: 2, name: 'Ses01', train: 10, validation: 2, test: 3 });
  for (let e = 1; e <= 4; e++) m.apply(epoch(0, e));
  m.apply(step(0, 5, 25));
  const f = m.foldsOf('')[0];
  assert.deepEqual(f.ce.map((p) => p[0]), [1, 2, 3, 4]);
  assert.deepEqual(f.UA.at(-1), [4, 44]);
  assert.deepEqual(f.liveCe, [[4.5, 1]]);
  // Fold 0 at 4.5 of 10 epochs, fold 1 not started: 0.45 / 2.
  assert.ok(Math.abs(m.progress() - 0.225) < 1e-12);
  assert.ok(Math.abs(m.remaining(45)! - (45 * 0.775) / 0.225) < 1e-9);
  m.apply(epoch(0, 5));
  assert.deepEqual(f.liveCe, [], 'the epoch event replaces its steps');
  m.apply({ type: 'fold-done', fold: 0, name: 'Ses01', UA: 50, WA: 52, macroF1: 49, bestEpoch: 5, seconds: 50, resumed: false });
  assert.equal(m.progress(), 0.5);
  // A resumed fold repeats epoch 3: later reports replace the rest of the curve.
  m.apply(epoch(0, 3, 9));
  assert.deepEqual(f.ce.map((p) => p[1]), [1, 0.5, 9]);
  assert.equal(new TrainingModel().remaining(100), undefined);
});

test('variants are kept apart', () => {
  const m = new TrainingModel();
  m.apply(epoch(0, 1, 1, 'ce-only'));
  m.apply(epoch(0, 1, 1, 'fs1'));
  assert.deepEqual(m.variants, ['ce-only', 'fs1']);
  assert.equal(m.foldsOf('fs1').length, 1);
});

test('the log keeps epochs and folds, only the latest step per fold, the latest features, bounded log lines', () => {
  const log = new TrainingLog();
  log.add({ type: 'features', done: 1, total: 9, cached: 0, computed: 1, failed: 0 });
  log.add({ type: 'features', done: 9, total: 9, cached: 0, computed: 9, failed: 0 });
  for (let e = 1; e <= 3; e++) {
    for (let s = 1; s <= 50; s++) log.add(step(0, e, s));
    log.add(epoch(0, e));
  }
  log.add(step(0, 4, 7));
  log.add(step(1, 1, 3));
  for (let k = 0; k < MAX_LOG_LINES + 20; k++) log.add({ type: 'log', level: 'info', message: `line ${k}` });
  const all = log.all();
  assert.equal(all.filter((e) => e.type === 'features').length, 1);
  assert.equal(all.filter((e) => e.type === 'epoch').length, 3);
  assert.deepEqual(all.filter((e) => e.type === 'step').map((e) => (e as { fold: number }).fold), [0, 1]);
  assert.equal(all.filter((e) => e.type === 'log').length, MAX_LOG_LINES);
  assert.equal(TrainingLog.from(all).size, log.size);
});

test('chart ticks are round and cover the range', () => {
  assert.deepEqual(ticks(0, 100, 4), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(ticks(0.31, 1.43, 4), [0.5, 0.75, 1, 1.25]);
  assert.deepEqual(ticks(2, 2, 4), [2]);
});

// The training dashboard's catch-up: a dashboard opened mid-run or after the end gets the run's own start and end
// times (so "Elapsed" is how long the run took, not the time since the panel opened), and the events so far.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalSummary, TrainEvent } from '../../src/shared/trainTypes';
import type { RunResult } from '../../src/shared/views/trainingMessages';
import { runTimes, TrainingRecord, type DashboardTarget } from '../../src/extension/core/trainingRecord';

const T0 = Date.parse('2026-03-01T10:00:00Z');

class FakeDashboard implements DashboardTarget {
  readonly calls: string[] = [];
  readonly events: TrainEvent[] = [];
  post(e: TrainEvent): void {
    this.events.push(e);
  }
  finish(_result: RunResult, endedAt: number): void {
    this.calls.push(`finish ${endedAt - T0}`);
  }
  fail(message: string, cancelled: boolean, endedAt: number): void {
    this.calls.push(`fail ${cancelled ? 'cancelled' : message} ${endedAt - T0}`);
  }
}

const result: RunResult = { kind: 'evaluate', summary: { runDir: '/r', backend: { name: 'cpu', device: 'CPU', detail: '' }, seconds: 125, errors: [] } as unknown as EvalSummary };
const epoch = (n: number): TrainEvent => ({ type: 'epoch', fold: 0, epoch: n, epochs: 3, step: 4, stepsPerEpoch: 4, ce: 1, contrastive: 0.1, elapsedSeconds: n * 40 });

test('a dashboard opened after the run ended gets the run start and the time it ended, not the time it opened', () => {
  let clock = T0;
  const record = new TrainingRecord<{ title: string; startedAt: number }>(() => clock);
  record.start({ title: 'Train demo', startedAt: T0 });
  clock += 40_000;
  record.post(epoch(1));
  clock += 85_000;
  record.post(epoch(2));
  assert.equal(record.finish(result).endedAt, T0 + 125_000);
  clock += 600_000; // the user opens the dashboard ten minutes later
  const d = new FakeDashboard();
  assert.equal(record.run?.startedAt, T0);
  record.replay(d);
  assert.deepEqual(d.events.map((e) => (e.type === 'epoch' ? e.epoch : e.type)), [1, 2]);
  assert.deepEqual(d.calls, ['finish 125000']);
});

test('mid-run: the events so far and no ending; a cancel is replayed with its own time', () => {
  let clock = T0;
  const record = new TrainingRecord<{ startedAt: number }>(() => clock);
  record.start({ startedAt: T0 });
  record.post(epoch(1));
  const mid = new FakeDashboard();
  record.replay(mid);
  assert.equal(mid.events.length, 1);
  assert.deepEqual(mid.calls, []);
  clock += 30_000;
  record.fail('cancelled', true);
  clock += 5_000;
  const after = new FakeDashboard();
  record.replay(after);
  assert.deepEqual(after.calls, ['fail cancelled 30000']);
  // The next run starts clean.
  record.start({ startedAt: clock });
  const next = new FakeDashboard();
  record.replay(next);
  assert.deepEqual([next.events.length, next.calls.length, record.ending], [0, 0, undefined]);
});

test("a run from another window: its times come from run.json's createdAt and updatedAt", () => {
  assert.deepEqual(runTimes({ createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:02:05.000Z' }), { startedAt: T0, endedAt: T0 + 125_000 });
  assert.equal(runTimes({ createdAt: 'yesterday', updatedAt: '2026-03-01T10:02:05.000Z' }), undefined);
  assert.equal(runTimes({ createdAt: '2026-03-01T10:02:05.000Z', updatedAt: '2026-03-01T10:00:00.000Z' }), undefined);
});

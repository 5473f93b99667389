// Retrain comparison on hand-made suspect lists, and defensive reading of metrics.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRetrain, type RunSuspects } from '../../../src/engine/inspect/retrainComparison';
import { readRunMetrics } from '../../../src/engine/inspect/runMetrics';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';

function run(dir: string, folds: [string, number][], labels: [string, string][], suspects: string[], WA?: number): RunSuspects {
  return {
    runDir: dir,
    ...(WA !== undefined ? { metrics: { WA, UA: WA - 1, file: `${dir}/metrics.json`, problems: [] } } : {}),
    folds: new Map(folds),
    labels: new Map(labels),
    suspects: suspects.map((id, k) => ({ id, score: 1 - k / 10, suggested: 'x' })),
  };
}

test('disappeared, remained and new suspects; relabelled ones marked; fold mismatches listed', () => {
  const before = run('a', [['u1', 0], ['u2', 0], ['u3', 1], ['u4', 1], ['u5', 2]], [['u1', 'neu'], ['u2', 'ang'], ['u3', 'sad'], ['u4', 'hap'], ['u5', 'neu']], ['u1', 'u2', 'u3'], 60);
  const after = run('b', [['u1', 0], ['u2', 0], ['u3', 1], ['u4', 2], ['u6', 0]], [['u1', 'hap'], ['u2', 'ang'], ['u3', 'sad'], ['u4', 'hap'], ['u6', 'ang']], ['u3', 'u4'], 62.5);
  const c = compareRetrain(before, after);
  assert.deepEqual(c.disappeared.map((x) => [x.id, x.before, x.after, x.relabelled]), [
    ['u1', 1, null, true],
    ['u2', 2, null, false],
  ]);
  assert.deepEqual(c.remained.map((x) => [x.id, x.before, x.after]), [['u3', 3, 1]]);
  assert.deepEqual(c.appeared.map((x) => [x.id, x.after]), [['u4', 2]]);
  assert.equal(c.sameFolds, false);
  assert.deepEqual(c.foldMismatches, ['u4']);
  assert.equal(c.onlyBefore, 1);
  assert.equal(c.onlyAfter, 1);
  assert.deepEqual(c.delta, { WA: 2.5, UA: 2.5 });
  assert.deepEqual(compareRetrain(run('a', [], [], []), run('b', [], [], [])).delta, {});
});

test('metrics.json is read defensively', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ser-metrics-'));
  const fs = new NodeFileSystem();
  try {
    assert.equal(await readRunMetrics(fs, dir), undefined);
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ WA: 61.2, UA: '58', macroF1: 140, pooled: { WA: 60 }, folds: [{ WA: 50 }, { index: 4, UA: null }], extra: true }));
    const m = (await readRunMetrics(fs, dir))!;
    assert.equal(m.WA, 61.2);
    assert.equal(m.UA, undefined);
    assert.equal(m.macroF1, 140);
    assert.deepEqual(m.pooled, { WA: 60 });
    assert.deepEqual(m.folds, [{ index: 0, WA: 50 }, { index: 4 }]);
    assert.deepEqual(m.problems, ['UA is not a number', 'macroF1 = 140 is outside 0-100 (percent expected)', 'folds[1].UA is not a number']);
    writeFileSync(join(dir, 'metrics.json'), '{"WA": 6');
    assert.match((await readRunMetrics(fs, dir))!.problems[0], /not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureMatrix } from '../../../src/engine/features/featureConfig';
import { applyNormalization, groupBySpeaker, normalizeBySpeaker, speakerStats } from '../../../src/engine/features/speakerNormalization';
import { Prng } from '../../../src/engine/demo/prng';

function matrix(frames: number, dims: number, f: (t: number, d: number) => number): FeatureMatrix {
  const data = new Float32Array(frames * dims);
  for (let t = 0; t < frames; t++) for (let d = 0; d < dims; d++) data[t * dims + d] = f(t, d);
  return { frames, dims, data };
}

test('statistics are taken over all frames of all the speaker\'s utterances, not averaged per utterance', () => {
  const a = matrix(1, 2, () => 0);
  const b = matrix(3, 2, (t, d) => (d === 0 ? 4 : t));
  const s = speakerStats([a, b]);
  assert.equal(s.frames, 4);
  // dim 0: values 0, 4, 4, 4 -> mean 3, population variance 3; dim 1: 0, 0, 1, 2 -> mean 0.75, var 0.6875.
  assert.ok(Math.abs(s.mean[0] - 3) < 1e-12 && Math.abs(s.variance[0] - 3) < 1e-12);
  assert.ok(Math.abs(s.mean[1] - 0.75) < 1e-12 && Math.abs(s.variance[1] - 0.6875) < 1e-12);
});

test('statistics stay exact for large offsets and many frames (no catastrophic cancellation)', () => {
  const r = new Prng(3);
  const ms = Array.from({ length: 20 }, (_, i) => matrix(500 + i, 3, () => -23 + 1e-3 * (r.next() - 0.5)));
  const s = speakerStats(ms);
  const all = ms.flatMap((m) => Array.from({ length: m.frames }, (_, t) => m.data[t * 3]));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
  assert.ok(Math.abs(s.mean[0] - mean) < 1e-9);
  assert.ok(Math.abs(s.variance[0] - variance) / variance < 1e-6, `${s.variance[0]} vs ${variance}`);
});

test('each speaker\'s normalised frames have zero mean and unit variance per dimension', () => {
  const r = new Prng(9);
  const utts = [
    { speaker: 'A', m: matrix(50, 4, (t, d) => 10 + d + 3 * r.next()) },
    { speaker: 'B', m: matrix(30, 4, (t, d) => -5 * d + r.next()) },
    { speaker: 'A', m: matrix(70, 4, (t, d) => 12 + 2 * r.next()) },
  ];
  const groups = new Map([...groupBySpeaker(utts.map((u) => ({ speaker: u.speaker, matrix: u.m })))].map(([s, items]) => [s, items.map((i) => i.matrix)]));
  assert.deepEqual([...groups.keys()], ['A', 'B']);
  const out = normalizeBySpeaker(groups);
  for (const [speaker, { matrices, stats }] of out) {
    assert.equal(stats.frames, speaker === 'A' ? 120 : 30);
    const s = speakerStats(matrices);
    for (let d = 0; d < 4; d++) {
      assert.ok(Math.abs(s.mean[d]) < 1e-5, `${speaker} mean[${d}] ${s.mean[d]}`);
      assert.ok(Math.abs(s.variance[d] - 1) < 1e-4, `${speaker} var[${d}] ${s.variance[d]}`);
    }
  }
  assert.notEqual(out.get('A')!.matrices[0], utts[0].m, 'new matrices unless inPlace');
  assert.equal(utts[0].m.data[0] > 5, true, 'inputs untouched');
});

test('constant dimensions become 0, not NaN; inPlace overwrites; mismatched dims are refused', () => {
  const m = matrix(5, 2, (t) => t);
  m.data[1] = m.data[3] = m.data[5] = m.data[7] = m.data[9] = 7;
  const s = speakerStats([m]);
  const n = applyNormalization(m, s, { inPlace: true });
  assert.equal(n, m);
  for (let t = 0; t < 5; t++) assert.equal(m.data[t * 2 + 1], 0);
  assert.throws(() => applyNormalization(matrix(1, 3, () => 0), s), RangeError);
  assert.throws(() => speakerStats([matrix(1, 2, () => 0), matrix(1, 3, () => 0)]), RangeError);
  const empty = speakerStats([]);
  assert.equal(empty.frames, 0);
  assert.equal(speakerStats([matrix(0, 2, () => 0)]).frames, 0);
});

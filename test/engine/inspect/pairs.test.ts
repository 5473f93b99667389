// Mislabelled pairs and class splits on hand-placed embeddings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinInspectionData } from '../../../src/engine/inspect/inspectionData';
import { analyseSuspects } from '../../../src/engine/inspect/suspectAnalysis';
import { mislabeledPairs } from '../../../src/engine/inspect/mislabeledPairs';
import { classSplits } from '../../../src/engine/inspect/classSplits';
import type { OofPredictions } from '../../../src/engine/run/oofPredictions';
import { Prng } from '../../../src/engine/demo/prng';

const CLASSES = ['ang', 'neu', 'sad'];

interface Point {
  id: string;
  label: string;
  centre: number[];
  /** The model's probabilities. */
  probs: number[];
}

/** One fold; embeddings = centre + small seeded noise. */
function build(points: Point[], spread = 0.05) {
  const rnd = new Prng(5);
  const dim = points[0].centre.length;
  const oof: OofPredictions = {
    classes: CLASSES,
    dim,
    utterances: points.map((p) => ({ id: p.id, label: p.label, fold: 0, probs: p.probs })),
    embeddings: Float32Array.from(points.flatMap((p) => p.centre.map((c) => c + spread * rnd.normal()))),
  };
  return joinInspectionData(oof, points.map((p) => ({ id: p.id, className: p.label })), () => true);
}

const ANG = [1, 0, 0, 0];
const NEU = [0, 1, 0, 0];
const P_ANG = [0.8, 0.1, 0.1];
const P_NEU = [0.1, 0.8, 0.1];

function clusters(size = 12): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i < size; i++) pts.push({ id: `a${i}`, label: 'ang', centre: ANG, probs: P_ANG });
  for (let i = 0; i < size; i++) pts.push({ id: `n${i}`, label: 'neu', centre: NEU, probs: P_NEU });
  // In the middle of the angry cluster, labelled neutral; the model hears anger.
  pts.push({ id: 'wrong', label: 'neu', centre: ANG, probs: [0.7, 0.2, 0.1] });
  return pts;
}

test('a close pair with different labels: the side whose evidence leans to the other label is named', async () => {
  const a = await analyseSuspects(build(clusters()), { k: 5 });
  const { pairs, candidates } = mislabeledPairs(a, { neighbours: 5 });
  assert.ok(candidates > 0);
  assert.ok(pairs.length > 0);
  for (const p of pairs) {
    const wrong = p.likelyWrong === 'a' ? p.a : p.b;
    assert.equal(wrong.id, 'wrong', `pair ${p.a.id}-${p.b.id}`);
    assert.equal(p.suggested, 'ang');
    assert.ok(p.similarity > 0.9);
    assert.ok(p.confidence > 0.5);
  }
  assert.deepEqual(pairs.map((p) => p.rank), pairs.map((_, i) => i + 1));
  // Only mutual pairs by default; a similarity threshold adds one-sided ones.
  assert.ok(pairs.every((p) => p.mutual));
  assert.ok(mislabeledPairs(a, { neighbours: 1, minSimilarity: 0.5 }).candidates >= mislabeledPairs(a, { neighbours: 1 }).candidates);
});

test('dismissed pairs are left out only while both labels are unchanged', async () => {
  const a = await analyseSuspects(build(clusters()), { k: 5 });
  const all = mislabeledPairs(a);
  const first = all.pairs[0];
  const verdicts = {
    pairDismissed: (x: string, y: string, lx: string, ly: string) => x === first.a.id && y === first.b.id && lx === first.a.label && ly === first.b.label,
  };
  const after = mislabeledPairs(a, { verdicts });
  assert.equal(after.dismissed, 1);
  assert.ok(!after.pairs.some((p) => p.a.id === first.a.id && p.b.id === first.b.id));
  const relabelled = { pairDismissed: (x: string, y: string, lx: string) => verdicts.pairDismissed(x, y, lx === 'neu' ? 'ang' : lx, 'x') };
  assert.equal(mislabeledPairs(a, { verdicts: relabelled }).dismissed, 0);
});

test('a class in two far groups is reported as a split, with medoids and what the model predicts per group', async () => {
  // Single round groups of 40 must not be reported.
  const pts = clusters(40).filter((p) => p.id !== 'wrong');
  // Sad in two places: 10 near [0,0,1,0] (model says sad) and 8 near [0,0,0,1] (model says ang).
  for (let i = 0; i < 10; i++) pts.push({ id: `s${i}`, label: 'sad', centre: [0, 0, 1, 0], probs: [0.1, 0.1, 0.8] });
  for (let i = 0; i < 8; i++) pts.push({ id: `t${i}`, label: 'sad', centre: [0, 0, 0, 1], probs: [0.6, 0.1, 0.3] });
  const a = await analyseSuspects(build(pts), { k: 5 });
  const splits = classSplits(a);
  assert.equal(splits.length, 1, JSON.stringify(splits.map((s) => [s.label, s.silhouette])));
  const s = splits[0];
  assert.equal(s.label, 'sad');
  assert.equal(s.fold, 0);
  assert.ok(s.silhouette > 0.8);
  assert.ok(s.medoidSimilarity < 0.2);
  const sizes = s.groups.map((g) => g.size).sort((x, y) => x - y);
  assert.deepEqual(sizes, [8, 10]);
  const tGroup = s.groups.find((g) => g.members.includes('t0'))!;
  assert.ok(tGroup.members.every((m) => m.startsWith('t')));
  assert.equal(tGroup.predicted.ang, 1);
  assert.ok(tGroup.medoid.startsWith('t'));
});

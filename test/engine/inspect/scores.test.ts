// Each label-issue score on small hand-made cases whose answers are worked out in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confidentLearning, rankAscending } from '../../../src/engine/inspect/scores/confidentLearning';
import { neighbourDisagreement } from '../../../src/engine/inspect/scores/neighbourDisagreement';
import { evaluatorAgreement, OTHER_CLASS } from '../../../src/engine/inspect/scores/evaluatorAgreement';
import { combineEvidence } from '../../../src/engine/inspect/scores/combinedEvidence';
import { labelNoiseScores } from '../../../src/engine/inspect/labelNoiseScores';
import { parseClassMap } from '../../../src/engine/datasets/classMap';
import type { KnnGraph } from '../../../src/engine/inspect/knn/knnIndex';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

test('confident learning: thresholds, confident joint, self-confidence and normalised margin as cleanlab defines them', () => {
  // 3 classes. Labels: 0, 0, 1, 1, 2.
  const probs = Float64Array.from([
    0.8, 0.1, 0.1, // labelled 0, confident 0
    0.2, 0.7, 0.1, // labelled 0, but p1 = 0.7 >= t1
    0.1, 0.6, 0.3, // labelled 1
    0.1, 0.5, 0.4, // labelled 1
    0.3, 0.3, 0.4, // labelled 2
  ]);
  const labels = Int32Array.from([0, 0, 1, 1, 2]);
  const cl = confidentLearning(probs, labels, 3);
  // t0 = mean(0.8, 0.2) = 0.5; t1 = mean(0.6, 0.5) = 0.55; t2 = 0.4.
  assert.deepEqual(Array.from(cl.thresholds).map((t) => +t.toFixed(12)), [0.5, 0.55, 0.4]);
  // Row 0: only class 0 (0.8 >= 0.5) -> 0. Row 1: class 1 (0.7 >= 0.55) -> 1. Row 2: class 1 (0.6) -> 1.
  // Row 3: 0.5 < 0.55 for class 1, 0.4 >= 0.4 for class 2 -> 2. Row 4: 0.4 >= 0.4 -> 2.
  assert.deepEqual(Array.from(cl.confidentLabel), [0, 1, 1, 2, 2]);
  assert.deepEqual(cl.confidentJoint, [
    [1, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
  assert.deepEqual(Array.from(cl.offDiagonal), [0, 1, 0, 1, 0]);
  assert.deepEqual(Array.from(cl.selfConfidence), [0.8, 0.2, 0.6, 0.5, 0.4]);
  // (p_label - max other + 1) / 2: row 1 = (0.2 - 0.7 + 1) / 2 = 0.25; row 4 = (0.4 - 0.3 + 1) / 2 = 0.55.
  close(cl.normalizedMargin[1], 0.25);
  close(cl.normalizedMargin[4], 0.55);
  // Calibrated joint: each row rescaled to its label count (2, 2, 1), then to sum 1 (total 5).
  assert.deepEqual(cl.jointDistribution.map((r) => r.map((v) => +v.toFixed(12))), [
    [0.2, 0.2, 0],
    [0, 0.2, 0.2],
    [0, 0, 0.2],
  ]);
  assert.deepEqual(rankAscending(cl.selfConfidence), [1, 4, 3, 2, 0]);
});

test('a class nobody is labelled with has no threshold and never becomes a confident label', () => {
  // t0 = mean(0.4, 0.3) = 0.35: row 0 reaches it, row 1 does not; class 1 (0.6, 0.7) has no threshold.
  const cl = confidentLearning(Float64Array.from([0.4, 0.6, 0.3, 0.7]), Int32Array.from([0, 0]), 2);
  assert.ok(Number.isNaN(cl.thresholds[1]));
  assert.deepEqual(Array.from(cl.confidentLabel), [0, -1]);
});

test('neighbourhood disagreement: distance-weighted share of other labels, and the label they support', () => {
  // Utterance 0 has neighbours 1 (sim 0.9, label 1), 2 (sim 0.7, label 2), 3 (sim 0.7, label 0).
  // d = 0.1, 0.3, 0.3; h = 0.7 / 3; w = exp(-d / h).
  const graph: KnnGraph = { n: 4, k: 3, indices: Int32Array.from([1, 2, 3, 0, -1, -1, 0, -1, -1, 0, 1, 2]), similarities: Float32Array.from([0.9, 0.7, 0.7, 1, 0, 0, 1, 0, 0, 0.5, 0.5, 0.5]) };
  const labels = Int32Array.from([0, 1, 2, 0]);
  const nb = neighbourDisagreement(graph, labels, 3);
  const h = (0.1 + 0.3 + 0.3) / 3;
  const w = [0.1, 0.3, 0.3].map((d) => Math.exp(-d / h));
  const total = w[0] + w[1] + w[2];
  close(nb.disagreement[0], (w[0] + w[1]) / total, 1e-6);
  assert.equal(nb.supported[0], 1);
  close(nb.distribution[0 * 3 + 0], w[2] / total, 1e-6);
  // Utterance 1: one neighbour (0, label 0) at similarity 1: h = 0, it counts fully.
  assert.equal(nb.disagreement[1], 1);
  assert.equal(nb.supported[1], 0);
  assert.equal(nb.voters[1], 1);
  // Utterance 3: equal distances, labels 0 (1), 1 (1), 2 (1) minus its own (0): 2/3 disagree; tie -> first class.
  close(nb.disagreement[3], 2 / 3);
  assert.equal(nb.supported[3], 1);
});

test('evaluator agreement: split vs against the label, merged codes, other codes, self votes apart', () => {
  const map = parseClassMap('ang,hap+exc,neu,sad');
  // E1 says hap+exc (one class, whole vote), E2 says neu, E3 says fru (outside the map).
  const s = evaluatorAgreement(
    [
      { evaluator: 'E1', labels: ['hap', 'exc'] },
      { evaluator: 'E2', labels: ['neu'] },
      { evaluator: 'E3', labels: ['fru'] },
    ],
    [{ evaluator: 'F1', labels: ['ang'] }],
    'hap',
    map,
  )!;
  assert.equal(s.evaluators, 3);
  close(s.shares.hap, 1 / 3);
  close(s.shares[OTHER_CLASS], 1 / 3);
  assert.equal(s.plurality, 'hap', 'tie goes to the first class in class-map order');
  assert.equal(s.split, true);
  assert.equal(s.againstLabel, true);
  assert.deepEqual(s.selfVotes, [{ evaluator: 'F1', classes: ['ang'] }]);
  // Two of three agree with the label: neither split nor against it; a self vote never counts.
  const t = evaluatorAgreement(
    [
      { evaluator: 'E1', labels: ['ang'] },
      { evaluator: 'E2', labels: ['ang'] },
      { evaluator: 'E3', labels: ['sad'] },
    ],
    [{ evaluator: 'M1', labels: ['sad'] }],
    'ang',
    map,
  )!;
  assert.equal(t.split, false);
  assert.equal(t.againstLabel, false);
  close(t.agreement, 2 / 3);
  // Correct by the evaluators but corrected by an annotator to neu: against the label, not split.
  assert.equal(evaluatorAgreement([{ evaluator: 'E1', labels: ['ang'] }], undefined, 'neu', map)!.againstLabel, true);
  assert.equal(evaluatorAgreement(undefined, [{ evaluator: 'F1', labels: ['ang'] }], 'ang', map), undefined);
});

test('combined evidence: a useless neighbourhood drops out, an informative one gets weight', () => {
  // 400 utterances, 2 classes, the model 75% right; labels are the truth.
  const n = 400;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const probs = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const right = i % 4 !== 0 ? 0.8 : 0.3;
    probs[i * 2 + labels[i]] = right;
    probs[i * 2 + 1 - labels[i]] = 1 - right;
  }
  const voters = new Int32Array(n).fill(10);
  const noise = new Float64Array(n * 2).fill(0.5);
  const useless = combineEvidence(probs, labels, 2, { distribution: noise, voters });
  assert.equal(useless.weights.neighbourhood, 0);
  const perfect = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) perfect[i * 2 + labels[i]] = 1;
  const good = combineEvidence(probs, labels, 2, { distribution: perfect, voters });
  assert.ok(good.weights.neighbourhood > 0);
  for (let i = 0; i < n; i++) {
    close(good.posterior[i * 2] + good.posterior[i * 2 + 1], 1, 1e-9);
    assert.equal(good.suggested[i], 1 - labels[i]);
    close(good.score[i], 1 - good.posterior[i * 2 + labels[i]]);
  }
  // Without a neighbourhood the model alone decides, still calibrated.
  assert.equal(combineEvidence(probs, labels, 2).weights.neighbourhood, 0);
});

test('labelNoiseScores: precision@k and AUROC with ties counted half', () => {
  const flipped = new Set(['a', 'b']);
  const perfect = labelNoiseScores(flipped, ['a', 'b', 'c', 'd']);
  assert.equal(perfect.precisionAtK, 1);
  assert.equal(perfect.auroc, 1);
  const worst = labelNoiseScores(flipped, ['c', 'd', 'a', 'b']);
  assert.equal(worst.precisionAtK, 0);
  assert.equal(worst.auroc, 0);
  // a beats c and d; b ties with c (half) and beats d: (2 + 1.5) / 4.
  const tied = labelNoiseScores(flipped, [
    { id: 'a', score: 0.9 },
    { id: 'b', score: 0.5 },
    { id: 'c', score: 0.5 },
    { id: 'd', score: 0.1 },
  ]);
  assert.equal(tied.auroc, 3.5 / 4);
  assert.equal(tied.precisionAtK, 1, 'equal scores keep the given order');
  assert.ok(Number.isNaN(labelNoiseScores(new Set(), ['a']).precisionAtK));
});

// Ranking quality on synthetic runs with a known 10% of labels flipped: the combined ranking must find flips at
// least as well as plain self-confidence (precision@k, k = number of flips, and AUROC). Figures are printed as
// test diagnostics; no timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinInspectionData, type InspectionData } from '../../../src/engine/inspect/inspectionData';
import { analyseSuspects } from '../../../src/engine/inspect/suspectAnalysis';
import { suspectList } from '../../../src/engine/inspect/suspects';
import { labelNoiseScores } from '../../../src/engine/inspect/labelNoiseScores';
import { Prng } from '../../../src/engine/demo/prng';
import { asOof, syntheticRun, type SyntheticOptions, type SyntheticRun } from './syntheticRun';

function inspectionOf(run: SyntheticRun): InspectionData {
  const items = run.ids.map((id, i) => ({ id, className: run.classes[run.labels[i]] }));
  return joinInspectionData(asOof(run), items, () => true);
}

async function compare(options: Partial<SyntheticOptions>, mutate?: (run: SyntheticRun) => void) {
  const run = syntheticRun(options);
  mutate?.(run);
  const data = inspectionOf(run);
  const a = await analyseSuspects(data);
  const selfConfidence = labelNoiseScores(run.flipped, data.ids.map((id, i) => ({ id, score: 1 - a.model.selfConfidence[i] })));
  const margin = labelNoiseScores(run.flipped, data.ids.map((id, i) => ({ id, score: 1 - a.model.normalizedMargin[i] })));
  const list = suspectList(a);
  const combined = labelNoiseScores(run.flipped, list.suspects.map((s) => ({ id: s.id, score: s.score })));
  // How often the suggestion for a flipped utterance among the top k is its true label.
  const truth = new Map(run.ids.map((id, i) => [id, run.classes[run.trueLabels[i]]]));
  const topFlips = list.suspects.slice(0, run.flipped.size).filter((s) => run.flipped.has(s.id));
  const suggestionRight = topFlips.filter((s) => s.suggested === truth.get(s.id)).length / Math.max(1, topFlips.length);
  return { selfConfidence, margin, combined, suggestionRight, weights: list.weights, list };
}

const fmt = (s: { precisionAtK: number; auroc: number }) => `precision@k ${s.precisionAtK.toFixed(3)}, AUROC ${s.auroc.toFixed(3)}`;

test('combined ranking beats self-confidence on clustered data with 10% flips', async (t) => {
  const r = await compare({ n: 2000, flipRate: 0.1, seed: 7 });
  t.diagnostic(`self-confidence ${fmt(r.selfConfidence)}`);
  t.diagnostic(`normalised margin ${fmt(r.margin)}`);
  t.diagnostic(`combined ${fmt(r.combined)} (weights model ${r.weights.model}, neighbourhood ${r.weights.neighbourhood})`);
  t.diagnostic(`suggested label = true label for ${(100 * r.suggestionRight).toFixed(1)}% of the flips in the top k`);
  assert.equal(r.combined.k, 200);
  assert.ok(r.combined.precisionAtK >= r.selfConfidence.precisionAtK, 'precision@k');
  assert.ok(r.combined.auroc >= r.selfConfidence.auroc, 'AUROC');
  assert.ok(r.combined.auroc > r.selfConfidence.auroc + 0.02, 'clearly better, not just equal');
  assert.ok(r.suggestionRight > 0.6, `suggestion right for ${r.suggestionRight}`);
});

test('the combination holds up over seeds and settings', async (t) => {
  for (const opts of [
    { seed: 11, separation: 2.5 },
    { seed: 12, modelNoise: 0.5 },
    { seed: 13, flipRate: 0.2 },
    { seed: 14, n: 3000, dim: 32, folds: 3 },
  ]) {
    const r = await compare(opts);
    t.diagnostic(`${JSON.stringify(opts)}: self-confidence ${fmt(r.selfConfidence)}; combined ${fmt(r.combined)}`);
    assert.ok(r.combined.auroc >= r.selfConfidence.auroc, `AUROC ${JSON.stringify(opts)}`);
    assert.ok(r.combined.precisionAtK >= r.selfConfidence.precisionAtK - 0.01, `precision@k ${JSON.stringify(opts)}`);
  }
});

test('with embeddings that carry no class information the combination falls back to the model', async (t) => {
  const r = await compare({ seed: 21 }, (run) => {
    const rnd = new Prng(99);
    for (let i = 0; i < run.embeddings.length; i++) run.embeddings[i] = rnd.normal();
  });
  t.diagnostic(`random embeddings: self-confidence ${fmt(r.selfConfidence)}; combined ${fmt(r.combined)} (weights ${JSON.stringify(r.weights)})`);
  assert.ok(r.combined.auroc >= r.selfConfidence.auroc - 0.005);
  assert.ok(r.combined.precisionAtK >= r.selfConfidence.precisionAtK - 0.02);
});

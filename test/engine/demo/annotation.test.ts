import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../../src/engine/demo/prng';
import { annotate } from '../../../src/engine/demo/evaluators';
import { chooseLabelSwaps } from '../../../src/engine/demo/labelFlips';
import { EMOTIONS, type Emotion } from '../../../src/engine/demo/emotionProfiles';
import { seedFrom } from '../../../src/engine/demo/seeds';

const VOCAB = ['neu', 'fru', 'ang', 'sad', 'hap', 'exc', 'sur', 'fea', 'dis'];

test('evaluator votes always support the consensus the file carries; ambiguous utterances split more', () => {
  const rng = new Prng(1);
  let splitClear = 0;
  let splitAmbiguous = 0;
  for (let i = 0; i < 3000; i++) {
    const primary = rng.pick(EMOTIONS.filter((e) => e !== 'bor')) as Emotion;
    const ambiguous = rng.next() < 0.5;
    const secondary = ambiguous ? rng.pick(EMOTIONS.filter((e) => e !== primary && e !== 'bor')) : undefined;
    const kind = rng.int(3);
    const fileCode = kind === 0 ? 'xxx' : kind === 1 ? primary : rng.pick(['ang', 'sad', 'neu'].filter((c) => c !== primary));
    const a = annotate({
      mix: secondary ? { primary, secondary, blend: 0.4 } : { primary }, fileCode, flipped: kind === 2, gender: i % 2 ? 'F' : 'M',
      evaluators: ['E1', 'E2', 'E3'], withSelf: i % 3 === 0, vocabulary: VOCAB,
    }, new Prng(i));
    assert.equal(a.votes.length, 3);
    const tally = new Map<string, number>();
    for (const v of a.votes) {
      assert.equal(new Set(v.labels).size, v.labels.length);
      for (const l of v.labels) {
        assert.ok(VOCAB.includes(l), l);
        tally.set(l, (tally.get(l) ?? 0) + 1);
      }
    }
    const top = Math.max(...tally.values());
    if (fileCode === 'xxx') assert.ok(top < 2, JSON.stringify(a.votes));
    else {
      assert.ok(tally.get(fileCode)! >= 2, JSON.stringify(a.votes));
      assert.equal([...tally.values()].filter((n) => n >= tally.get(fileCode)!).length, 1, JSON.stringify(a.votes));
      if (kind === 1) {
        const split = a.votes.some((v) => !v.labels.includes(fileCode) || v.labels.length > 1);
        if (ambiguous) splitAmbiguous += +split;
        else splitClear += +split;
      }
    }
    assert.equal(a.selfVotes.length, i % 3 === 0 ? 1 : 0);
    if (a.selfVotes.length) assert.equal(a.selfVotes[0].evaluator, i % 2 ? 'F1' : 'M1');
    for (const v of a.vad) assert.ok(v >= 1 && v <= 5);
  }
  assert.ok(splitAmbiguous > 1.3 * splitClear, `split votes: ambiguous ${splitAmbiguous}, clear ${splitClear}`);
});

test('label swaps keep class sizes, only cross classes, respect eligibility, and are reproducible', () => {
  const labels = Array.from({ length: 200 }, (_, i) => ['ang', 'hap', 'exc', 'neu', 'sad', 'xxx'][i % 6]);
  const four: Record<string, string> = { ang: 'ang', hap: 'hap', exc: 'hap', neu: 'neu', sad: 'sad' };
  for (const count of [1, 2, 7, 20]) {
    const flips = chooseLabelSwaps(labels, count, new Prng(seedFrom('flips', count)), {
      eligible: (i) => labels[i] !== 'xxx',
      differ: (a, b) => four[a] !== four[b],
    });
    assert.equal(flips.size, Math.max(2, count));
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    for (const [i, l] of flips) {
      assert.notEqual(labels[i], 'xxx');
      assert.notEqual(four[l], four[labels[i]]);
      before.set(labels[i], (before.get(labels[i]) ?? 0) + 1);
      after.set(l, (after.get(l) ?? 0) + 1);
    }
    assert.deepEqual(after, before);
    assert.deepEqual(chooseLabelSwaps(labels, count, new Prng(seedFrom('flips', count)), { eligible: (i) => labels[i] !== 'xxx', differ: (a, b) => four[a] !== four[b] }), flips);
  }
  assert.equal(chooseLabelSwaps(['a', 'a', 'a'], 2, new Prng(1)).size, 0, 'no partner of another class');
  assert.equal(chooseLabelSwaps(labels, 0, new Prng(1)).size, 0);
});

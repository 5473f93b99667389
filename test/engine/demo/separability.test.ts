import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEmodbCorpus } from '../../../src/engine/demo/emodbCorpus';
import { renderPlanned } from '../../../src/engine/demo/plannedUtterance';
import { cheapStats, nearestMeanAccuracy, normalisePerSpeaker, type Sample } from './acousticStats';

/** Leave-one-speaker-out accuracy of a nearest-class-mean classifier on four cheap statistics, 7 classes. */
function weakListenerAccuracy(difficulty: number): number {
  const per = 30;
  const plan = planEmodbCorpus({
    seed: 11, difficulty, lengthScale: 0.5, classCounts: { ang: per, bor: per, dis: per, fea: per, hap: per, sad: per, neu: per },
  });
  const samples: Sample[] = plan.utterances.map((p) => {
    const s = cheapStats(renderPlanned(p, 16000).samples, 16000);
    return { speaker: p.speakerId, label: p.fileLabel, features: [s.f0, s.level, s.zcr, s.rmsFrequency] };
  });
  return nearestMeanAccuracy(normalisePerSpeaker(samples));
}

test('the difficulty knob moves emotions together: a weak classifier does much better at 0 than at 1, both above chance', () => {
  const chance = 1 / 7;
  const [easy, mid, hard] = [0, 0.5, 1].map(weakListenerAccuracy);
  const report = `accuracy at difficulty 0 / 0.5 / 1: ${[easy, mid, hard].map((a) => (100 * a).toFixed(1)).join(' / ')} % (chance ${(100 * chance).toFixed(1)} %)`;
  assert.ok(easy > hard + 0.4, report);
  assert.ok(easy > mid + 0.05 && mid > hard + 0.2, report);
  assert.ok(easy > 0.8, report);
  assert.ok(hard > chance + 0.05, report);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanDataset } from '../../../src/engine/datasets/scan';
import { DEMO_DEFAULTS, writeDemoCorpus } from '../../../src/engine/demo/demoCorpus';
import { readTruth, TRUTH_FILE } from '../../../src/engine/demo/corpusTruth';
import { tempCorpusDir } from '../../fixtures/corpora';

test('the product demo: IEMOCAP layout, 5 sessions, 2-5 s utterances, a few wrong labels in demo-truth.json, a README', async () => {
  const t = await tempCorpusDir('ser-demo-');
  try {
    const r = await writeDemoCorpus(t.fs, t.dir);
    assert.equal(r.truthPath, join(t.dir, TRUTH_FILE));
    const truth = await readTruth(t.fs, r.truthPath);
    assert.deepEqual(truth, r.truth);
    assert.equal(truth.utterances.length, 5 * DEMO_DEFAULTS.utterancesPerSession!);
    assert.ok(truth.flips.length >= 4 && truth.flips.length <= 10, `${truth.flips.length} flips`);
    for (const u of truth.utterances) assert.ok(u.seconds >= 2 && u.seconds <= 5, `${u.id} ${u.seconds}`);
    const scan = await scanDataset(t.fs, t.dir);
    assert.equal(scan.format, 'iemocap');
    assert.deepEqual(scan.errors, []);
    assert.equal(scan.sessions, 5);
    assert.equal(scan.speakers, 10);
    for (const n of Object.values(scan.classes)) assert.ok(n >= 15, JSON.stringify(scan.classes));
    const minutes = scan.totalSeconds / 60;
    assert.ok(minutes > 8 && minutes < 20, `${minutes.toFixed(1)} min usable`);
    const readme = await t.fs.readText(r.readmePath);
    assert.match(readme, /NOT real speech/);
    assert.match(readme, new RegExp(`${truth.flips.length} consensus labels are deliberately WRONG`));
  } finally {
    await t.cleanup();
  }
});

test('the demo replaces an earlier demo but refuses to overwrite a real IEMOCAP folder', async () => {
  const t = await tempCorpusDir('ser-demo-');
  try {
    const small = { sessions: 2, utterancesPerSession: 8, dialogsPerSession: 2, minSeconds: 1, maxSeconds: 2, meanSeconds: 1.4 };
    await writeDemoCorpus(t.fs, t.dir, { ...small, sessions: 3 });
    await writeDemoCorpus(t.fs, t.dir, small);
    const scan = await scanDataset(t.fs, t.dir, { classes: '5class' });
    assert.equal(scan.sessions <= 2, true, 'no session left over from the earlier, bigger demo');

    const real = await tempCorpusDir('ser-real-');
    try {
      await real.fs.writeFileAtomic(join(real.dir, 'IEMOCAP_full_release', 'Session1', 'keep.txt'), 'precious');
      await assert.rejects(writeDemoCorpus(real.fs, real.dir, small), /looks like real data/);
      assert.equal(await real.fs.readText(join(real.dir, 'IEMOCAP_full_release', 'Session1', 'keep.txt')), 'precious');
    } finally {
      await real.cleanup();
    }
  } finally {
    await t.cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../../../src/engine/audio/loadAudio';
import { loadDataset } from '../../../src/engine/datasets/loadDataset';
import { scanDataset, usableUtterances } from '../../../src/engine/datasets/scan';
import { writeIemocapCorpus, type IemocapCorpusOptions } from '../../../src/engine/demo/iemocapCorpus';
import { iemocapDialogNames } from '../../../src/engine/demo/iemocapDialogs';
import { tempCorpusDir } from '../../fixtures/corpora';

const FOUR: Record<string, string> = { ang: 'ang', hap: 'hap', exc: 'hap', neu: 'neu', sad: 'sad' };

const SMALL: IemocapCorpusOptions = {
  seed: 9, sessions: 2, dialogsPerSession: 3, utterancesPerSession: 14, minSeconds: 1, maxSeconds: 2.5, meanSeconds: 1.6,
  unresolvedFraction: 0.15, ambiguousFraction: 0.3, flipFraction: 0.15, difficulty: 0.4,
};

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true })) {
    const p = join(dir, String(f));
    try {
      out.set(String(f), createHash('sha256').update(readFileSync(p)).digest('hex'));
    } catch {
      // directories
    }
  }
  return out;
}

test('IEMOCAP corpus loads through the dataset layer exactly as the ground truth says', async () => {
  const t = await tempCorpusDir('ser-demo-');
  try {
    const progress: number[] = [];
    const r = await writeIemocapCorpus(t.fs, t.dir, { ...SMALL, onProgress: (d) => progress.push(d) });
    const ds = await loadDataset(t.fs, t.dir);
    assert.equal(ds.format, 'iemocap');
    assert.deepEqual(ds.errors, []);
    assert.equal(ds.utterances.length, 28);
    assert.deepEqual(progress, Array.from({ length: 28 }, (_, i) => i + 1));
    assert.deepEqual(new Set(ds.utterances.map((u) => u.speaker)), new Set(['Ses01F', 'Ses01M', 'Ses02F', 'Ses02M']));
    assert.deepEqual(new Set(ds.utterances.map((u) => u.session)), new Set(['Ses01', 'Ses02']));
    assert.deepEqual(r.dialogs.map((d) => d.dialog), ['Ses01F_impro01', 'Ses01M_impro01', 'Ses01F_script01_1', 'Ses02F_impro01', 'Ses02M_impro01', 'Ses02F_script01_1']);

    const truth = new Map(r.truth.utterances.map((u) => [u.id, u]));
    assert.equal(truth.size, 28);
    for (const u of ds.utterances) {
      const g = truth.get(u.id)!;
      assert.ok(g, u.id);
      assert.equal(u.label, g.fileLabel, u.id);
      assert.equal(u.speaker, g.speaker);
      assert.ok(g.seconds >= 1 && g.seconds <= 2.5, `${u.id} lasts ${g.seconds}`);
      const [s, e] = [u.attributes!.dialogStart as number, u.attributes!.dialogEnd as number];
      assert.ok(Math.abs(e - s - g.seconds) < 2e-4, `${u.id} dialog span ${e - s} vs ${g.seconds}`);
      assert.equal(u.votes!.length, 3);
      // The consensus is what a majority of the three evaluators said; 'xxx' when no label has two votes.
      const tally = new Map<string, number>();
      for (const v of u.votes!) for (const l of new Set(v.labels)) tally.set(l, (tally.get(l) ?? 0) + 1);
      const top = Math.max(...tally.values());
      if (u.label === 'xxx') assert.ok(top < 2, `${u.id} xxx but ${JSON.stringify(u.votes)}`);
      else {
        assert.ok((tally.get(u.label!) ?? 0) >= 2, `${u.id} ${u.label} lacks a majority: ${JSON.stringify(u.votes)}`);
        assert.equal([...tally].filter(([, n]) => n >= tally.get(u.label!)!).length, 1, `${u.id} tie`);
      }
      for (const v of u.vad!) assert.ok(v >= 1 && v <= 5);
      assert.match(u.transcript!, /^[A-Z][a-z ,]+[.!?]$/);
      if (g.flipped) {
        assert.notEqual(FOUR[g.fileLabel], FOUR[g.emotion], `${u.id} flip inside one class`);
      } else if (u.label !== 'xxx') {
        assert.equal(u.label, g.emotion);
      }
      if (u.label === 'xxx') assert.ok(g.secondary, 'an unresolved utterance blends two emotions');
    }
    assert.ok(ds.utterances.some((u) => u.label === 'xxx'), 'some xxx');
    assert.ok(ds.utterances.some((u) => u.votes!.some((v) => v.labels.length > 1)), 'some multi-label votes');
    assert.ok(ds.utterances.some((u) => (u.selfVotes ?? []).length > 0), 'some self-evaluations');
    assert.ok(ds.utterances.some((u) => u.attributes!.type === 'script') && ds.utterances.some((u) => u.attributes!.type === 'impro'));

    // Flips: recorded in both lists, between classes, and class sizes unchanged by them (labels were swapped).
    const flipped = r.truth.utterances.filter((u) => u.flipped);
    assert.deepEqual(r.truth.flips.map((f) => f.id), flipped.map((u) => u.id));
    assert.ok(flipped.length >= 2 && flipped.length <= 6, `${flipped.length} flips`);
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(FOUR[x], (m.get(FOUR[x]) ?? 0) + 1), new Map<string, number>());
    assert.deepEqual(count(flipped.map((u) => u.fileLabel)), count(flipped.map((u) => u.emotion)));

    const scan = await scanDataset(t.fs, t.dir, { classes: '5class' });
    const usable = r.truth.utterances.filter((u) => u.fileLabel !== 'xxx');
    assert.equal(scan.utterances, usable.length);
    assert.ok(Math.abs(scan.totalSeconds - usable.reduce((a, u) => a + u.seconds, 0)) < 1e-6);
  } finally {
    await t.cleanup();
  }
});

test('IEMOCAP corpus: same options, same bytes; another seed, other audio', async () => {
  const a = await tempCorpusDir('ser-demo-');
  const b = await tempCorpusDir('ser-demo-');
  try {
    const opts = { ...SMALL, sessions: 1, utterancesPerSession: 6 };
    await writeIemocapCorpus(a.fs, a.dir, opts);
    await writeIemocapCorpus(b.fs, b.dir, opts);
    const ha = hashTree(a.dir);
    assert.ok(ha.size > 10);
    assert.deepEqual(hashTree(b.dir), ha);
    await b.cleanup();
    await writeIemocapCorpus(b.fs, b.dir, { ...opts, seed: 10 });
    assert.notDeepEqual(hashTree(b.dir), ha);
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

test('IEMOCAP corpus at 44.1 kHz: headers say so, the loader resamples; five sessions carry the suffixed dialogs', async () => {
  const t = await tempCorpusDir('ser-demo-');
  try {
    const r = await writeIemocapCorpus(t.fs, t.dir, {
      seed: 4, sessions: 5, dialogsPerSession: 22, utterancesPerSession: 22, minSeconds: 1, maxSeconds: 1.4, meanSeconds: 1.1, sampleRate: 44100,
    });
    const names = r.dialogs.map((d) => d.dialog);
    for (const n of ['Ses03M_impro05a', 'Ses05F_impro05b', 'Ses05M_script01_1b', 'Ses02F_script02_2']) assert.ok(names.includes(n), n);
    const sel = await usableUtterances(t.fs, t.dir, { classes: '5class' });
    assert.ok(sel.utterances.length > 60);
    assert.ok(sel.utterances.every((u) => u.sampleRate === 44100));
    const speakers = new Set(sel.utterances.map((u) => u.utterance.speaker));
    assert.equal(speakers.size, 10);
    const first = sel.utterances[0];
    const x = await loadAudio(t.fs, first.utterance.audioPath);
    assert.ok(Math.abs(x.length - first.seconds * 16000) < 2, `${x.length} samples at 16 kHz for ${first.seconds} s`);
    const truth = r.truth.utterances.find((u) => u.id === first.utterance.id)!;
    assert.ok(Math.abs(truth.seconds - first.seconds) < 1e-9);
  } finally {
    await t.cleanup();
  }
});

test('dialog names follow the release and options are checked', async () => {
  assert.deepEqual(iemocapDialogNames(1, 4).map((d) => d.dialog), ['Ses01F_impro01', 'Ses01M_impro01', 'Ses01F_script01_1', 'Ses01M_script01_1']);
  assert.deepEqual(iemocapDialogNames(1, 3).map((d) => d.theme), [['fru', 'neu'], ['fru', 'neu'], ['ang', 'fru', 'neu']]);
  assert.throws(() => iemocapDialogNames(1, 40), /dialogs per session/);
  const t = await tempCorpusDir('ser-demo-');
  try {
    await assert.rejects(writeIemocapCorpus(t.fs, t.dir, { difficulty: 2 }), /difficulty/);
    await assert.rejects(writeIemocapCorpus(t.fs, t.dir, { minSeconds: 5, maxSeconds: 2 }), /minSeconds/);
    await assert.rejects(writeIemocapCorpus(t.fs, t.dir, { emotionWeights: { neu: 0, fru: 0, ang: 0, sad: 0, hap: 0, exc: 0 } }), /no emotion/);
    await assert.rejects(writeIemocapCorpus(t.fs, t.dir, { sessions: 0 }), /sessions/);
    await assert.rejects(writeIemocapCorpus(t.fs, t.dir, { emotionWeights: { bor: 1 } as never }), /"bor" is not one of/);
  } finally {
    await t.cleanup();
  }
});

// The evaluation pipeline end to end on a tiny synthetic IEMOCAP, in-process on the deterministic cpu backend:
// speaker independence, every utterance predicted exactly once out of fold, resume, refusal to mix runs, grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeIemocapCorpus } from '../../../src/engine/demo/iemocapCorpus';
import { evaluate, gridVariants } from '../../../src/engine/eval/evaluate';
import { cachedFeatureSource } from '../../../src/engine/eval/cachedFeatureSource';
import { InProcessExecutor } from '../../../src/engine/eval/foldExecutor';
import { readOofPredictions } from '../../../src/engine/run/oofPredictions';
import { readRunInfo, runPaths } from '../../../src/engine/run/runDirectory';
import { resolveTrainConfig } from '../../../src/engine/train/trainConfig';
import { CancelledError, SerError } from '../../../src/engine/errors';
import { useCpuBackend } from '../../../src/engine/backend/ensureBackend';
import type { EvalParams, EvalSummary, TrainEvent } from '../../../src/shared/trainTypes';
import { tempCorpusDir } from '../../fixtures/corpora';

const TINY = {
  model: { frameStack: 2, channels: [16, 16], context: 1, poolBetween: 2, attentionHeads: 2, poolingUnits: 8, embeddingDim: 8, penultimateDim: 8, dropout: 0.1 },
  batchSize: 8, epochs: 2, patience: 0, cropFrames: 100, testHopFrames: 50, features: { nMels: 16 },
};

async function corpus(t: { fs: import('../../../src/engine/io/fileSystem').FileSystem; dir: string }) {
  await writeIemocapCorpus(t.fs, t.dir, { sessions: 3, dialogsPerSession: 2, utterancesPerSession: 12, minSeconds: 0.6, maxSeconds: 1.2, meanSeconds: 0.9, unresolvedFraction: 0, seed: 5 });
}

function env(t: { fs: import('../../../src/engine/io/fileSystem').FileSystem; dir: string }) {
  return {
    fs: t.fs,
    features: cachedFeatureSource(t.fs, { cacheDir: join(t.dir, 'cache'), workers: 0 }),
    backend: async () => {
      const b = await useCpuBackend();
      return { name: b.name, device: b.device, detail: b.summary };
    },
    executor: async (set: { features: ReadonlyMap<string, import('../../../src/engine/features/featureConfig').FeatureMatrix> }) => new InProcessExecutor(t.fs, set.features),
  };
}

async function run(t: Parameters<typeof env>[0], params: EvalParams, signal?: AbortSignal, onEvent?: (e: TrainEvent) => void): Promise<{ summary: EvalSummary; events: TrainEvent[] }> {
  const events: TrainEvent[] = [];
  const gen = evaluate(env(t), params, signal);
  for (;;) {
    const r = await gen.next();
    if (r.done) return { summary: r.value, events };
    events.push(r.value);
    onEvent?.(r.value);
  }
}

test('leave-one-session-out: no test speaker in training, every utterance predicted once, metrics written', async () => {
  const t = await tempCorpusDir();
  try {
    await corpus(t);
    const runDir = join(t.dir, 'run');
    const { summary, events } = await run(t, { root: t.dir, runDir, config: TINY });
    assert.equal(summary.metrics.protocol, 'loso-session');
    assert.equal(summary.metrics.folds.length, 3);
    assert.ok(events.some((e) => e.type === 'features') && events.filter((e) => e.type === 'fold-done').length === 3);
    const info = (await readRunInfo(t.fs, runDir))!;
    assert.equal(info.status, 'complete');
    const oof = await readOofPredictions(t.fs, runDir);
    assert.equal(oof.utterances.length, info.utterances);
    assert.equal(new Set(oof.utterances.map((u) => u.id)).size, oof.utterances.length, 'each utterance once');
    for (const u of oof.utterances) {
      const session = u.id.slice(0, 5);
      assert.equal(info.folds![u.fold].name, session, `${u.id} is predicted by the fold that held out its session`);
      assert.ok(Math.abs(u.probs.reduce((a, b) => a + b, 0) - 1) < 1e-3);
    }
    for (let i = 0; i < oof.utterances.length; i++) {
      let n = 0;
      for (let d = 0; d < oof.dim; d++) n += oof.embeddings[i * oof.dim + d] ** 2;
      assert.ok(Math.abs(n - 1) < 1e-3, 'embeddings are unit length');
    }
    const metrics = JSON.parse(await t.fs.readText(runPaths(runDir).metrics));
    assert.ok(metrics.UA >= 0 && metrics.UA <= 100 && metrics.confusion.length === 4);
    assert.equal(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0), oof.utterances.length);

    // The same command again resumes: every fold is already done, nothing is retrained.
    const again = await run(t, { root: t.dir, runDir, config: TINY });
    assert.ok(again.events.filter((e) => e.type === 'fold-done').every((e) => e.type === 'fold-done' && e.resumed));
    assert.equal(again.summary.metrics.UA, summary.metrics.UA);

    // Another config into the same folder is refused, not mixed in.
    await assert.rejects(run(t, { root: t.dir, runDir, config: { ...TINY, epochs: 3 } }), (e) => e instanceof SerError && /holds a different run/.test(e.message));
  } finally {
    await t.cleanup();
  }
});

test('cancelling keeps finished folds and the next run resumes from them', async () => {
  const t = await tempCorpusDir();
  try {
    await corpus(t);
    const runDir = join(t.dir, 'run');
    const ac = new AbortController();
    await assert.rejects(
      run(t, { root: t.dir, runDir, config: TINY, protocol: 'loso-speaker' }, ac.signal, (e) => {
        if (e.type === 'fold-done' && e.fold === 1) ac.abort();
      }),
      (e) => e instanceof CancelledError,
    );
    assert.equal((await readRunInfo(t.fs, runDir))!.status, 'cancelled');
    const resumed = await run(t, { root: t.dir, runDir, config: TINY, protocol: 'loso-speaker' });
    const done = resumed.events.filter((e): e is Extract<TrainEvent, { type: 'fold-done' }> => e.type === 'fold-done');
    assert.equal(done.length, 6, 'six speakers, six folds');
    assert.deepEqual(done.filter((e) => e.resumed).map((e) => e.fold), [0, 1]);
  } finally {
    await t.cleanup();
  }
});

test('the grid is CE-only plus every feature x pair selection, with deltas against CE-only', async () => {
  const variants = gridVariants(resolveTrainConfig({}));
  assert.equal(variants.length, 13);
  assert.equal(variants[0].name, 'ce-only');
  assert.equal(variants[0].config.loss.lambda, 0);
  assert.ok(variants.slice(1).every((v) => v.config.loss.lambda > 0));
  assert.equal(new Set(variants.map((v) => v.name)).size, 13);
  const t = await tempCorpusDir();
  try {
    await writeIemocapCorpus(t.fs, t.dir, { sessions: 2, dialogsPerSession: 1, utterancesPerSession: 8, minSeconds: 0.6, maxSeconds: 0.9, meanSeconds: 0.7, unresolvedFraction: 0, seed: 6 });
    const runDir = join(t.dir, 'grid');
    const { summary } = await run(t, { root: t.dir, runDir, config: { ...TINY, epochs: 1 }, grid: true });
    assert.equal(summary.grid!.length, 13);
    assert.equal(summary.grid![0].deltaUA, 0);
    for (const row of summary.grid!) assert.ok(Math.abs(row.deltaUA - (row.UA - summary.grid![0].UA)) < 1e-9);
    assert.ok(await t.fs.stat(join(runDir, 'oof.json')), 'the configured variant gives the run its OOF predictions');
  } finally {
    await t.cleanup();
  }
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalSummary, TrainEvent } from '../../src/shared/trainTypes';
import { skipBrowser, ViewHarness, type ViewPage } from './harness';
import { until } from '../fixtures/until.mjs';
import { CLASSES } from './viewFixtures';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

/** Two folds of a 12-epoch run, `upTo` epochs into fold 2, with step reports inside the current epoch. */
function events(upTo: number, variant?: string): TrainEvent[] {
  const out: TrainEvent[] = [
    { type: 'backend', backend: { name: 'node', device: 'CPU native', detail: 'tensorflow (CPU native): TensorFlow 2.21, 8 threads, tfjs-node 4.22.0 [not used: node-gpu: no CUDA device]', tried: [{ name: 'node-gpu', error: 'no CUDA device' }] } },
    { type: 'features', done: 400, total: 400, cached: 380, computed: 20, failed: 0 },
  ];
  const v = variant ? { variant } : {};
  for (let fold = 0; fold < 2; fold++) {
    out.push({ type: 'fold-start', ...v, fold, folds: 3, name: `Ses0${fold + 1}`, train: 3000, validation: 400, test: 800 });
    const epochs = fold === 0 ? 12 : upTo;
    for (let e = 1; e <= epochs; e++) {
      for (let s = 20; s <= 100; s += 40) {
        out.push({ type: 'step', ...v, fold, epoch: e, epochs: 12, step: s, stepsPerEpoch: 100, ce: 1.4 * Math.exp(-e / 5) + 0.3 + 0.02 * Math.sin(s), contrastive: 0.5 * Math.exp(-e / 4) + 0.1, elapsedSeconds: (fold * 12 + e) * 10 });
      }
      out.push({ type: 'epoch', ...v, fold, epoch: e, epochs: 12, step: 100, stepsPerEpoch: 100, ce: 1.4 * Math.exp(-e / 5) + 0.3 + 0.05 * fold, contrastive: 0.5 * Math.exp(-e / 4) + 0.1, validation: { UA: 40 + 20 * (1 - Math.exp(-e / 3)) + 3 * fold, WA: 45 + 18 * (1 - Math.exp(-e / 3)) }, elapsedSeconds: (fold * 12 + e) * 10 });
    }
    if (fold === 0) out.push({ type: 'fold-done', ...v, fold, name: 'Ses01', UA: 58.3, WA: 61.2, macroF1: 57.9, bestEpoch: 10, seconds: 120, resumed: false });
  }
  out.push({ type: 'step', ...v, fold: 1, epoch: upTo + 1, epochs: 12, step: 40, stepsPerEpoch: 100, ce: 0.62, contrastive: 0.16, elapsedSeconds: 250 });
  out.push({ type: 'log', level: 'warn', message: '3 utterances skipped: unreadable audio' });
  return out;
}

const summary: EvalSummary = {
  runDir: '/data/demo/.ser/runs/eval-1',
  backend: { name: 'node', device: 'CPU native', detail: 'tfjs-node' },
  metrics: {
    WA: 61.4, UA: 58.8, macroF1: 58.1, std: { WA: 2.1, UA: 2.5, macroF1: 2.4 }, pooled: { WA: 61, UA: 58.5, macroF1: 58 },
    classes: CLASSES,
    confusion: [[120, 10, 25, 5], [12, 150, 40, 8], [20, 30, 260, 30], [3, 6, 35, 110]],
    folds: [], protocol: 'loso-session',
  },
  grid: [
    { variant: 'ce-only', lambda: 0, featureSelection: '-', pairSelection: '-', WA: 59.1, UA: 56.2, deltaWA: 0, deltaUA: 0, std: { WA: 2, UA: 2.2 } },
    { variant: 'fs1-ps2', lambda: 0.3, featureSelection: 'last hidden', pairSelection: 'hard', WA: 61.4, UA: 58.8, deltaWA: 2.3, deltaUA: 2.6, std: { WA: 2.1, UA: 2.5 } },
  ],
  seconds: 900,
  errors: [],
};

async function segments(v: ViewPage): Promise<number[]> {
  return v.page.evaluate(() => [...document.querySelector('ser-training-dashboard')!.shadowRoot!.querySelectorAll('ser-line-chart')].map((c) => (c as unknown as { segmentsDrawn: number }).segmentsDrawn));
}

describe('training dashboard', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  before(async () => (h = await ViewHarness.start()));
  after(async () => h?.close());

  test('draws live curves from TrainEvents, shows backend, time and folds; Cancel posts', async () => {
    const v = await h.open('training', { width: 1200, height: 900 });
    await v.waitForPosted({ type: 'ready' });
    const now = Date.now();
    await v.send({ type: 'run', run: { title: 'Evaluate demo (LOSO)', kind: 'evaluate', runDir: '/data/demo/.ser/runs/eval-1', startedAt: now - 250_000 }, now });
    const all = events(6);
    // In batches, as the host sends them.
    for (let k = 0; k < all.length; k += 25) await v.send({ type: 'events', events: all.slice(k, k + 25) });
    // The charts redraw on lit's update cycle, after the last batch has been handed over: wait until every one
    // has reached the count it should have, then check that none drew more.
    await v.page.waitForFunction(() => [...document.querySelector('ser-training-dashboard')!.shadowRoot!.querySelectorAll('ser-line-chart')].every((c) => (c as unknown as { segmentsDrawn: number }).segmentsDrawn >= 16));
    const segs = await segments(v);
    // CE and contrastive: 11 + 5 finished-epoch segments plus the live tail; UA and WA: 11 + 5.
    assert.ok(segs[0] >= 16 && segs[1] >= 16, `loss segments ${segs}`);
    assert.deepEqual(segs.slice(2), [16, 16]);
    const text = await v.deepText('ser-training-dashboard');
    for (const s of ['Running', 'node', 'CPU native', 'not used: node-gpu', 'Elapsed', '4:10', 'Remaining', 'Ses01', 'done', 'epoch 7/12', '58.30', '3 utterances skipped']) assert.ok(text.includes(s), `missing "${s}" in ${text}`);
    assert.equal(text.match(/not used/g)?.length, 1, `the backends not used, once: ${text}`);
    // Progress: fold 1 done, fold 2 at 6.4/12, fold 3 not started: (1 + 0.533) / 3.
    const p = await v.page.evaluate(() => (document.querySelector('ser-training-dashboard') as unknown as { training: { progress(): number } }).training.progress());
    assert.ok(Math.abs(p - (1 + 6.4 / 12) / 3) < 1e-6, `progress ${p}`);
    await v.page.waitForTimeout(200);
    await v.screenshot('training-running-dark');
    await v.page.getByRole('button', { name: 'Cancel' }).click();
    await v.waitForPosted({ type: 'cancel' });
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();
  });

  test('at the end: confusion matrix cells list their utterances, the grid table; a reload restores the run', async () => {
    const v = await h.open('training', { width: 1200, height: 1000 });
    await v.waitForPosted({ type: 'ready' });
    const now = Date.now();
    // Opened after the run: it started 20 minutes ago and ended 5 minutes ago; elapsed is the run's 15 minutes.
    await v.send({ type: 'run', run: { title: 'Evaluate demo (grid)', kind: 'evaluate', runDir: summary.runDir, startedAt: now - 1_200_000 }, now });
    await v.send({ type: 'events', events: [...events(12, 'ce-only'), ...events(12, 'fs1-ps2')] });
    await v.send({ type: 'finished', result: { kind: 'evaluate', summary }, endedAt: now - 300_000 });
    const cell = v.page.getByRole('button', { name: 'true neu, predicted sad: 30 utterances (9% of neu)' });
    await cell.click();
    await v.waitForPosted({ type: 'cell', trueLabel: 'neu', predicted: 'sad' });
    await v.send({ type: 'cell', trueLabel: 'neu', predicted: 'sad', utterances: [{ id: 'Ses03F_impro02_F011', label: 'neu', predicted: 'sad', speaker: 'Ses03F' }, { id: 'Ses03M_script01_M020', label: 'neu', predicted: 'sad' }] });
    await v.page.getByRole('button', { name: 'Ses03F_impro02_F011' }).click();
    await v.waitForPosted({ type: 'open', id: 'Ses03F_impro02_F011' });
    const text = await v.deepText('ser-training-dashboard');
    for (const s of ['Finished', 'Elapsed 15:00', '58.80', 'fs1-ps2', '+2.60', 'last hidden', 'Variant']) assert.ok(text.includes(s), `missing "${s}" in ${text}`);
    assert.equal(await v.page.locator('ser-training-dashboard').locator('select option').count(), 2);
    await v.screenshot('training-finished-dark');
    // The state is saved at most once a second.
    const state = await until('the finished run in the webview state', async () => { const s = await v.state<{ events: unknown[]; ending?: unknown } | null>(); return s?.ending ? s : undefined; }, 10_000);
    assert.ok(state.events.length > 0 && state.ending, 'the run is saved in the webview state');
    await v.close();

    // A window reload: the host has no run; the dashboard shows the saved one.
    const r = await h.open('training', { state, theme: 'light' });
    await r.waitForPosted({ type: 'ready' });
    await r.page.waitForFunction(() => [...document.querySelector('ser-training-dashboard')!.shadowRoot!.querySelectorAll('ser-line-chart')].every((c) => (c as unknown as { segmentsDrawn: number }).segmentsDrawn > 0));
    assert.match(await r.deepText('ser-training-dashboard'), /Finished/);
    await r.screenshot('training-restored-light');
    await r.close();
  });
});

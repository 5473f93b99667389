import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToUtteranceView } from '../../src/shared/views/utteranceMessages';
import type { UtteranceDetail } from '../../src/shared/views/viewTypes';
import { speechWav } from './audioFixtures';
import { skipBrowser, typed, ViewHarness, type ViewPage } from './harness';
import { until } from '../fixtures/until.mjs';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

const CLASSES = ['ang', 'hap', 'neu', 'sad'];

function detail(id: string, label: string, extra: Partial<UtteranceDetail> = {}): UtteranceDetail {
  return {
    id,
    label,
    corpusLabel: 'neu',
    speaker: 'Ses01F',
    session: 'Ses01',
    gender: 'F',
    dialog: 'Ses01F_impro01',
    transcript: 'Excuse me. Do you have your forms?',
    votes: [
      { evaluator: 'E1', labels: ['ang'] },
      { evaluator: 'E2', labels: ['fru', 'ang'] },
      { evaluator: 'E3', labels: ['neu'] },
    ],
    selfVotes: [{ evaluator: 'F1', labels: ['ang'] }],
    vad: [2.5, 3.5, 3],
    dimensionalVotes: [{ evaluator: 'E1', valence: 2, activation: 4, dominance: 3 }],
    history: [{ op: 'set', old: 'neu', new: label, who: 'ana', when: '2024-05-01T10:00:00.000Z', undone: false }],
    prediction: { classes: CLASSES, probs: [0.62, 0.05, 0.28, 0.05], predicted: 'ang', fold: 2 },
    suspicion: 0.41,
    suggested: 'ang',
    ...extra,
  };
}

/** Fraction of a canvas's pixels that are not fully transparent, summed over the waveform's canvases. */
/** The painted share of the waveform canvases once it reaches `min` (they paint after a throttle), else the last seen. */
async function paintedShare(v: ViewPage, min: number): Promise<number> {
  return until(`the waveform to be painted (${min})`, async () => { const p = await wavePixels(v); return p > min && p; }, 10_000).catch(() => wavePixels(v));
}

async function wavePixels(v: ViewPage): Promise<number> {
  return v.page.evaluate(() => {
    const app = document.querySelector('ser-utterance-view')!;
    const wave = app.shadowRoot!.querySelector('ser-waveform') as unknown as { wavesurfer?: { getWrapper(): HTMLElement } };
    const canvases = [...(wave.wavesurfer?.getWrapper().querySelectorAll('canvas') ?? [])];
    let painted = 0;
    let total = 0;
    for (const c of canvases) {
      if (!c.width || !c.height) continue;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
      total += c.width * c.height;
    }
    return total ? painted / total : 0;
  });
}

describe('utterance view', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  let audioUrl: string;
  let dialogUrl: string;
  before(async () => {
    h = await ViewHarness.start();
    audioUrl = h.addFile('/data/Ses01F_impro01_F001.wav', speechWav(2.4));
    dialogUrl = h.addFile('/data/Ses01F_impro01.wav', speechWav(12, { seed: 7, f0: 120 }));
  });
  after(async () => h?.close());

  async function openWithUtterance(state?: unknown): Promise<ViewPage> {
    const v = await h.open('utterance', { state });
    await v.waitForPosted({ type: 'ready' });
    const u: ToUtteranceView = { type: 'utterance', classes: CLASSES, detail: detail('Ses01F_impro01_F001', 'neu'), neighbours: [
      { id: 'Ses01F_impro01_F002', label: 'ang', similarity: 0.93 },
      { id: 'Ses01M_impro01_M003', label: 'neu', similarity: 0.88 },
    ], hasDialog: true };
    await v.send(u);
    await v.send({ type: 'audio', id: 'Ses01F_impro01_F001', source: { kind: 'uri', uri: audioUrl } });
    return v;
  }

  test('renders the waveform and spectrogram, with the details beside it', async () => {
    const v = await openWithUtterance();
    await v.page.waitForFunction(() => {
      const wave = document.querySelector('ser-utterance-view')?.shadowRoot?.querySelector('ser-waveform') as unknown as { wavesurfer?: { getDuration(): number } } | null;
      return (wave?.wavesurfer?.getDuration() ?? 0) > 2;
    }, undefined, { timeout: 10000 });
    // The spectrogram renders after a 50 ms throttle; wait for the paint rather than for a guessed time.
    const painted = await paintedShare(v, 0.02);
    assert.ok(painted > 0.02, `waveform canvases are blank (${painted})`);
    const text = await v.deepText('ser-utterance-view');
    for (const s of ['Excuse me', 'E2', 'Valence', 'Prediction', 'Ses01F_impro01_F002', 'History']) assert.ok(text.includes(s), `missing ${s}`);
    await v.screenshot('utterance-dark');
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();
  });

  test('digit keys and label buttons set the label, Ctrl+Z undoes, Space plays', async () => {
    const v = await openWithUtterance();
    await v.page.keyboard.press('1');
    await v.waitForPosted({ type: 'setLabel', id: 'Ses01F_impro01_F001', label: 'ang' });
    await v.page.locator('ser-label-buttons button', { hasText: 'sad' }).click();
    await v.waitForPosted({ type: 'setLabel', label: 'sad' });
    await v.page.keyboard.press('Control+z');
    await v.waitForPosted({ type: 'undo' });
    // A key beyond the classes does nothing.
    await v.clearPosted();
    await v.page.keyboard.press('7');
    await v.page.waitForTimeout(100);
    assert.deepEqual(await v.posted(), []);
    // The host pushes a label change made elsewhere: the view shows it.
    await v.send({ type: 'utterance', classes: CLASSES, detail: detail('Ses01F_impro01_F001', 'sad'), neighbours: [], hasDialog: true });
    await v.page.waitForFunction(() => document.querySelector('ser-utterance-view')!.shadowRoot!.querySelector('.label-now')?.textContent === 'sad');
    const pressed = await v.page.locator('ser-label-buttons button[aria-pressed="true"]').innerText();
    assert.match(pressed, /sad/);
    await v.close();
  });

  test('whole dialog: regions coloured by label, clicking one opens that utterance; state is kept', async () => {
    const v = await openWithUtterance();
    await v.page.locator('label', { hasText: 'Whole dialog' }).locator('input').check();
    await v.waitForPosted({ type: 'showDialog', show: true });
    await v.send({
      type: 'dialog', id: 'Ses01F_impro01_F001', dialog: 'Ses01F_impro01', source: { kind: 'uri', uri: dialogUrl },
      regions: [
        { id: 'Ses01F_impro01_F000', start: 0.5, end: 2.5, label: 'neu', speaker: 'Ses01F' },
        { id: 'Ses01F_impro01_F001', start: 3, end: 5.4, label: 'neu', speaker: 'Ses01F' },
        { id: 'Ses01F_impro01_M000', start: 6, end: 8.5, label: 'ang', speaker: 'Ses01M' },
        { id: 'Ses01F_impro01_F002', start: 9, end: 11.5, label: 'sad', speaker: 'Ses01F' },
      ],
    });
    const region = v.page.locator('ser-waveform [part~="region"]', { hasText: 'ang' }).first();
    await region.waitFor({ timeout: 10000 });
    await v.page.waitForTimeout(400);
    await v.screenshot('utterance-dialog-dark');
    await region.click();
    await v.waitForPosted({ type: 'open', id: 'Ses01F_impro01_M000' });
    const state = await v.state<{ id: string; dialog: boolean }>();
    assert.equal(state.id, 'Ses01F_impro01_F001');
    assert.equal(state.dialog, true);
    await v.close();
  });

  test('audio handed over as bytes plays too; neighbours play and open', async () => {
    const v = await h.open('utterance', { theme: 'light', state: { id: 'x', zoom: 100, rate: 1.5, dialog: false } });
    await v.waitForPosted({ type: 'ready' });
    await v.send({ type: 'utterance', classes: CLASSES, detail: detail('x', 'hap', { dialog: undefined, votes: undefined, vad: undefined, selfVotes: undefined, dimensionalVotes: undefined }), neighbours: [{ id: 'y', label: 'sad', similarity: 0.9 }], hasDialog: false });
    await v.send({ type: 'audio', id: 'x', source: { kind: 'bytes', bytes: typed('u8', speechWav(1.2)), mime: 'audio/wav' } });
    await v.page.waitForFunction(() => {
      const wave = document.querySelector('ser-utterance-view')?.shadowRoot?.querySelector('ser-waveform') as unknown as { wavesurfer?: { getDuration(): number } } | null;
      return (wave?.wavesurfer?.getDuration() ?? 0) > 1;
    }, undefined, { timeout: 10000 });
    const painted = await paintedShare(v, 0.01);
    assert.ok(painted > 0.01, `blank waveform (${painted})`);
    const speed = await v.page.locator('select').inputValue();
    assert.equal(speed, '1.5');
    await v.page.getByRole('button', { name: 'Play y' }).click();
    await v.waitForPosted({ type: 'playNeighbour', id: 'y' });
    await v.page.getByRole('button', { name: 'y', exact: true }).click();
    await v.waitForPosted({ type: 'open', id: 'y' });
    await v.screenshot('utterance-light-bytes');
    await v.close();
  });
});

describe('.wav editor', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  before(async () => (h = await ViewHarness.start()));
  after(async () => h?.close());

  test('shows the file handed over as bytes with waveform and spectrogram; offers the utterance view', async () => {
    const v = await h.open('wav', { state: { zoom: 0, rate: 1 } });
    await v.waitForPosted({ type: 'ready' });
    await v.send({ type: 'file', name: 'Ses01F_impro01_F001.wav', source: { kind: 'bytes', bytes: typed('u8', speechWav(3, { seed: 11, rate: 22050 })), mime: 'audio/wav' }, utterance: { id: 'Ses01F_impro01_F001', label: 'neu' } });
    await v.page.getByText('3.00 s').waitFor({ timeout: 10000 });
    await v.page.waitForTimeout(400);
    await v.screenshot('wav-editor-dark');
    await v.page.getByRole('button', { name: 'Open in SER utterance view' }).click();
    await v.waitForPosted({ type: 'openUtterance' });
    await v.page.locator('select').selectOption('0.75');
    assert.deepEqual(await v.state(), { zoom: 0, rate: 0.75 });
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();
  });
});

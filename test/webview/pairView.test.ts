import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { speechWav } from './audioFixtures';
import { skipBrowser, ViewHarness, type ViewPage } from './harness';
import { CLASSES, pair } from './viewFixtures';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

describe('pair review', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  before(async () => (h = await ViewHarness.start()));
  after(async () => h?.close());

  async function openWithPairs(): Promise<{ v: ViewPage; pairs: ReturnType<typeof pair>[] }> {
    const v = await h.open('pairs');
    await v.waitForPosted({ type: 'ready' });
    const pairs = Array.from({ length: 6 }, (_, i) => pair(i + 1));
    await v.send({ type: 'pairs', classes: CLASSES, list: { pairs, candidates: 40, dismissed: 2 } });
    return { v, pairs };
  }

  test('plays A then B with real audio, and each side alone', async () => {
    const { v, pairs } = await openWithPairs();
    const p = pairs[0];
    await v.waitForPosted({ type: 'load', id: p.a.id });
    await v.waitForPosted({ type: 'load', id: p.b.id });
    const urlA = h.addFile('/data/a.wav', speechWav(0.6, { seed: 2, f0: 200 }));
    const urlB = h.addFile('/data/b.wav', speechWav(0.8, { seed: 3, f0: 110 }));
    for (const [id, uri, transcript] of [[p.a.id, urlA, 'Oh, that is wonderful.'], [p.b.id, urlB, 'Fine. Whatever.']]) {
      await v.send({ type: 'audio', id, source: { kind: 'uri', uri } });
      await v.send({ type: 'detail', detail: { id, label: id === p.a.id ? p.a.label : p.b.label, corpusLabel: 'neu', speaker: 'x', session: 'y', transcript, history: [], votes: [{ evaluator: 'E1', labels: ['neu'] }, { evaluator: 'E2', labels: ['sad'] }], prediction: { classes: CLASSES, probs: [0.1, 0.1, 0.5, 0.3], predicted: 'neu' } } });
    }
    await v.page.waitForFunction(() => {
      const app = document.querySelector('ser-pair-review')!.shadowRoot!;
      return [...app.querySelectorAll('ser-waveform')].every((w) => ((w as unknown as { duration: number }).duration ?? 0) > 0.5);
    }, undefined, { timeout: 10000 });
    // Record when each side starts and finishes.
    await v.page.evaluate(() => {
      const log: { side: string; what: string; t: number }[] = [];
      (window as unknown as { __plays: typeof log }).__plays = log;
      for (const what of ['ws-play', 'ws-finish']) {
        document.addEventListener(what, (e: any) => log.push({ side: (e.composedPath()[0] as HTMLElement).dataset.side ?? '?', what, t: performance.now() }));
      }
    });
    await v.screenshot('pairs-dark');
    await v.page.keyboard.press(' ');
    await v.page.waitForFunction(() => (window as unknown as { __plays: { side: string; what: string }[] }).__plays.some((x) => x.side === 'b' && x.what === 'ws-finish'), undefined, { timeout: 10000 });
    const plays = await v.page.evaluate(() => (window as unknown as { __plays: { side: string; what: string; t: number }[] }).__plays);
    const order = plays.map((x) => `${x.side}:${x.what}`);
    assert.deepEqual(order.filter((x) => x === 'a:ws-play' || x === 'b:ws-play' || x.endsWith('finish')).slice(0, 4), ['a:ws-play', 'a:ws-finish', 'b:ws-play', 'b:ws-finish']);
    const aEnd = plays.find((x) => x.side === 'a' && x.what === 'ws-finish')!.t;
    const aStart = plays.find((x) => x.side === 'a' && x.what === 'ws-play')!.t;
    assert.ok(aEnd - aStart > 400, `A played for ${aEnd - aStart} ms, not its 0.6 s`);
    // "b" plays the right side alone.
    await v.page.evaluate(() => ((window as unknown as { __plays: unknown[] }).__plays.length = 0));
    await v.page.keyboard.press('b');
    await v.page.waitForFunction(() => (window as unknown as { __plays: { side: string; what: string }[] }).__plays.some((x) => x.what === 'ws-play'));
    const first = await v.page.evaluate(() => (window as unknown as { __plays: { side: string }[] }).__plays[0].side);
    assert.equal(first, 'b');
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();
  });

  test('one key per verdict: l, r, f; j/k move; Ctrl+Z undoes', async () => {
    const { v, pairs } = await openWithPairs();
    await v.page.keyboard.press('l');
    await v.waitForPosted({ type: 'verdict', a: pairs[0].a.id, b: pairs[0].b.id, verdict: 'relabel-a' });
    await v.page.keyboard.press('r');
    await v.waitForPosted({ type: 'verdict', a: pairs[1].a.id, b: pairs[1].b.id, verdict: 'relabel-b' });
    await v.page.keyboard.press('f');
    await v.waitForPosted({ type: 'verdict', a: pairs[2].a.id, b: pairs[2].b.id, verdict: 'fine' });
    await v.page.keyboard.press('k');
    await v.page.keyboard.press('k');
    const selected = await v.page.locator('ser-pair-review [role="option"][aria-selected="true"]').getAttribute('id');
    assert.equal(selected, 'p-1');
    await v.page.keyboard.press('Control+z');
    await v.waitForPosted({ type: 'undo' });
    await v.page.getByRole('button', { name: /Both fine/ }).click();
    await v.waitForPosted({ type: 'verdict', a: pairs[1].a.id, b: pairs[1].b.id, verdict: 'fine' });
    await v.screenshot('pairs-reviewed');
    await v.close();
  });
});

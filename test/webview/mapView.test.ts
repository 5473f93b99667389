import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as os from 'node:os';
import { resultsDir, skipBrowser, typed, ViewHarness, type ViewPage } from './harness';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

const CLASSES = ['ang', 'hap', 'neu', 'sad'];

/** n points in one Gaussian blob per class (seeded), with predictions right about 70% of the time. */
function synthetic(n: number, seed = 3) {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = [[-3, 2], [3, 2.5], [0, -1], [-2.5, -3.5]];
  const coords = new Float32Array(2 * n);
  const label = new Uint16Array(n);
  const predicted = new Uint16Array(n);
  const correct = new Uint16Array(n);
  const speaker = new Uint16Array(n);
  const session = new Uint16Array(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    coords[2 * i] = centres[c][0] + 1.1 * gauss();
    coords[2 * i + 1] = centres[c][1] + 1.1 * gauss();
    label[i] = c;
    predicted[i] = rand() < 0.7 ? c : Math.floor(rand() * 4);
    correct[i] = predicted[i] === c ? 0 : 1;
    speaker[i] = i % 10;
    session[i] = (i % 10) >> 1;
    ids.push(`Ses0${session[i] + 1}${i % 2 ? 'M' : 'F'}_impro0${c}_${String(i).padStart(5, '0')}`);
  }
  const speakers = Array.from({ length: 10 }, (_, k) => `Ses0${(k >> 1) + 1}${k % 2 ? 'M' : 'F'}`);
  return {
    type: 'points',
    classes: CLASSES,
    points: {
      method: 'umap',
      ids,
      coords: typed('f32', coords),
      categories: {
        label: { names: CLASSES, codes: typed('u16', label) },
        predicted: { names: CLASSES, codes: typed('u16', predicted) },
        correct: { names: ['correct', 'wrong'], codes: typed('u16', correct) },
        speaker: { names: speakers, codes: typed('u16', speaker) },
        session: { names: ['Ses01', 'Ses02', 'Ses03', 'Ses04', 'Ses05'], codes: typed('u16', session) },
      },
    },
  };
}

interface Stats { draws: number; pointsDrawn: number; lastDrawMs: number; firstDrawAt: number }

const mapStats = (v: ViewPage): Promise<Stats> =>
  v.page.evaluate(() => ({ ...(document.querySelector('ser-map-view') as unknown as { map: { stats: Stats } }).map.stats }));

describe('embedding map', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  before(async () => (h = await ViewHarness.start()));
  after(async () => h?.close());

  /** Sends n points, times the first draw, then a scripted pan/zoom of 180 frames. */
  async function measure(v: ViewPage, n: number) {
    const message = synthetic(n);
    // Revive the typed arrays first, then time from the host's postMessage to the first finished draw.
    const firstDraw = await v.page.evaluate(async (raw: unknown) => {
      const m = window.__revive(raw);
      const t0 = performance.now();
      window.postMessage(m, '*');
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const map = document.querySelector('ser-map-view').map;
        if (map && map.stats.firstDrawAt > 0) return map.stats.firstDrawAt - t0;
        if (performance.now() - t0 > 10000) return -1;
      }
    }, message);
    // Scripted pan and zoom: one navigation step per animation frame, as a drag or the wheel would produce.
    const frames = await v.page.evaluate(async () => {
      const map = document.querySelector('ser-map-view').map;
      const stamps: number[] = [];
      const draws: number[] = [];
      for (let k = 0; k < 180; k++) {
        const phase = Math.floor(k / 45);
        if (phase === 0) map.navigate(6, 3, 1.02); // pan while zooming in
        else if (phase === 1) map.navigate(-8, 0, 1);
        else if (phase === 2) map.navigate(0, -5, 0.98);
        else map.navigate(4, 4, 1.01);
        stamps.push(await new Promise<number>((r) => requestAnimationFrame(r)));
        draws.push(map.stats.lastDrawMs);
      }
      return { intervals: stamps.slice(1).map((t, i) => t - stamps[i]), draws };
    });
    const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
    const q = (a: number[], p: number): number => sorted(a)[Math.min(a.length - 1, Math.floor(p * a.length))];
    const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    const stat = (a: number[]) => ({ mean: +mean(a).toFixed(2), p95: +q(a, 0.95).toFixed(2), max: +Math.max(...a).toFixed(2) });
    return { firstDrawMs: Number(firstDraw.toFixed(1)), panZoomFrames: frames.intervals.length, frameIntervalMs: stat(frames.intervals), rasterDrawMs: stat(frames.draws) };
  }

  test('50k points: first draw, pan/zoom frame times, pixels per class', async () => {
    const n = 50_000;
    const v = await h.open('map', { width: 1280, height: 800 });
    await v.waitForPosted({ type: 'ready' });
    const dpr1 = await measure(v, n);
    assert.ok(dpr1.firstDrawMs > 0, 'the map never drew');
    await v.page.evaluate(() => document.querySelector('ser-map-view').map.resetView());
    await v.page.waitForTimeout(100);
    const stats = await mapStats(v);
    assert.equal(stats.pointsDrawn, n, 'every point drawn');
    // Pixels: the background and one colour per class, read back from the base canvas.
    const pixels = await v.page.evaluate((classes: string[]) => {
      const app = document.querySelector('ser-map-view');
      const map = app.shadowRoot.querySelector('ser-embedding-map');
      const canvas = map.shadowRoot.querySelector('canvas.base');
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const bg = [d[0], d[1], d[2]];
      const css = getComputedStyle(document.documentElement);
      const colour = (name: string): number[] => {
        const c = document.createElement('canvas').getContext('2d');
        c.fillStyle = css.getPropertyValue(name).trim();
        c.fillRect(0, 0, 1, 1);
        return [...c.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      };
      const want: Record<string, number[]> = { ang: colour('--vscode-charts-red'), hap: colour('--vscode-charts-yellow'), neu: colour('--vscode-charts-foreground'), sad: colour('--vscode-charts-blue') };
      const counts: Record<string, number> = Object.fromEntries(classes.map((c) => [c, 0]));
      let painted = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === bg[0] && d[i + 1] === bg[1] && d[i + 2] === bg[2]) continue;
        painted++;
        for (const c of classes) {
          const w = want[c];
          if (Math.abs(d[i] - w[0]) + Math.abs(d[i + 1] - w[1]) + Math.abs(d[i + 2] - w[2]) < 40) counts[c]++;
        }
      }
      return { painted, counts, size: canvas.width * canvas.height };
    }, CLASSES);
    assert.ok(pixels.painted > 0.05 * pixels.size, `too few painted pixels: ${pixels.painted}`);
    for (const c of CLASSES) assert.ok(pixels.counts[c] > 1000, `class ${c} has ${pixels.counts[c]} pixels`);
    await v.screenshot('map-50k-dark');
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();

    // The same on a HiDPI screen: four times the pixels, larger stamps.
    const hi = await h.open('map', { width: 1280, height: 800, deviceScaleFactor: 2 });
    await hi.waitForPosted({ type: 'ready' });
    const dpr2 = await measure(hi, n);
    await hi.close();

    const report = { points: n, viewport: '1280x800 CSS px, headless Chromium --disable-gpu', dpr1, dpr2, loadAverage: os.loadavg().map((x) => +x.toFixed(2)), cpus: os.cpus().length };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'map-perf.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`map performance: ${JSON.stringify(report)}`);
    assert.ok(dpr1.firstDrawMs < 1000, `first draw took ${dpr1.firstDrawMs} ms`);
    // Loose bound: the figures above are the measurement; this only catches a regression to a slow renderer on a busy machine.
    // (The mean, not the p95: on a shared two-core machine a few frames always lose the CPU to someone else.)
    assert.ok(dpr1.rasterDrawMs.mean < 30, `redraws too slow for smooth pan/zoom: ${JSON.stringify(dpr1.rasterDrawMs)}`);
  });

  test('hover shows the utterance, click plays and opens, box and lasso select, bulk relabel is confirmed', async () => {
    const v = await h.open('map', { width: 1100, height: 700 });
    await v.waitForPosted({ type: 'ready' });
    await v.send(synthetic(2000, 9));
    await v.page.waitForFunction(() => ((document.querySelector('ser-map-view') as unknown as { map: { stats: { firstDrawAt: number } } | null }).map?.stats.firstDrawAt ?? 0) > 0);
    const box = (await v.page.locator('ser-embedding-map').boundingBox())!;
    // The screen position of point 0, from the map's own transform.
    const [px, py] = await v.page.evaluate(() => (document.querySelector('ser-map-view') as unknown as { map: { screenOf(i: number): [number, number] } }).map.screenOf(0));
    await v.page.mouse.move(box.x + px, box.y + py);
    await v.page.waitForFunction(() => /Ses0\dF_impro00_00000/.test(document.querySelector('ser-map-view')!.shadowRoot!.querySelector('.card')?.textContent ?? ''));
    await v.page.mouse.click(box.x + px, box.y + py);
    const played = await v.waitForPosted<{ id: string }>({ type: 'play' });
    assert.match(played.id, /_00000$/);
    await v.waitForPosted({ type: 'open', id: played.id });

    // Shift-drag a box around the middle; compare with the points the transform puts inside it.
    const [x0, y0, x1, y1] = [box.width * 0.3, box.height * 0.3, box.width * 0.6, box.height * 0.65];
    const expected = await v.page.evaluate(([a, b, c, d]) => {
      const map = (document.querySelector('ser-map-view') as unknown as { map: { screenOf(i: number): [number, number] } }).map;
      let k = 0;
      for (let i = 0; i < 2000; i++) {
        const [x, y] = map.screenOf(i);
        if (x >= a && x <= c && y >= b && y <= d) k++;
      }
      return k;
    }, [x0, y0, x1, y1]);
    assert.ok(expected > 20);
    await v.page.keyboard.down('Shift');
    await v.page.mouse.move(box.x + x0, box.y + y0);
    await v.page.mouse.down();
    await v.page.mouse.move(box.x + (x0 + x1) / 2, box.y + (y0 + y1) / 2, { steps: 4 });
    await v.page.mouse.move(box.x + x1, box.y + y1, { steps: 4 });
    await v.page.mouse.up();
    await v.page.keyboard.up('Shift');
    const heading = v.page.locator('ser-map-view h2#sel-h');
    await heading.waitFor();
    assert.equal(await heading.innerText(), `${expected} selected`);
    const drawnWithSelection = await mapStats(v);
    assert.equal(drawnWithSelection.pointsDrawn, 2000);
    await v.screenshot('map-box-selection');
    // Digit 4 proposes "sad"; the relabel needs a confirmation.
    await v.page.keyboard.press('4');
    await v.page.getByRole('button', { name: 'Relabel', exact: true }).click();
    const relabel = await v.waitForPosted<{ ids: string[]; label: string }>({ type: 'relabel' });
    assert.equal(relabel.label, 'sad');
    assert.equal(relabel.ids.length, expected);

    // Lasso: a triangle in lasso mode selects the points inside it.
    await v.page.getByRole('button', { name: 'Lasso' }).click();
    const tri: [number, number][] = [[0.2, 0.2], [0.8, 0.25], [0.5, 0.85]].map(([a, b]) => [box.x + a * box.width, box.y + b * box.height]);
    await v.page.mouse.move(...tri[0]);
    await v.page.mouse.down();
    for (const p of [tri[1], tri[2], tri[0]]) await v.page.mouse.move(p[0], p[1], { steps: 8 });
    await v.page.mouse.up();
    const lassoText = await heading.innerText();
    const lassoCount = Number(lassoText.split(' ')[0].replace(/,/g, ''));
    assert.ok(lassoCount > expected, `lasso selected ${lassoCount}`);
    // Escape clears; hiding a class in the legend draws fewer points.
    await v.page.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    await v.page.locator('.legend button', { hasText: 'ang' }).click();
    await v.page.waitForFunction(() => (document.querySelector('ser-map-view') as unknown as { map: { stats: { pointsDrawn: number } } }).map.stats.pointsDrawn === 1500);
    // Keyboard: the map is focusable, Enter opens the point under the cross.
    await v.page.locator('ser-embedding-map').focus();
    await v.clearPosted();
    await v.page.keyboard.press('Enter');
    await v.waitForPosted({ type: 'open' });
    await v.close();
  });

  test('colouring and projection choices post and persist', async () => {
    const v = await h.open('map', { theme: 'light', state: { method: 'pca', colourBy: 'speaker' } });
    await v.waitForPosted({ type: 'ready' });
    await v.send({ ...synthetic(5000, 5), points: { ...synthetic(5000, 5).points, method: 'pca', explainedVariance: [0.31, 0.12] } });
    await v.page.waitForFunction(() => ((document.querySelector('ser-map-view') as unknown as { map: { stats: { firstDrawAt: number } } | null }).map?.stats.firstDrawAt ?? 0) > 0);
    const legend = await v.deepText('ser-map-view');
    assert.match(legend, /Ses05M/);
    await v.page.waitForTimeout(100);
    await v.screenshot('map-speakers-light');
    // VS Code switches to a dark theme: variables and body class change; the canvas redraws in the new colours.
    const corner = (): Promise<number[]> => v.page.evaluate(() => {
      const c = document.querySelector('ser-map-view').shadowRoot.querySelector('ser-embedding-map').shadowRoot.querySelector('canvas.base');
      return [...c.getContext('2d').getImageData(1, 1, 1, 1).data];
    });
    const before = await corner();
    await v.page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#1f1f1f');
      document.body.className = 'vscode-dark';
    });
    await v.page.waitForFunction((b: number[]) => {
      const c = document.querySelector('ser-map-view').shadowRoot.querySelector('ser-embedding-map').shadowRoot.querySelector('canvas.base');
      return c.getContext('2d').getImageData(1, 1, 1, 1).data[0] !== b[0];
    }, before);
    assert.deepEqual((await corner()).slice(0, 3), [0x1f, 0x1f, 0x1f]);
    await v.page.locator('select').first().selectOption('umap');
    await v.waitForPosted({ type: 'method', method: 'umap' });
    assert.deepEqual(await v.state(), { method: 'umap', colourBy: 'speaker' });
    await v.close();
  });
});

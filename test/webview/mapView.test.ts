import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { skipBrowser, ViewHarness, type ViewPage } from './harness';
import { CLASSES, mapStats, measureMap, synthetic } from './mapScenario';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

describe('embedding map', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  before(async () => (h = await ViewHarness.start()));
  after(async () => h?.close());

  test('50k points: every point drawn, every class painted, pan and zoom redraw', async () => {
    const n = 50_000;
    const v = await h.open('map', { width: 1280, height: 800 });
    await v.waitForPosted({ type: 'ready' });
    const dpr1 = await measureMap(v, n);
    assert.ok(dpr1.firstDrawMs > 0, 'the map never drew');
    assert.ok(dpr1.panZoomFrames > 0 && dpr1.rasterDrawMs.max > 0, 'the map redrew while panning and zooming');
    await v.page.evaluate(() => document.querySelector('ser-map-view').map.resetView());
    await v.frames();
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

    // Timings are reported by the benchmark (node bench/run.mjs map), not asserted here.
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

// The map's pure parts: view transform, grid index against brute force, lasso, rasteriser, draw order, encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Viewport, boundsOf } from '../../src/webview/map/viewport';
import { PointGrid, insidePolygon, pointsInPolygon } from '../../src/webview/map/pointGrid';
import { discStamp, drawOrder, packColour, rasterize } from '../../src/webview/map/scatterRaster';
import { encodeMapPoints, categorise } from '../../src/extension/views/mapEncoding';
import { NO_CATEGORY } from '../../src/shared/views/mapMessages';

function randomCoords(n: number, seed = 1): Float32Array {
  let s = seed;
  const r = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return Float32Array.from({ length: 2 * n }, () => (r() - 0.5) * 20);
}

test('viewport: world and screen round-trip; zoom keeps the point under the cursor; fit shows all', () => {
  const v = new Viewport(800, 600);
  v.fit({ minX: -10, minY: -5, maxX: 10, maxY: 5 });
  for (const [x, y] of [[-10, -5], [10, 5], [3, -2]]) {
    const sx = v.toScreenX(x);
    const sy = v.toScreenY(y);
    assert.ok(sx >= 0 && sx <= 800 && sy >= 0 && sy <= 600);
    assert.ok(Math.abs(v.toWorldX(sx) - x) < 1e-9 && Math.abs(v.toWorldY(sy) - y) < 1e-9);
  }
  assert.ok(v.toScreenY(5) < v.toScreenY(-5), 'y points up');
  const [wx, wy] = [v.toWorldX(123), v.toWorldY(456)];
  v.zoomAt(123, 456, 3.7);
  assert.ok(Math.abs(v.toScreenX(wx) - 123) < 1e-6 && Math.abs(v.toScreenY(wy) - 456) < 1e-6);
  assert.ok(Math.abs(v.zoom - 3.7) < 1e-9);
  v.zoomAt(0, 0, 1e9);
  assert.equal(v.zoom, 2000, 'zoom is bounded');
  v.pan(10, 0);
  assert.deepEqual(boundsOf(Float32Array.from([1, 2, NaN, 0, -1, 5])), { minX: -1, minY: 2, maxX: 1, maxY: 5 });
});

test('grid: nearest and inRect agree with brute force', () => {
  const n = 5000;
  const c = randomCoords(n, 7);
  const g = new PointGrid(c);
  let s = 3;
  const r = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let q = 0; q < 300; q++) {
    const x = (r() - 0.5) * 24;
    const y = (r() - 0.5) * 24;
    const maxDist = r() * 2;
    let best = -1;
    let bd = maxDist * maxDist;
    for (let i = 0; i < n; i++) {
      const d = (c[2 * i] - x) ** 2 + (c[2 * i + 1] - y) ** 2;
      if (d < bd) [bd, best] = [d, i];
    }
    const got = g.nearest(x, y, maxDist);
    if (best < 0) assert.equal(got, -1);
    else assert.ok(Math.abs((c[2 * got] - x) ** 2 + (c[2 * got + 1] - y) ** 2 - bd) < 1e-9, `query ${q}`);
  }
  const inRect: number[] = [];
  g.inRect(3, 4, -2, -1, (i) => inRect.push(i));
  const brute = [...Array(n).keys()].filter((i) => c[2 * i] >= -2 && c[2 * i] <= 3 && c[2 * i + 1] >= -1 && c[2 * i + 1] <= 4);
  assert.deepEqual(inRect.sort((a, b) => a - b), brute);
  const odd = g.nearest(0, 0, 100, (i) => i % 2 === 1);
  assert.equal(odd % 2, 1, 'accept filters candidates');
});

test('lasso: polygon selection, concave shapes included', () => {
  const c = randomCoords(3000, 5);
  const g = new PointGrid(c);
  const poly: [number, number][] = [[-8, -8], [8, -8], [8, 8], [0, 0], [-8, 8]]; // a notch cut from the top
  const got = pointsInPolygon(g, c, poly);
  const brute = [...Array(3000).keys()].filter((i) => insidePolygon(c[2 * i], c[2 * i + 1], poly));
  assert.deepEqual(got, brute);
  assert.ok(!insidePolygon(0, 6, poly) && insidePolygon(0, -6, poly) && insidePolygon(-7, 5, poly));
  assert.deepEqual(pointsInPolygon(g, c, [[0, 0], [1, 1]]), []);
});

test('rasteriser: every visible point stamped in its colour, off-screen and hidden ones skipped, dimmed under the selection', () => {
  const W = 200;
  const H = 100;
  const coords = Float32Array.from([0, 0, 50, 20, -50, -20, 1000, 0, NaN, 1]);
  const codes = Uint16Array.from([0, 1, NO_CATEGORY, 0, 1]);
  const bg = packColour(0, 0, 0);
  const px = new Uint32Array(W * H).fill(bg);
  const red = packColour(255, 0, 0);
  const blue = packColour(0, 0, 255);
  const input = { coords, codes, noCategory: NO_CATEGORY, palette: Uint32Array.from([red, blue]), missing: packColour(128, 128, 128), order: drawOrder(5), cx: 0, cy: 0, s: 1, ox: 100, oy: 50, stamp: discStamp(3) };
  assert.equal(rasterize(px, W, H, input), 3);
  assert.equal(px[50 * W + 100], red, 'centre pixel of point 0 is solid');
  assert.equal(px[30 * W + 150], blue, 'point 1 at (150, 30): y flipped');
  assert.equal(px[70 * W + 50], packColour(128, 128, 128), 'point without a category');
  const painted = px.filter((p) => p !== bg).length;
  assert.ok(painted >= 3 * 25 && painted <= 3 * 49, `disc area ${painted}`);
  px.fill(bg);
  assert.equal(rasterize(px, W, H, { ...input, visible: Uint8Array.from([0, 1]) }), 2, 'hidden category skipped');
  px.fill(bg);
  rasterize(px, W, H, { ...input, dimmed: Uint8Array.from([1, 0, 0, 0, 0]), dimAlpha: 60 });
  const centre = px[50 * W + 100];
  assert.ok((centre & 0xff) > 0 && (centre & 0xff) < 100, 'dimmed point blends into the background');
});

test('draw order is a permutation; the grid regroups it by cell', () => {
  const o = drawOrder(1000, 9);
  assert.deepEqual([...o].sort((a, b) => a - b), [...Array(1000).keys()]);
  assert.notDeepEqual([...o.slice(0, 10)], [...Array(10).keys()]);
  const g = new PointGrid(randomCoords(1000, 2));
  const local = g.localOrder(o);
  assert.deepEqual([...local].sort((a, b) => a - b), [...Array(1000).keys()]);
});

test('map encoding: categories in class order, correctness, scores', () => {
  const p = encodeMapPoints(
    {
      method: 'pca',
      ids: ['a', 'b', 'c'],
      coords: Float32Array.from([0, 0, 1, 1, 2, 2]),
      labels: ['sad', null, 'xyz'],
      predicted: ['sad', 'ang', 'ang'],
      speakers: ['s2', 's1', 's2'],
      sessions: ['x', 'x', 'x'],
      scores: [0.5, null, 0.1],
    },
    ['ang', 'sad'],
  );
  assert.deepEqual(p.categories.label.names, ['ang', 'sad', 'xyz']);
  assert.deepEqual([...p.categories.label.codes], [1, NO_CATEGORY, 2]);
  assert.deepEqual([...p.categories.correct.codes], [0, NO_CATEGORY, 1]);
  assert.deepEqual(p.categories.speaker.names, ['s1', 's2']);
  assert.ok(Number.isNaN(p.scores![1]));
  assert.throws(() => encodeMapPoints({ method: 'pca', ids: ['a'], coords: new Float32Array(4), labels: [null], predicted: [null], speakers: ['s'], sessions: ['s'] }, []), /2 points for 1 ids/);
  assert.deepEqual(categorise(['b', 'a', 'b'], []).names, ['a', 'b']);
});

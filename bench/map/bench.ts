/**
 * bench/map: the embedding map with 50k points in headless Chromium (the webview test harness with a fake VS Code
 * API): time from the host's message to the first finished draw, and frame interval / redraw time during a
 * scripted pan and zoom (180 animation frames), at 1x and 2x device pixels. Peer in the same page and run: the
 * obvious Canvas 2D renderer (one fillRect per point, coloured per class), drawing the same points and the same
 * pan/zoom path. Skipped with a message when Chromium is missing.
 */
import * as os from 'node:os';
import { skipBrowser, ViewHarness, type ViewPage } from '../../test/webview/harness';
import { measureMap, synthetic } from '../../test/webview/mapScenario';

declare const document: any, requestAnimationFrame: (cb: (t: number) => void) => number;

/** The naive renderer: fillRect per point on a fresh canvas, redrawn every frame under the same pan/zoom path. */
async function naivePeer(v: ViewPage, n: number): Promise<{ firstDrawMs: number; redrawMs: number }> {
  const m = synthetic(n) as unknown as { points: { coords: unknown; categories: { label: { codes: unknown } } } };
  return v.page.evaluate(async ({ raw, n }: { raw: { coords: unknown; codes: unknown }; n: number }) => {
    const revive = (window as unknown as { __revive(x: unknown): unknown }).__revive;
    const coords = revive(raw.coords) as Float32Array;
    const codes = revive(raw.codes) as Uint16Array;
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 800;
    document.body.appendChild(canvas);
    const ctx = canvas.getContext('2d');
    const colours = ['#f14c4c', '#cca700', '#cccccc', '#3794ff'];
    let sx = 100, sy = 80, ox = 640, oy = 400;
    const draw = () => {
      ctx.clearRect(0, 0, 1280, 800);
      for (let i = 0; i < n; i++) {
        ctx.fillStyle = colours[codes[i] % 4];
        ctx.fillRect(ox + sx * coords[2 * i] - 1, oy - sy * coords[2 * i + 1] - 1, 3, 3);
      }
    };
    const t0 = performance.now();
    draw();
    ctx.getImageData(0, 0, 1, 1); // forces the drawing to finish
    const firstDrawMs = performance.now() - t0;
    let total = 0;
    for (let k = 0; k < 60; k++) {
      ox += 6; oy += 3; sx *= 1.01; sy *= 1.01;
      const t = performance.now();
      draw();
      ctx.getImageData(0, 0, 1, 1);
      total += performance.now() - t;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { firstDrawMs, redrawMs: total / 60 };
  }, { raw: { coords: m.points.coords, codes: m.points.categories.label.codes }, n });
}

declare const window: unknown;

async function main(): Promise<void> {
  if (skipBrowser) {
    console.log(`skipped: ${skipBrowser}`);
    return;
  }
  const n = 50_000;
  const h = await ViewHarness.start();
  try {
    console.log(`${n} points, 1280x800 CSS px, headless Chromium --disable-gpu, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
    for (const dpr of [1, 2]) {
      const v = await h.open('map', { width: 1280, height: 800, deviceScaleFactor: dpr });
      await v.waitForPosted({ type: 'ready' });
      const ours = await measureMap(v, n);
      await v.close();
      const pv = await h.open('map', { width: 1280, height: 800, deviceScaleFactor: dpr });
      const peer = await naivePeer(pv, n);
      await pv.close();
      console.log(`device pixel ratio ${dpr}:`);
      console.log(`  first draw        ours ${ours.firstDrawMs.toFixed(1)} ms   naive canvas ${peer.firstDrawMs.toFixed(1)} ms   speed-up ${(peer.firstDrawMs / ours.firstDrawMs).toFixed(2)}x (ours includes decoding the message)`);
      console.log(`  redraw (pan/zoom) ours mean ${ours.rasterDrawMs.mean} ms (p95 ${ours.rasterDrawMs.p95})   naive canvas ${peer.redrawMs.toFixed(1)} ms   speed-up ${(peer.redrawMs / ours.rasterDrawMs.mean).toFixed(2)}x`);
      console.log(`  frame interval    mean ${ours.frameIntervalMs.mean} ms, p95 ${ours.frameIntervalMs.p95} ms over ${ours.panZoomFrames} frames (16.7 ms = 60 fps)`);
    }
  } finally {
    await h.close();
  }
}

void main();

// The embedding-map scenario shared by the map test (behaviour) and bench/map (timings): n seeded points in one
// blob per class, and a scripted pan/zoom driven one step per animation frame.
import { typed, type ViewPage } from './harness';

// page.evaluate callbacks run in the browser; these files are type-checked with Node types only (no DOM lib).
declare const window: any, document: any, requestAnimationFrame: (cb: (t: number) => void) => number;

export const CLASSES = ['ang', 'hap', 'neu', 'sad'];

/** n points in one Gaussian blob per class (seeded), with predictions right about 70% of the time. */
export function synthetic(n: number, seed = 3) {
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

export interface Stats { draws: number; pointsDrawn: number; lastDrawMs: number; firstDrawAt: number }

export const mapStats = (v: ViewPage): Promise<Stats> =>
  v.page.evaluate(() => ({ ...(document.querySelector('ser-map-view') as unknown as { map: { stats: Stats } }).map.stats }));


export interface MapTimings {
  firstDrawMs: number;
  panZoomFrames: number;
  frameIntervalMs: { mean: number; p95: number; max: number };
  rasterDrawMs: { mean: number; p95: number; max: number };
}

/** Sends n points, times the first draw, then a scripted pan/zoom of 180 frames. */
export async function measureMap(v: ViewPage, n: number): Promise<MapTimings> {
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

/**
 * bench/features: log-mel (64 mels, 25 ms Hamming, 10 ms hop, 512-point FFT, 16 kHz) of the same deterministic
 * hour of speech-like audio, ours against librosa.feature.melspectrogram + np.log in the same run:
 *   - compute only, in 60 s segments (both sides get the same segments): ours on 1 thread (WebAssembly SIMD
 *     kernel, and the plain JS fallback) and on every core, librosa with its BLAS limited to 1 thread and with its
 *     default threads;
 *   - end to end with the extraction job: 720 five-second WAV files to a cold cache (read, hash, decode, compute,
 *     write) on every core, and the cached re-load of all of them (loadFeatures).
 * Prints s/hour (median of SER_BENCH_REPS runs, default 5), x realtime and the ratio librosa / ours (> 1: faster).
 *
 *   node bench/run.mjs features          (SER_BENCH_HOURS=0.25 for a quicker run)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Prng } from '../../src/engine/demo/prng';
import { encodeWav } from '../../src/engine/audio/wavWriter';
import { NodeFileSystem } from '../../src/engine/io/nodeFileSystem';
import { DEFAULT_FEATURE_CONFIG } from '../../src/engine/features/featureConfig';
import { FeatureComputer } from '../../src/engine/features/featureComputer';
import { extractFeatures, finishFeatureJob, loadFeatures, type FeatureUtterance } from '../../src/engine/features/extractFeatures';
import { pythonWith, REPO_ROOT, runPython } from '../peers';

const RATE = 16000;
const HOURS = Number(process.env.SER_BENCH_HOURS ?? 1);
const REPS = Number(process.env.SER_BENCH_REPS ?? 5);
const SEGMENT = 60 * RATE;
const UTTERANCE_SECONDS = 5;
const THREADS = availableParallelism();
const config = { ...DEFAULT_FEATURE_CONFIG };

/**
 * Speech-like audio: voiced stretches (a gliding fundamental with 20 decaying harmonics, syllable-rate amplitude
 * modulation), noise bursts and pauses, plus a little background noise. Seeded: the same samples every run.
 */
function synthesise(seconds: number, seed = 7): Float32Array {
  const rnd = new Prng(seed);
  const n = Math.round(seconds * RATE);
  const x = new Float32Array(n);
  let i = 0;
  let phase = 0;
  while (i < n) {
    const len = Math.min(n - i, Math.round(RATE * rnd.uniform(0.15, 0.6)));
    const kind = rnd.next();
    const f0 = rnd.uniform(90, 260);
    const glide = rnd.uniform(-0.4, 0.4);
    for (let j = 0; j < len; j++, i++) {
      const env = Math.sin((Math.PI * j) / len);
      let v = 0.003 * rnd.normal();
      if (kind < 0.6) {
        const f = f0 * (1 + (glide * j) / len);
        phase += (2 * Math.PI * f) / RATE;
        for (let h = 1; h <= 20; h++) v += (0.25 / h) * Math.sin(h * phase) * env;
      } else if (kind < 0.8) {
        v += 0.1 * rnd.normal() * env;
      }
      x[i] = v;
    }
  }
  return x;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeOnce(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

function oursOneThread(x: Float32Array, simd = true): number {
  const computer = new FeatureComputer(config, { simd });
  if (computer.simd !== simd) throw new Error('this runtime has no WebAssembly SIMD');
  const run = () => {
    for (let at = 0; at < x.length; at += SEGMENT) computer.compute(x.subarray(at, Math.min(x.length, at + SEGMENT)));
  };
  run();
  return median(Array.from({ length: REPS }, () => timeOnce(run)));
}

/** Compute only, on every core: each thread takes every THREADS-th segment of the shared signal. */
async function oursAllThreads(x: Float32Array): Promise<number> {
  const shared = new Float32Array(new SharedArrayBuffer(x.byteLength));
  shared.set(x);
  const source = `
    require('tsx/cjs/api').register();
    const { parentPort, workerData } = require('node:worker_threads');
    const { FeatureComputer } = require(${JSON.stringify(join(REPO_ROOT, 'src/engine/features/featureComputer.ts'))});
    const { signal, config, me, threads, segment } = workerData;
    const computer = new FeatureComputer(config);
    const run = () => { for (let s = me * segment; s < signal.length; s += threads * segment) computer.compute(signal.subarray(s, Math.min(signal.length, s + segment))); };
    run();
    parentPort.postMessage('ready');
    parentPort.on('message', () => { run(); parentPort.postMessage('done'); });`;
  const workers = Array.from({ length: THREADS }, (_, me) => new Worker(source, { eval: true, workerData: { signal: shared, config, me, threads: THREADS, segment: SEGMENT } }));
  const next = (w: Worker) => new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  await Promise.all(workers.map(next));
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    const done = workers.map(next);
    for (const w of workers) w.postMessage('go');
    await Promise.all(done);
    times.push((performance.now() - t) / 1000);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  return median(times);
}

const LIBROSA = `
import sys, json, time, numpy as np, librosa
a = json.load(sys.stdin)
y = np.fromfile(a["input"], dtype=np.float32)
seg = a["segment"]
def run():
    t = time.perf_counter()
    for s in range(0, len(y), seg):
        S = librosa.feature.melspectrogram(y=y[s:s + seg], sr=16000, n_fft=512, hop_length=160, win_length=400,
            window="hamming", center=True, pad_mode="constant", power=2.0, n_mels=64, htk=False, norm="slaney")
        np.log(S + 1e-10)
    return time.perf_counter() - t
def med(xs):
    return sorted(xs)[len(xs) // 2]
run()
out = {"version": librosa.__version__}
try:
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1):
        out["one"] = med([run() for _ in range(a["reps"])])
except ImportError:
    out["one"] = None
out["default"] = med([run() for _ in range(a["reps"])])
print(json.dumps(out))
`;

async function endToEnd(x: Float32Array, dir: string): Promise<{ cold: number; cachedLoad: number; files: number; script: string }> {
  const fs = new NodeFileSystem();
  const per = UTTERANCE_SECONDS * RATE;
  const utts: FeatureUtterance[] = [];
  await mkdir(join(dir, 'wav'), { recursive: true });
  for (let at = 0, i = 0; at + per <= x.length; at += per, i++) {
    const path = join(dir, 'wav', `u${String(i).padStart(5, '0')}.wav`);
    await writeFile(path, encodeWav([x.subarray(at, at + per)], RATE));
    utts.push({ id: `u${i}`, audioPath: path, speaker: `s${i % 10}` });
  }
  // The production bundle when built (npm run bench builds it), else the sources through tsx.
  const dist = join(REPO_ROOT, 'dist', 'featureWorker.js');
  const script = existsSync(dist) ? dist : join(REPO_ROOT, 'test/engine/features/tsxFeatureWorker.cjs');
  const options = { config, cacheDir: join(dir, 'cache'), workers: THREADS, workerScript: script };
  const t0 = performance.now();
  const cold = await finishFeatureJob(extractFeatures(fs, utts, options));
  const coldSeconds = (performance.now() - t0) / 1000;
  if (cold.computed !== utts.length) throw new Error(`cold run computed ${cold.computed} of ${utts.length}: ${JSON.stringify(cold.errors.slice(0, 3))}`);
  const loads: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    const loaded = await loadFeatures(fs, utts, options);
    loads.push((performance.now() - t) / 1000);
    if (loaded.summary.cached !== utts.length) throw new Error('the re-load was not all cached');
  }
  return { cold: coldSeconds, cachedLoad: median(loads), files: utts.length, script: script === dist ? 'dist/featureWorker.js' : 'sources via tsx' };
}

async function main(): Promise<void> {
  const seconds = HOURS * 3600;
  const perHour = (s: number) => (s * 3600) / seconds;
  console.log(`log-mel of ${HOURS} h of deterministic 16 kHz speech-like audio, ${config.nMels} mels, 25 ms Hamming, 10 ms hop, 512-point FFT`);
  console.log(`median of ${REPS} runs after a warm-up; ${THREADS} cores; ratio = librosa 1-thread time / ours (> 1 is faster)\n`);
  const x = synthesise(seconds);
  const rows: [string, number | null][] = [];
  rows.push(['SER Studio, 1 thread (compute)', oursOneThread(x)]);
  rows.push(['SER Studio, 1 thread, JS path without SIMD', oursOneThread(x, false)]);
  rows.push([`SER Studio, ${THREADS} threads (compute)`, await oursAllThreads(x)]);

  const py = pythonWith(['librosa', 'numpy']);
  const dir = mkdtempSync(join(tmpdir(), 'ser-bench-features-'));
  let librosaOne: number | null = null;
  try {
    if ('python' in py) {
      const input = join(dir, 'signal.f32');
      writeFileSync(input, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
      const r = runPython<{ version: string; one: number | null; default: number }>(py.python, LIBROSA, { input, segment: SEGMENT, reps: REPS });
      librosaOne = r.one;
      rows.push([`librosa ${r.version}, BLAS 1 thread`, r.one]);
      rows.push([`librosa ${r.version}, default threads`, r.default]);
    } else {
      console.log(`librosa: ${py.skip}\n`);
    }
    const e2e = await endToEnd(x, dir);
    rows.push([`job: ${e2e.files} WAV files -> cold cache, ${THREADS} threads`, e2e.cold]);
    rows.push([`job: cached re-load of ${e2e.files} (loadFeatures)`, e2e.cachedLoad]);
    console.log(`(the job ran ${e2e.script})\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`${'implementation'.padEnd(width)}   s/hour   x realtime   vs librosa`);
  for (const [name, s] of rows) {
    if (s === null) {
      console.log(`${name.padEnd(width)}   (not measured)`);
      continue;
    }
    const ratio = librosaOne !== null ? `${(librosaOne / s).toFixed(2)}x` : '-';
    console.log(`${name.padEnd(width)}   ${perHour(s).toFixed(3).padStart(6)}   ${Math.round(seconds / s).toString().padStart(10)}   ${ratio.padStart(10)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

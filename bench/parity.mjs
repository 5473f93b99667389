#!/usr/bin/env node
// `npm run parity`: our log-mel, MFCC and deltas against librosa's on the same deterministic signals, printing the
// largest absolute differences. librosa comes from .venv-bench (`npm run bench:setup`) or python3; without it the
// comparison is skipped with a message (exit 0). Our side runs from the TypeScript sources through tsx.
//
// librosa side, per config:  L = np.log(librosa.feature.melspectrogram(y, power=2, htk=False, norm='slaney', ...) + logFloor)
//                            M = librosa.feature.mfcc(S=L, n_mfcc, dct_type=2, norm='ortho')
//                            D = librosa.feature.delta(M, width=2N+1); DD = librosa.feature.delta(D, width=2N+1)
// run twice: with float32 audio (librosa's usual path, float32 STFT and filterbank) and with float64 audio and a
// float64 filterbank (same definition, no float32 rounding): the second shows the definitions agree.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// The project's TypeScript is CommonJS-flavoured (it uses __dirname), so load it through tsx's require hook.
const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
const { pythonWith, runPython } = require('./peers.ts');
const { DEFAULT_FEATURE_CONFIG } = require('../src/engine/features/featureConfig.ts');
const { FeatureComputer } = require('../src/engine/features/featureComputer.ts');
const { Prng } = require('../src/engine/demo/prng.ts');

const py = pythonWith(['librosa', 'numpy']);
if (!('python' in py)) {
  console.log(`parity: skipped, librosa is not installed (${py.skip})`);
  process.exit(0);
}

function signals(rate) {
  const n = 4 * rate;
  const r = new Prng(11); // seeded: the same signals every run
  const voiced = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const f0 = 120 + 60 * Math.sin((2 * Math.PI * i) / rate);
    phase += (2 * Math.PI * f0) / rate;
    let v = 0;
    for (let h = 1; h <= 25; h++) v += (0.3 / h) * Math.sin(h * phase);
    voiced[i] = v * (0.5 + 0.5 * Math.sin((2 * Math.PI * 3 * i) / rate)) + 0.01 * (2 * r.next() - 1);
  }
  const chirp = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(2 * Math.PI * (50 * (i / rate) + ((rate / 2 - 100) * (i / rate) ** 2) / 8)));
  const noise = Float32Array.from({ length: n }, () => 0.3 * (2 * r.next() - 1));
  const gaps = Float32Array.from(voiced, (v, i) => (Math.floor((4 * i) / rate) % 2 === 1 ? 0 : v));
  return { voiced, chirp, noise, 'voiced with silences': gaps };
}

const CONFIGS = [
  { name: 'defaults (16 kHz, 25 ms hamming, 10 ms hop, 512 FFT, 64 mels)', config: { ...DEFAULT_FEATURE_CONFIG } },
  { name: 'hann, reflect padding, 40 mels 80-7600 Hz', config: { ...DEFAULT_FEATURE_CONFIG, window: 'hann', padMode: 'reflect', nMels: 40, fMin: 80, fMax: 7600, nMfcc: 13 } },
  { name: '22.05 kHz, 1024 FFT, 128 mels, uncentred', config: { ...DEFAULT_FEATURE_CONFIG, sampleRate: 22050, fMax: 11025, winLength: 1024, hopLength: 256, nFft: 1024, nMels: 128, center: false } },
];

const PY = `
import sys, json, numpy as np, librosa
a = json.load(sys.stdin)
out = []
for job in a["jobs"]:
    c = job["config"]
    y32 = np.fromfile(job["signal"], dtype=np.float32)
    def ours(name, rows, cols):
        return np.fromfile(job[name], dtype=np.float32).reshape(rows, cols).T.astype(np.float64)
    res = {"config": job["configName"], "signal": job["signalName"]}
    for label, y, dtype in (("f32", y32, np.float32), ("f64", y32.astype(np.float64), np.float64)):
        S = librosa.feature.melspectrogram(y=y, sr=c["sampleRate"], n_fft=c["nFft"], hop_length=c["hopLength"],
            win_length=c["winLength"], window=c["window"], center=c["center"], pad_mode=c["padMode"], power=2.0,
            n_mels=c["nMels"], fmin=c["fMin"], fmax=c["fMax"], htk=False, norm="slaney", dtype=dtype)
        L = np.log(S.astype(np.float64) + c["logFloor"])
        M = librosa.feature.mfcc(S=L, n_mfcc=c["nMfcc"], dct_type=2, norm="ortho")
        D = librosa.feature.delta(M, width=2 * c["deltaWidth"] + 1)
        DD = librosa.feature.delta(D, width=2 * c["deltaWidth"] + 1)
        frames = L.shape[1]
        if frames != job["frames"]:
            res[label] = {"error": f"librosa has {frames} frames, ours {job['frames']}"}
            continue
        lm = ours("logmel", frames, c["nMels"])
        mf = ours("mfcc", frames, 3 * c["nMfcc"])
        n = c["nMfcc"]
        res[label] = {
            "logmel": float(np.max(np.abs(lm - L))),
            "logmelRel": float(np.max(np.abs(lm - L) / np.maximum(1, np.abs(L)))),
            "mfcc": float(np.max(np.abs(mf[:n] - M))),
            "delta": float(np.max(np.abs(mf[n:2 * n] - D))),
            "deltaDelta": float(np.max(np.abs(mf[2 * n:] - DD))),
            "logmelRange": [float(L.min()), float(L.max())],
        }
    out.append(res)
print(json.dumps({"version": librosa.__version__, "numpy": np.__version__, "results": out}))
`;

const dir = mkdtempSync(join(tmpdir(), 'ser-parity-'));
try {
  const jobs = [];
  let k = 0;
  for (const { name, config } of CONFIGS) {
    const mfccConfig = { ...config, kind: 'mfcc', deltaOrder: 2 };
    for (const [signalName, x] of Object.entries(signals(config.sampleRate))) {
      const logmel = new FeatureComputer(config).compute(x);
      const mfcc = new FeatureComputer(mfccConfig).compute(x);
      const file = (tag, arr) => {
        const p = join(dir, `${k}-${tag}.f32`);
        writeFileSync(p, new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
        return p;
      };
      jobs.push({ configName: name, signalName, config, frames: logmel.frames, signal: file('signal', x), logmel: file('logmel', logmel.data), mfcc: file('mfcc', mfcc.data) });
      k++;
    }
  }
  const r = runPython(py.python, PY, { jobs });
  console.log(`parity with librosa ${r.version} (numpy ${r.numpy}); max |ours - librosa| over all frames and bands\n`);
  const f = (v) => v.toExponential(1).padStart(9);
  let worst32 = 0;
  let worst64 = 0;
  let failed = false;
  let lastConfig = '';
  console.log(`${'signal'.padEnd(22)} ${'log-mel f32'.padStart(11)} ${'log-mel f64'.padStart(11)} ${'mfcc f64'.padStart(9)} ${'delta'.padStart(9)} ${'delta2'.padStart(9)}   log-mel range`);
  for (const res of r.results) {
    if (res.config !== lastConfig) {
      console.log(`-- ${res.config}`);
      lastConfig = res.config;
    }
    if (res.f32.error || res.f64.error) {
      failed = true;
      console.log(`${res.signal.padEnd(22)} ${res.f32.error ?? res.f64.error}`);
      continue;
    }
    worst32 = Math.max(worst32, res.f32.logmel);
    worst64 = Math.max(worst64, res.f64.logmel);
    console.log(`${res.signal.padEnd(22)} ${f(res.f32.logmel).padStart(11)} ${f(res.f64.logmel).padStart(11)} ${f(res.f64.mfcc)} ${f(res.f64.delta)} ${f(res.f64.deltaDelta)}   ${res.f64.logmelRange.map((v) => v.toFixed(1)).join(' .. ')}`);
  }
  console.log(`\nlargest log-mel difference: ${worst64.toExponential(2)} against librosa in float64, ${worst32.toExponential(2)} against its float32 path`);
  console.log('(f32: librosa on float32 audio, as it usually runs, rounds the STFT and filterbank to float32; f64: the same definition in float64)');
  if (failed) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_CONFIG, featureDims, type FeatureConfig } from '../../../src/engine/features/featureConfig';
import { FeatureComputer } from '../../../src/engine/features/featureComputer';
import { RealFft } from '../../../src/engine/features/realFft';
import { analysisWindow } from '../../../src/engine/features/analysisWindow';
import { hzToMel, melFilterbank, melToHz } from '../../../src/engine/features/melFilterbank';
import { frameCount } from '../../../src/engine/features/framing';
import { chirp, maxRelDiff, mix, noise, referenceLogMel, referenceMelWeights, referencePower, rowsOf, sine } from './referenceFeatures';

const BASE: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG };
/**
 * The engine computes in float64 and stores float32: rounding to float32 is at most 6e-8 relative, and that is all
 * the difference from the float64 reference should be (a wrong bin, band or window shows up as 1e-3 or more).
 */
const TOL = 1e-7;

test('the real FFT power spectrum equals the naive DFT for every supported size', () => {
  for (const n of [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]) {
    const fft = new RealFft(n);
    const x = Float64Array.from(noise(n + 7, n));
    const w = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.5 * Math.sin(i));
    const out = new Float64Array(n / 2 + 1);
    fft.power(x, 7, w, out);
    let worst = 0;
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += x[7 + j] * w[j] * Math.cos((2 * Math.PI * j * k) / n);
        im -= x[7 + j] * w[j] * Math.sin((2 * Math.PI * j * k) / n);
      }
      worst = Math.max(worst, Math.abs(out[k] - (re * re + im * im)) / Math.max(1, re * re + im * im));
    }
    assert.ok(worst < 1e-10, `n=${n}: ${worst}`);
  }
  assert.throws(() => new RealFft(8), RangeError);
  assert.throws(() => new RealFft(96), RangeError);
});

test('a sine puts its energy in its own bin, with the power the DFT predicts', () => {
  // 1000 Hz at 16 kHz with a 512-point FFT is exactly bin 32; rectangular window over the whole frame.
  const fft = new RealFft(512);
  const x = Float64Array.from({ length: 512 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const out = new Float64Array(257);
  fft.power(x, 0, new Float64Array(512).fill(1), out);
  assert.ok(Math.abs(out[32] - 256 * 256) < 1e-6, `${out[32]}`);
  for (let k = 0; k <= 256; k++) if (k !== 32) assert.ok(out[k] < 1e-18, `bin ${k}: ${out[k]}`);
});

test('the Slaney mel scale and filterbank match librosa 0.11 values', () => {
  assert.equal(hzToMel(1000), 14.999999999999998); // librosa gives the same: 1000 / (200 / 3) in float64
  assert.ok(Math.abs(hzToMel(8000) - 45.245640471924965) < 1e-12);
  assert.ok(Math.abs(melToHz(30) - 2804.6441307389214) < 1e-9);
  assert.ok(Math.abs(melToHz(hzToMel(123.4)) - 123.4) < 1e-9);
  // librosa.filters.mel(sr=16000, n_fft=512, n_mels=64, dtype=float64): first/last nonzero bin and weights.
  const bank = melFilterbank(BASE);
  const pinned: [number, number, number[]][] = [
    [0, 1, [0.0145112816903, 0.0140755114762]],
    [1, 2, [0.00747352595221, 0.0211132672142, 0.00660198552395]],
    [10, 15, [0.00217885107064, 0.0166901327609, 0.0118966604055]],
    [40, 78, [0.00134263408067, 0.00351332501938, 0.00568401595809, 0.0078547068968, 0.0065264970258, 0.00445724268885, 0.0023879883519, 0.000318734014953]],
  ];
  for (const [m, first, weights] of pinned) {
    assert.equal(bank.first[m], first, `band ${m} first bin`);
    const got = Array.from(bank.weights.subarray(bank.offset[m], bank.offset[m + 1]));
    assert.equal(got.length, weights.length, `band ${m} width`);
    got.forEach((w, i) => assert.ok(Math.abs(w - weights[i]) < 1e-12 * Math.max(1, 1 / weights[i]) + 1e-14, `band ${m}[${i}]: ${w} vs ${weights[i]}`));
  }
  assert.equal(bank.first[63], 233);
  assert.equal(bank.offset[64] - bank.offset[63], 23);
});

test('the sparse filterbank is the dense triangle formula with its zeros left out', () => {
  for (const c of [BASE, { ...BASE, nMels: 40, fMin: 80, fMax: 7600 }, { ...BASE, sampleRate: 22050, fMax: 11025, nFft: 1024, nMels: 128 }]) {
    const bank = melFilterbank(c);
    const dense = referenceMelWeights(c);
    for (let m = 0; m < c.nMels; m++) {
      for (let k = 0; k <= c.nFft / 2; k++) {
        const j = k - bank.first[m];
        const w = j >= 0 && j < bank.offset[m + 1] - bank.offset[m] ? bank.weights[bank.offset[m] + j] : 0;
        assert.ok(Math.abs(w - dense[m][k]) < 1e-15 + 1e-12 * dense[m][k], `band ${m} bin ${k}`);
      }
    }
  }
});

test('periodic Hamming and Hann windows, centred in the FFT frame as librosa pads them', () => {
  const w = analysisWindow(BASE);
  assert.equal(w.length, 512);
  assert.equal(w[55], 0);
  assert.ok(Math.abs(w[56] - 0.08) < 1e-15);
  assert.ok(Math.abs(w[57] - 0.08005675) < 1e-8);
  assert.equal(w[256], 1); // sample 200 of 400: the peak of a periodic window
  assert.equal(w[456], 0);
  const h = analysisWindow({ ...BASE, window: 'hann', winLength: 512 });
  assert.equal(h[0], 0);
  assert.ok(Math.abs(h[256] - 1) < 1e-15);
  assert.ok(Math.abs(h[1] - h[511]) < 1e-15);
});

test('frame counts follow librosa: 1 + n // hop when centred, whole frames otherwise', () => {
  assert.equal(frameCount(16000, BASE), 101);
  assert.equal(frameCount(159, BASE), 1);
  assert.equal(frameCount(160, BASE), 2);
  assert.equal(frameCount(0, BASE), 0);
  const nc = { ...BASE, center: false };
  assert.equal(frameCount(511, nc), 0);
  assert.equal(frameCount(512, nc), 1);
  assert.equal(frameCount(16000, nc), 1 + Math.floor((16000 - 512) / 160));
});

const SIGNALS: [string, (n: number, rate: number) => Float32Array][] = [
  ['two sines', (n, r) => mix(sine(n, r, 440, 0.4), sine(n, r, 2500, 0.2, 1))],
  ['chirp', (n, r) => chirp(n, r, 100, r / 2 - 200)],
  ['noise', (n) => noise(n, 7)],
  ['sine + noise + silence', (n, r) => Float32Array.from(mix(sine(n, r, 300), noise(n, 3, 0.05)), (v, i) => (i > n / 2 ? 0 : v))],
];

function checkAgainstReference(c: FeatureConfig, seconds: number): void {
  const computer = new FeatureComputer(c);
  for (const [name, make] of SIGNALS) {
    const x = make(Math.round(seconds * c.sampleRate), c.sampleRate);
    const m = computer.compute(x);
    assert.equal(m.dims, c.nMels);
    const ref = referenceLogMel(x, c);
    assert.equal(m.frames, ref.length, `${name}: frames`);
    const diff = maxRelDiff(rowsOf(m), ref);
    assert.ok(diff < TOL, `${name} (${JSON.stringify({ ...c, kind: undefined })}): max relative difference ${diff}`);
  }
}

test('log-mel equals the naive DFT + triangle formula + log reference (defaults)', () => {
  checkAgainstReference(BASE, 0.25);
});

test('log-mel matches the reference for config variants: hann, no centring, reflect padding, other rates and FFT sizes', () => {
  checkAgainstReference({ ...BASE, window: 'hann' }, 0.2);
  checkAgainstReference({ ...BASE, center: false }, 0.2);
  checkAgainstReference({ ...BASE, padMode: 'reflect' }, 0.2);
  checkAgainstReference({ ...BASE, sampleRate: 8000, fMax: 4000, winLength: 200, hopLength: 80, nFft: 256, nMels: 40 }, 0.3);
  checkAgainstReference({ ...BASE, sampleRate: 22050, fMax: 11025, winLength: 551, hopLength: 220, nFft: 1024, nMels: 80, fMin: 50 }, 0.15);
  checkAgainstReference({ ...BASE, nFft: 2048, winLength: 2048, hopLength: 512, nMels: 128 }, 0.2);
  checkAgainstReference({ ...BASE, nFft: 128, winLength: 100, hopLength: 37, nMels: 24, logFloor: 1e-6 }, 0.05);
});

test('reflect padding reflects short signals more than once, as numpy does', () => {
  const c: FeatureConfig = { ...BASE, padMode: 'reflect' };
  const x = sine(100, 16000, 700); // shorter than the 256-sample pad
  const m = new FeatureComputer(c).compute(x);
  assert.ok(maxRelDiff(rowsOf(m), referenceLogMel(x, c)) < TOL);
});

test('silence gives log(logFloor) everywhere; empty audio gives no frames', () => {
  const c = { ...BASE, logFloor: 1e-10 };
  const m = new FeatureComputer(c).compute(new Float32Array(1600));
  assert.equal(m.frames, 11);
  for (const v of m.data) assert.equal(v, Math.fround(Math.log(1e-10)));
  const e = new FeatureComputer(c).compute(new Float32Array(0));
  assert.deepEqual([e.frames, e.dims, e.data.length], [0, 64, 0]);
});

test('one computer gives identical results on repeated and interleaved calls (its scratch buffers are reused)', () => {
  const comp = new FeatureComputer(BASE);
  const a = noise(8000, 1);
  const b = chirp(40000, 16000, 50, 7000);
  const first = comp.compute(a).data.slice();
  comp.compute(b);
  assert.deepEqual(comp.compute(a).data, first);
  assert.deepEqual(comp.compute(b).data, new FeatureComputer(BASE).compute(b).data);
});

test('bad configs are refused with the reason', () => {
  assert.throws(() => new FeatureComputer({ ...BASE, nFft: 500 }), /nFft must be a power of two/);
  assert.throws(() => new FeatureComputer({ ...BASE, winLength: 1024 }), /winLength/);
  assert.throws(() => new FeatureComputer({ ...BASE, fMax: 9000 }), /fMax/);
  assert.throws(() => new FeatureComputer({ ...BASE, padMode: 'edge' as 'constant' }), /padMode/);
  assert.equal(featureDims({ ...BASE, kind: 'mfcc', nMfcc: 13, deltaOrder: 2 }), 39);
});

test('the power spectrum reference itself sees a sine at its frequency (guards the reference)', () => {
  const c = { ...BASE, center: false };
  const p = referencePower(sine(512, 16000, 1000), c)[0];
  const peak = p.indexOf(Math.max(...p));
  assert.equal(peak, 32);
});

test('long audio is framed in blocks without seams: frames at block boundaries equal the reference', () => {
  // 90 s spans three 4096-frame blocks. An interior frame t reads samples [t hop - nFft/2, t hop + nFft/2), so its
  // reference is the uncentred reference of exactly that slice.
  const rate = 16000;
  const x = mix(chirp(90 * rate, rate, 60, 7900), noise(90 * rate, 21, 0.1));
  const m = new FeatureComputer(BASE).compute(x);
  assert.equal(m.frames, 1 + Math.floor(x.length / 160));
  for (const t of [2, 4095, 4096, 4097, 8191, 8192, m.frames - 3]) {
    const slice = x.subarray(t * 160 - 256, t * 160 + 256);
    const ref = referenceLogMel(slice, { ...BASE, center: false });
    assert.equal(ref.length, 1);
    const diff = maxRelDiff([Array.from(m.data.subarray(t * 64, (t + 1) * 64))], ref);
    assert.ok(diff < TOL, `frame ${t}: ${diff}`);
  }
});

test('the WebAssembly SIMD kernel and the JS path give bit-identical features', () => {
  const configs: FeatureConfig[] = [
    BASE,
    { ...BASE, kind: 'mfcc', deltaOrder: 2 },
    { ...BASE, window: 'hann', padMode: 'reflect', nMels: 40, fMin: 80, fMax: 7600 },
    { ...BASE, center: false, nFft: 1024, winLength: 1024, hopLength: 256, nMels: 128 },
    { ...BASE, sampleRate: 8000, fMax: 4000, nFft: 256, winLength: 200, hopLength: 80, nMels: 40 },
    { ...BASE, nFft: 16, winLength: 16, hopLength: 4, nMels: 4 },
    { ...BASE, nFft: 32, winLength: 30, hopLength: 7, nMels: 8 },
  ];
  for (const c of configs) {
    const simd = new FeatureComputer(c);
    assert.ok(simd.simd, 'Node 20 has WebAssembly SIMD');
    const js = new FeatureComputer(c, { simd: false });
    assert.equal(js.simd, false);
    // Odd and even frame counts, a signal spanning several blocks, and a single frame.
    for (const n of [c.sampleRate, c.sampleRate + c.hopLength, 50 * c.sampleRate, c.nFft + 1]) {
      const x = mix(chirp(n, c.sampleRate, 40, c.sampleRate / 2 - 50), noise(n, n, 0.05));
      const a = simd.compute(x);
      const b = js.compute(x);
      assert.equal(a.frames, b.frames);
      assert.ok(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer)), `${JSON.stringify(c)} n=${n}`);
    }
  }
});

test('very long hops use smaller blocks and still match the reference', () => {
  const c: FeatureConfig = { ...BASE, hopLength: 40000, nFft: 512, winLength: 400 };
  const x = mix(chirp(30 * 16000, 16000, 100, 6000), noise(30 * 16000, 4, 0.05));
  const m = new FeatureComputer(c).compute(x);
  assert.equal(m.frames, 13);
  assert.ok(maxRelDiff(rowsOf(m), referenceLogMel(x, c)) < TOL);
  assert.deepEqual(m.data, new FeatureComputer(c, { simd: false }).compute(x).data);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../../src/engine/features/featureConfig';
import { FeatureComputer } from '../../../src/engine/features/featureComputer';
import { writeDeltas } from '../../../src/engine/features/deltas';
import { chirp, maxRelDiff, mix, noise, referenceDct, referenceDeltas, referenceLogMel, rowsOf, sine } from './referenceFeatures';

const MFCC: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, kind: 'mfcc', nMfcc: 20, deltaOrder: 2, deltaWidth: 2 };

test('MFCCs are the orthonormal DCT-II of the reference log-mel', () => {
  for (const c of [{ ...MFCC, deltaOrder: 0 as const }, { ...MFCC, deltaOrder: 0 as const, nMfcc: 13, nMels: 40 }]) {
    const x = mix(chirp(6400, 16000, 200, 6000), noise(6400, 5, 0.05));
    const m = new FeatureComputer(c).compute(x);
    assert.equal(m.dims, c.nMfcc);
    const ref = referenceDct(referenceLogMel(x, c), c.nMfcc);
    // Coefficients near zero: compare with an absolute floor of 1 (values range up to a few hundred).
    assert.ok(maxRelDiff(rowsOf(m), ref) < 1e-6, `${maxRelDiff(rowsOf(m), ref)}`);
  }
});

test('MFCC deltas and delta-deltas follow the HTK regression with librosa interp edges', () => {
  for (const deltaWidth of [1, 2, 4]) {
    const c = { ...MFCC, deltaWidth };
    const x = mix(sine(8000, 16000, 300), chirp(8000, 16000, 100, 4000, 0.3));
    const m = new FeatureComputer(c).compute(x);
    assert.equal(m.dims, 60);
    const statics = rowsOf(m, 0, 20);
    const deltas = rowsOf(m, 20, 20);
    const deltaDeltas = rowsOf(m, 40, 20);
    // The deltas are computed from the stored (float32) statics, so the reference starts from the same values.
    assert.ok(maxRelDiff(deltas, referenceDeltas(statics, deltaWidth)) < 1e-6, `width ${deltaWidth} deltas`);
    assert.ok(maxRelDiff(deltaDeltas, referenceDeltas(deltas, deltaWidth)) < 1e-6, `width ${deltaWidth} delta-deltas`);
  }
});

test('deltas of a straight line are its slope everywhere, edges included', () => {
  const frames = 12;
  const data = new Float32Array(frames * 2);
  for (let t = 0; t < frames; t++) data[t * 2] = 3 * t - 5;
  writeDeltas(data, frames, 2, 0, 1, 1, 2);
  for (let t = 0; t < frames; t++) assert.ok(Math.abs(data[t * 2 + 1] - 3) < 1e-6, `frame ${t}: ${data[t * 2 + 1]}`);
});

test('deltas of sequences shorter than the window use the slope over all frames; one frame gives 0', () => {
  const rows = [[1], [4], [2]];
  const data = Float32Array.from([1, 0, 4, 0, 2, 0]);
  writeDeltas(data, 3, 2, 0, 1, 1, 2);
  const ref = referenceDeltas(rows, 2);
  for (let t = 0; t < 3; t++) assert.ok(Math.abs(data[t * 2 + 1] - ref[t][0]) < 1e-7);
  assert.ok(Math.abs(data[1] - 0.5) < 1e-7);
  const one = Float32Array.from([7, 9]);
  writeDeltas(one, 1, 2, 0, 1, 1, 2);
  assert.equal(one[1], 0);
});

test('deltas match librosa.feature.delta edge values on a known sequence', () => {
  // librosa.feature.delta(np.array([[0, 1, 4, 9, 16, 25, 36]], float), width=5): interp edges.
  const seq = [0, 1, 4, 9, 16, 25, 36];
  const data = new Float32Array(seq.length * 2);
  seq.forEach((v, t) => (data[t * 2] = v));
  writeDeltas(data, seq.length, 2, 0, 1, 1, 2);
  const expected = [4, 4, 4, 6, 8, 8, 8];
  expected.forEach((e, t) => assert.ok(Math.abs(data[t * 2 + 1] - e) < 1e-6, `frame ${t}: ${data[t * 2 + 1]} vs ${e}`));
});

test('log-mel with deltas appends them after the mel bands', () => {
  const c: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, deltaOrder: 1 };
  const x = noise(4000, 11);
  const m = new FeatureComputer(c).compute(x);
  assert.equal(m.dims, 128);
  const plain = new FeatureComputer(DEFAULT_FEATURE_CONFIG).compute(x);
  assert.deepEqual(rowsOf(m, 0, 64), rowsOf(plain));
  assert.ok(maxRelDiff(rowsOf(m, 64, 64), referenceDeltas(rowsOf(plain), 2)) < 1e-6);
});

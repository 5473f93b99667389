import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerError } from '../../../src/engine/errors';
import { resample } from '../../../src/engine/audio/resampler';
import { resampleKernel } from '../../../src/engine/audio/resampleKernel';

function tone(freq: number, rate: number, seconds: number, amp = 1): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** Amplitude of the component at `freq` Hz (a single DFT bin over the interior, edges skipped). */
function amplitudeAt(y: Float32Array, rate: number, freq: number, skip: number): number {
  let re = 0;
  let im = 0;
  const n = y.length - 2 * skip;
  for (let i = skip; i < y.length - skip; i++) {
    const ph = (2 * Math.PI * freq * i) / rate;
    re += y[i] * Math.cos(ph);
    im += y[i] * Math.sin(ph);
  }
  return (2 * Math.hypot(re, im)) / n;
}

function rms(y: Float32Array, skip: number): number {
  let s = 0;
  for (let i = skip; i < y.length - skip; i++) s += y[i] * y[i];
  return Math.sqrt(s / (y.length - 2 * skip));
}

const dB = (ratio: number) => 20 * Math.log10(ratio);

test('a 1 kHz tone keeps its amplitude, frequency and timing when resampled to 16 kHz', () => {
  for (const from of [44100, 48000, 22050, 8000, 11025, 32000, 44099]) {
    const y = resample(tone(1000, from, 1, 0.8), from, 16000);
    const skip = 800;
    const amp = amplitudeAt(y, 16000, 1000, skip);
    assert.ok(Math.abs(amp - 0.8) / 0.8 < 0.01, `${from} Hz: amplitude ${amp}`);
    // A small frequency error would smear the DFT bin; comparing the waveform itself pins frequency and phase.
    let worst = 0;
    for (let j = skip; j < y.length - skip; j++) worst = Math.max(worst, Math.abs(y[j] - 0.8 * Math.sin((2 * Math.PI * 1000 * j) / 16000)));
    assert.ok(worst < 2e-3, `${from} Hz: waveform deviates by ${worst}`);
    assert.ok(amplitudeAt(y, 16000, 1010, skip) < 0.01, `${from} Hz: energy leaked to 1010 Hz`);
  }
});

test('tones above the new Nyquist frequency are attenuated by at least 60 dB', () => {
  const cases: [number, number, number][] = [
    [44100, 16000, 10000],
    [44100, 16000, 8200],
    [44100, 16000, 15000],
    [44100, 16000, 21000],
    [48000, 16000, 8160],
    [48000, 16000, 12000],
    [22050, 16000, 8300],
    [44099, 16000, 9000],
  ];
  for (const [from, to, f] of cases) {
    const y = resample(tone(f, from, 1), from, to);
    const atten = dB(rms(y, 600) / Math.SQRT1_2);
    assert.ok(atten <= -60, `${f} Hz at ${from} -> ${to}: only ${atten.toFixed(1)} dB`);
  }
});

test('upsampling rejects the spectral images by at least 60 dB and keeps the passband flat', () => {
  for (const [from, to] of [[8000, 16000], [16000, 44100], [11025, 16000]]) {
    for (const rel of [0.3, 0.85]) {
      const f = rel * (from / 2);
      const y = resample(tone(f, from, 1), from, to);
      const skip = Math.round(to / 20);
      const gain = amplitudeAt(y, to, f, skip);
      assert.ok(Math.abs(dB(gain)) < 0.1, `${from} -> ${to}, ${f} Hz: passband gain ${dB(gain).toFixed(3)} dB`);
      const image = amplitudeAt(y, to, from - f, skip);
      assert.ok(dB(image) <= -60, `${from} -> ${to}: image of ${f} Hz at ${from - f} Hz only ${dB(image).toFixed(1)} dB down`);
    }
  }
});

test('output length is round(n * to / from), and a constant stays constant', () => {
  for (const [from, to] of [[44100, 16000], [16000, 44100], [48000, 16000], [8000, 16000], [44099, 16000], [22050, 16000]]) {
    for (const n of [0, 1, 2, 7, 100, 441, 12345]) {
      const y = resample(new Float32Array(n).fill(0.5), from, to);
      assert.equal(y.length, Math.round((n * to) / from), `${n} samples ${from} -> ${to}`);
    }
    const y = resample(new Float32Array(from).fill(0.5), from, to);
    const { half } = resampleKernel(from, to);
    const edge = Math.ceil((half * to) / from) + 2;
    for (let j = edge; j < y.length - edge; j++) assert.ok(Math.abs(y[j] - 0.5) < 1e-5, `${from} -> ${to} at ${j}: ${y[j]}`);
  }
});

test('equal rates give a copy; impossible rates are a usage error', () => {
  const x = tone(440, 16000, 0.1);
  const y = resample(x, 16000, 16000);
  assert.deepEqual(y, x);
  assert.notEqual(y, x);
  for (const [a, b] of [[0, 16000], [44100, -1], [44100.5, 16000], [Number.NaN, 16000]]) {
    assert.throws(() => resample(x, a, b), (e: unknown) => e instanceof SerError && e.code === 'usage');
  }
});

test('kernels are cached per rate pair', () => {
  assert.equal(resampleKernel(44100, 16000), resampleKernel(44100, 16000));
  assert.notEqual(resampleKernel(44100, 16000), resampleKernel(48000, 16000));
  assert.equal(resampleKernel(44100, 16000).exact, true);
  assert.equal(resampleKernel(44099, 16000).exact, false);
});

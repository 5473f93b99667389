// Cheap utterance statistics and a nearest-class-mean classifier: a deliberately weak listener, used to check
// that the difficulty knob really moves the emotions of a synthetic corpus closer together.

/** F0 mean (semitones re 100 Hz, autocorrelation), level (dB), zero-crossing rate, RMS frequency (Hz, a spectral-centroid proxy). */
export interface CheapStats {
  f0: number;
  level: number;
  zcr: number;
  rmsFrequency: number;
}

/** Frames of 25 ms every 10 ms within 35 dB of the loudest: the speech, without pauses and padding. */
function activeFrames(x: Float32Array, rate: number): number[] {
  const len = Math.round(0.025 * rate);
  const hop = Math.round(0.01 * rate);
  const starts: number[] = [];
  const energy: number[] = [];
  for (let s = 0; s + len <= x.length; s += hop) {
    let e = 0;
    for (let i = s; i < s + len; i++) e += x[i] * x[i];
    starts.push(s);
    energy.push(e / len);
  }
  const floor = Math.max(...energy) * 10 ** -3.5;
  return starts.filter((_, i) => energy[i] >= floor);
}

/** F0 of the frame at `start` by normalised autocorrelation on a 2x decimated signal; undefined when unvoiced. */
export function autocorrelationF0(x: Float32Array, rate: number, start: number, seconds = 0.04, fmin = 60, fmax = 500): number | undefined {
  const step = rate > 12000 ? 2 : 1;
  const r = rate / step;
  const n = Math.floor((seconds * rate) / step);
  if (start + n * step > x.length) return undefined;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = x[start + i * step] + (step === 2 ? x[start + i * step + 1] : 0);
  const minLag = Math.floor(r / fmax);
  const maxLag = Math.min(n - 8, Math.ceil(r / fmin));
  let best = 0;
  let bestLag = 0;
  const corr = new Float64Array(maxLag + 2);
  for (let lag = minLag; lag <= maxLag + 1 && lag < n; lag++) {
    let c = 0;
    let e0 = 0;
    let e1 = 0;
    for (let i = 0; i + lag < n; i++) {
      c += y[i] * y[i + lag];
      e0 += y[i] * y[i];
      e1 += y[i + lag] * y[i + lag];
    }
    corr[lag] = e0 > 0 && e1 > 0 ? c / Math.sqrt(e0 * e1) : 0;
  }
  for (let lag = minLag + 1; lag <= maxLag; lag++) best = Math.max(best, corr[lag]);
  if (best < 0.5) return undefined;
  // The first peak close to the best one: later peaks (multiples of the period) are nearly as high.
  for (let lag = minLag + 1; lag <= maxLag && bestLag === 0; lag++) {
    if (corr[lag] >= 0.9 * best && corr[lag] >= corr[lag - 1] && corr[lag] >= corr[lag + 1]) bestLag = lag;
  }
  if (bestLag === 0) return undefined;
  // Parabolic interpolation of the peak for sub-sample accuracy.
  const a = corr[bestLag - 1];
  const b = corr[bestLag];
  const c = corr[bestLag + 1];
  const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
  return r / (bestLag + shift);
}

/** Peak level (dB) of the spectrum of x[from, from + 0.25 s) between lo and hi Hz, by a direct DFT every 10 Hz. */
export function bandLevel(x: Float32Array, rate: number, lo: number, hi: number, from = 0): number {
  const n = Math.min(Math.round(0.25 * rate), x.length - from);
  let peak = 0;
  for (let f = lo; f <= hi; f += 10) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / rate;
    for (let i = 0; i < n; i++) {
      const v = x[from + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
      re += v * Math.cos(w * i);
      im -= v * Math.sin(w * i);
    }
    peak = Math.max(peak, re * re + im * im);
  }
  return 10 * Math.log10(peak + 1e-20);
}

export function cheapStats(x: Float32Array, rate: number): CheapStats {
  const len = Math.round(0.025 * rate);
  const frames = activeFrames(x, rate);
  let e = 0;
  let zc = 0;
  let d2 = 0;
  let count = 0;
  for (const s of frames) {
    for (let i = s + 1; i < s + len; i++) {
      e += x[i] * x[i];
      const d = x[i] - x[i - 1];
      d2 += d * d;
      if ((x[i] >= 0) !== (x[i - 1] >= 0)) zc++;
      count++;
    }
  }
  const f0s: number[] = [];
  for (let k = 0; k < frames.length; k += 3) {
    const f = autocorrelationF0(x, rate, frames[k]);
    if (f !== undefined) f0s.push(12 * Math.log2(f / 100));
  }
  return {
    f0: f0s.length ? f0s.reduce((a, b) => a + b, 0) / f0s.length : 0,
    level: 10 * Math.log10(e / Math.max(1, count) + 1e-12),
    zcr: zc / Math.max(1, count),
    rmsFrequency: (Math.sqrt(d2 / Math.max(e, 1e-12)) * rate) / (2 * Math.PI),
  };
}

export interface Sample {
  speaker: string;
  label: string;
  features: number[];
}

/** Z-normalises each feature within each speaker (the usual speaker normalisation of SER front ends). */
export function normalisePerSpeaker(samples: Sample[]): Sample[] {
  const bySpeaker = new Map<string, Sample[]>();
  for (const s of samples) bySpeaker.set(s.speaker, [...(bySpeaker.get(s.speaker) ?? []), s]);
  const out: Sample[] = [];
  for (const group of bySpeaker.values()) {
    const dims = group[0].features.length;
    for (let d = 0; d < dims; d++) {
      const xs = group.map((g) => g.features[d]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) || 1;
      for (const g of group) g.features[d] = (g.features[d] - mean) / sd;
    }
    out.push(...group);
  }
  return out;
}

/**
 * Leave-one-speaker-out accuracy of a nearest-class-mean classifier. Distances divide each feature by its pooled
 * within-class variance on the training speakers, so a feature the text moves more than the emotion (zero
 * crossings follow the fricatives) does not drown the others.
 */
export function nearestMeanAccuracy(samples: Sample[]): number {
  const speakers = [...new Set(samples.map((s) => s.speaker))];
  let right = 0;
  for (const held of speakers) {
    const train = samples.filter((s) => s.speaker !== held);
    const dims = train[0].features.length;
    const means = new Map<string, number[]>();
    for (const label of new Set(train.map((s) => s.label))) {
      const xs = train.filter((s) => s.label === label);
      means.set(label, Array.from({ length: dims }, (_, d) => xs.reduce((a, s) => a + s.features[d], 0) / xs.length));
    }
    const variance = Array.from({ length: dims }, (_, d) => train.reduce((a, s) => a + (s.features[d] - means.get(s.label)![d]) ** 2, 0) / train.length || 1);
    for (const s of samples.filter((x) => x.speaker === held)) {
      let best = '';
      let bestD = Infinity;
      for (const [label, m] of means) {
        const dist = m.reduce((a, v, d) => a + (v - s.features[d]) ** 2 / variance[d], 0);
        if (dist < bestD) {
          bestD = dist;
          best = label;
        }
      }
      if (best === s.label) right++;
    }
  }
  return right / samples.length;
}

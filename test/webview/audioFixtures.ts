/** Speech-like test audio synthesised in code (WAV via the engine's writer): voiced syllables with pauses. */
import { encodeWav } from '../../src/engine/audio/wavWriter';

/** `seconds` of a vowel-like signal (harmonics of a wandering F0, syllable envelope) at `rate` Hz, 16-bit WAV. */
export function speechWav(seconds: number, options: { rate?: number; f0?: number; seed?: number } = {}): Uint8Array {
  const rate = options.rate ?? 16000;
  const f0 = options.f0 ?? 140;
  let seed = options.seed ?? 1;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const n = Math.round(seconds * rate);
  const x = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const f = f0 * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t));
    phase += (2 * Math.PI * f) / rate;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.2 * t)) ** 0.6;
    let v = 0;
    for (let h = 1; h <= 12; h++) v += Math.sin(h * phase) / h;
    x[i] = 0.35 * syllable * v + 0.002 * (rand() - 0.5);
  }
  return encodeWav([x], rate);
}

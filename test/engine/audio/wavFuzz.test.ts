// Mutation fuzzing of the WAV reader: every mutated file must either decode to something sane or raise a
// WavError naming the file. Anything else (a RangeError, a non-finite sample, a result larger than the bytes
// present, a windowed header walk disagreeing with the whole-buffer one) counts as a crash and fails the test.
// Iterations: SER_FUZZ_ITERATIONS (default 10000); the seed is fixed, so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WavError } from '../../../src/engine/errors';
import { encodeWav, type WavEncoding } from '../../../src/engine/audio/wavWriter';
import { decodeWav, parseWavHeader, blockAlignOf, type WavInfo } from '../../../src/engine/audio/wavReader';
import { newWalk, walkWav } from '../../../src/engine/audio/wavHeader';
import { FLOAT_SAMPLE_LIMIT } from '../../../src/engine/audio/pcmDecode';
import { Prng } from '../../../src/engine/demo/prng';
import { buildRiff, fmtBody, testSignal } from './wavFixtures';

const ITERATIONS = Number(process.env.SER_FUZZ_ITERATIONS ?? 10_000);
const SEED = 0x5e5a_d10;

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const encodings: WavEncoding[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
  encodings.forEach((encoding, i) => {
    const n = 150 + 37 * i;
    out.push(encodeWav([testSignal(n, 16000, 0.9, i + 1)], 16000, { encoding }));
    out.push(encodeWav([testSignal(n, 44100, 0.9, 1), testSignal(n, 44100, 0.5, 2)], 44100, { encoding, extensible: true }));
  });
  out.push(
    encodeWav([testSignal(301, 8000)], 8000, {
      encoding: 'pcm8',
      chunksBeforeData: [
        { id: 'LIST', data: new TextEncoder().encode('INFOISFT\x05\x00\x00\x00Lavf\x00') },
        { id: 'fact', data: new Uint8Array([45, 1, 0, 0]) },
      ],
      chunksAfterData: [{ id: 'id3 ', data: new Uint8Array(11).fill(7) }],
    }),
  );
  out.push(encodeWav([0, 1, 2, 3, 4].map((c) => testSignal(90, 48000, 0.8, c + 1)), 48000, { encoding: 'pcm24', extensible: true }));
  const ds64 = new Uint8Array(28);
  new DataView(ds64.buffer).setUint32(8, 400, true);
  out.push(
    buildRiff(
      [{ id: 'ds64', data: ds64 }, { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: 16000, bits: 16 }) }, { id: 'data', data: new Uint8Array(400), size: 0xffffffff }],
      { magic: 'RF64', riffSize: 0xffffffff },
    ),
  );
  const streamed = encodeWav([testSignal(250, 22050)], 22050);
  new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
  out.push(streamed);
  return out;
}

/** Offsets of the chunk headers in a well-formed seed. */
function chunkHeaders(b: Uint8Array): number[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let p = 12; p + 8 <= b.length && out.length < 64; ) {
    out.push(p);
    const size = v.getUint32(p + 4, true);
    if (size > b.length) break;
    p += 8 + size + (size & 1);
  }
  return out;
}

const EXTREME_U32 = [0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x7ffff000, 1_000_000, 65535, 65536];
const EXTREME_U16 = [0, 1, 2, 3, 7, 8, 12, 16, 24, 32, 33, 64, 255, 1024, 1025, 0x7fff, 0xfffe, 0xffff];

function mutate(seed: Uint8Array, rnd: Prng): { bytes: Uint8Array; kind: string } {
  let b: Uint8Array = seed.slice();
  const kinds: string[] = [];
  const rounds = 1 + rnd.int(3);
  for (let r = 0; r < rounds; r++) {
    const heads = chunkHeaders(b);
    const kind = rnd.pick(['flip', 'flip-header', 'truncate', 'chunk-size', 'fmt-field', 'riff-size', 'duplicate', 'junk', 'zero', 'splice']);
    kinds.push(kind);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (kind) {
      case 'flip':
        for (let k = 1 + rnd.int(8); k > 0 && b.length; k--) b[rnd.int(b.length)] ^= 1 << rnd.int(8);
        break;
      case 'flip-header':
        for (let k = 1 + rnd.int(4); k > 0 && b.length; k--) b[rnd.int(Math.min(b.length, 80))] = rnd.int(256);
        break;
      case 'truncate':
        b = b.slice(0, rnd.int(b.length + 1));
        break;
      case 'chunk-size':
        if (heads.length) { const h = rnd.pick(heads); if (h + 8 <= b.length) v.setUint32(h + 4, rnd.next() < 0.7 ? rnd.pick(EXTREME_U32) : rnd.int(2 * b.length), true); }
        break;
      case 'fmt-field': {
        const h = heads.find((p) => String.fromCharCode(...b.subarray(p, p + 4)) === 'fmt ');
        if (h === undefined || h + 48 > b.length) break;
        const field = rnd.pick([0, 2, 4, 8, 12, 14, 16, 18, 24]);
        if (field === 4 || field === 8) v.setUint32(h + 8 + field, rnd.pick([...EXTREME_U32, 8000, 44100, 1_000_001]), true);
        else v.setUint16(h + 8 + field, rnd.pick([...EXTREME_U16, 0xfffe, 6, 7]), true);
        break;
      }
      case 'riff-size':
        if (b.length >= 8) v.setUint32(4, rnd.pick(EXTREME_U32), true);
        break;
      case 'duplicate': {
        if (!heads.length) break;
        const h = rnd.pick(heads);
        const end = Math.min(b.length, h + 8 + Math.min(v.getUint32(h + 4, true), 4096));
        const copy = b.slice(h, end);
        const at = rnd.pick([...heads, b.length]);
        b = concat(b.subarray(0, at), copy, b.subarray(at));
        break;
      }
      case 'junk': {
        const body = new Uint8Array(rnd.int(40));
        for (let i = 0; i < body.length; i++) body[i] = rnd.int(256);
        const hdr = new Uint8Array(8);
        const hv = new DataView(hdr.buffer);
        for (let i = 0; i < 4; i++) hdr[i] = rnd.next() < 0.8 ? 0x41 + rnd.int(26) : rnd.int(256);
        hv.setUint32(4, rnd.next() < 0.7 ? body.length : rnd.pick(EXTREME_U32), true);
        const at = heads.length ? rnd.pick([...heads, b.length]) : Math.min(12, b.length);
        b = concat(b.subarray(0, at), hdr, body, b.subarray(at));
        break;
      }
      case 'zero':
        b = rnd.next() < 0.5 ? new Uint8Array(0) : b.slice(0, rnd.int(13));
        break;
      case 'splice': {
        const from = rnd.int(b.length + 1);
        const len = rnd.int(64);
        b = concat(b.subarray(0, from), b.subarray(Math.min(b.length, from + len)));
        break;
      }
    }
  }
  return { bytes: b, kind: kinds.join('+') };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The header as a walk over windows of random size (as probeWav reads), or the error it ends in. */
function walkInWindows(bytes: Uint8Array, file: string, rnd: Prng): WavInfo {
  const w = newWalk();
  let offset = 0;
  for (let reads = 0; reads < 100_000; reads++) {
    const win = bytes.subarray(offset, offset + 48 + rnd.int(200));
    const step = walkWav(w, win, offset, bytes.length, file);
    if (step.kind === 'done') return step.info;
    if (step.offset <= offset && reads > 0) throw new Error(`windowed walk went backwards: ${step.offset} after ${offset}`);
    offset = step.offset;
  }
  throw new Error('windowed walk did not finish');
}

function saneDecode(bytes: Uint8Array, info: WavInfo, samples: Float32Array): string | undefined {
  const blockAlign = blockAlignOf(info);
  if (samples.length > bytes.length / blockAlign) return `${samples.length} samples from ${bytes.length} bytes`;
  if (samples.length !== info.frames) return `samples ${samples.length} != frames ${info.frames}`;
  if (info.dataOffset + info.dataBytes > bytes.length) return 'data runs past the file';
  if (info.frames * blockAlign > info.dataBytes) return 'frames exceed data bytes';
  if (!(info.sampleRate > 0 && info.channels > 0)) return 'non-positive rate or channels';
  for (let i = 0; i < samples.length; i++) {
    if (!(Math.abs(samples[i]) <= FLOAT_SAMPLE_LIMIT)) return `sample ${i} is ${samples[i]}`;
  }
  return undefined;
}

type Outcome = { kind: 'ok'; info: WavInfo } | { kind: 'error'; code: string; problem: string };

function outcome(fn: () => WavInfo, file: string): Outcome {
  try {
    return { kind: 'ok', info: fn() };
  } catch (err) {
    if (err instanceof WavError && err.file === file && err.message.includes(file)) return { kind: 'error', code: err.code, problem: err.problem };
    throw err;
  }
}

test(`fuzz: ${ITERATIONS} mutated WAV files decode sanely or raise a WavError naming the file`, (t) => {
  const rnd = new Prng(SEED);
  const base = seeds();
  let decoded = 0;
  let typed = 0;
  const crashes: string[] = [];
  const codes = new Map<string, number>();
  for (let i = 0; i < ITERATIONS; i++) {
    const { bytes, kind } = mutate(base[i % base.length], rnd);
    const file = `/fuzz/case-${i}.wav`;
    try {
      const whole = outcome(() => parseWavHeader(bytes, file), file);
      const windowed = outcome(() => walkInWindows(bytes, file, rnd), file);
      assert.deepEqual(windowed, whole, 'windowed and whole-buffer header walks disagree');
      const cut = rnd.int(bytes.length + 1);
      const prefix = outcome(() => parseWavHeader(bytes.subarray(0, cut), file, bytes.length), file);
      // 'usage' means the prefix did not reach the end of the header: legitimately undecided.
      if (!(prefix.kind === 'error' && prefix.code === 'usage')) {
        assert.deepEqual(prefix, whole, 'a prefix with the real size disagrees with the whole file');
      }
      if (whole.kind === 'error') {
        assert.throws(() => decodeWav(bytes, file), (e: unknown) => e instanceof WavError && e.code === whole.code && e.message.includes(file));
        typed++;
        codes.set(whole.code, (codes.get(whole.code) ?? 0) + 1);
        continue;
      }
      const { info, samples } = decodeWav(bytes, file);
      const bad = saneDecode(bytes, info, samples);
      if (bad) throw new Error(bad);
      const start = rnd.next() * info.durationSeconds;
      const part = decodeWav(bytes, file, { start, end: start + rnd.next() * 0.01 });
      const first = Math.min(info.frames, Math.round(start * info.sampleRate));
      assert.deepEqual(part.samples, samples.subarray(first, first + part.samples.length), 'region differs from the whole');
      decoded++;
    } catch (err) {
      crashes.push(`case ${i} (${kind}): ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
  }
  const summary = `${ITERATIONS} mutated WAVs: ${decoded} decoded, ${typed} typed errors, ${crashes.length} crashes`;
  t.diagnostic(summary);
  t.diagnostic(`error codes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  assert.equal(decoded + typed + crashes.length, ITERATIONS);
  assert.deepEqual(crashes.slice(0, 10), [], summary);
  // A fuzzer whose mutations never get past the header, or never break it, is not testing the reader.
  assert.ok(decoded > ITERATIONS * 0.1 && typed > ITERATIONS * 0.1, summary);
});

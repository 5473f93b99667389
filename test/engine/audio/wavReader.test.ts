import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WavError, type SerErrorCode } from '../../../src/engine/errors';
import { encodeWav, type WavEncoding } from '../../../src/engine/audio/wavWriter';
import { decodeWav, parseWavHeader } from '../../../src/engine/audio/wavReader';
import { buildRiff, chunkOffset, fmtBody, testSignal } from './wavFixtures';

const RATE = 16000;
const FILE = '/corpus/Ses01F_impro01_F000.wav';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length, 'lengths differ');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function expectWavError(fn: () => unknown, code: SerErrorCode, problem?: RegExp, file = FILE): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WavError, `expected a WavError, got ${String(err)}`);
    assert.equal(err.code, code, `code for: ${err.message}`);
    assert.equal(err.file, file);
    assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
    if (problem) assert.match(err.problem, problem);
    return true;
  });
}

const TOLERANCE: Record<WavEncoding, number> = {
  pcm8: 2 / 128,
  pcm16: 2 / 32768,
  pcm24: 2 / 8388608,
  pcm32: 2 / 2147483648,
  float32: 0,
  float64: 0,
};

for (const encoding of Object.keys(TOLERANCE) as WavEncoding[]) {
  for (const extensible of [false, true]) {
    test(`${encoding}${extensible ? ' extensible' : ''} round-trips within its quantisation`, () => {
      const x = testSignal(4000, RATE);
      x[10] = 1;
      x[11] = -1;
      const wav = encodeWav([x], RATE, { encoding, extensible });
      const { info, samples } = decodeWav(wav, FILE);
      assert.equal(info.encoding, encoding);
      assert.equal(info.channels, 1);
      assert.equal(info.sampleRate, RATE);
      assert.equal(info.frames, x.length);
      assert.equal(info.durationSeconds, x.length / RATE);
      assert.equal(info.dataOffset, chunkOffset(wav, 'data') + 8);
      assert.ok(maxAbsDiff(samples, x) <= TOLERANCE[encoding], `max error ${maxAbsDiff(samples, x)}`);
      // Full scale must map to (nearly) +-1, not to some other scale that happens to fit the tolerance.
      assert.ok(Math.abs(samples[11] + 1) <= TOLERANCE[encoding] && samples[10] > 0.98);
    });
  }
}

test('multichannel files are mixed down to mono by averaging', () => {
  for (const nch of [2, 3, 6]) {
    const chans = Array.from({ length: nch }, (_, c) => testSignal(2000, RATE, 0.9, c + 1));
    const wav = encodeWav(chans, RATE, { encoding: 'float32', extensible: nch > 2 });
    const { info, samples } = decodeWav(wav, FILE);
    assert.equal(info.channels, nch);
    const mean = new Float32Array(2000);
    for (let i = 0; i < 2000; i++) mean[i] = chans.reduce((s, ch) => s + ch[i], 0) / nch;
    assert.ok(maxAbsDiff(samples, mean) < 1e-6, `${nch} channels`);
  }
  const stereo16 = encodeWav([testSignal(500, RATE, 0.5, 1), testSignal(500, RATE, 0.5, 2)], RATE, { encoding: 'pcm24' });
  const { samples } = decodeWav(stereo16, FILE);
  const l = testSignal(500, RATE, 0.5, 1);
  const r = testSignal(500, RATE, 0.5, 2);
  for (let i = 0; i < 500; i++) assert.ok(Math.abs(samples[i] - (l[i] + r[i]) / 2) < 1e-6);
});

test('LIST and fact chunks before data, odd-sized chunks with pad byte and chunks after data are skipped', () => {
  const x = testSignal(1001, RATE); // odd frame count at 8 bits: an odd-sized data chunk
  const info = new TextEncoder().encode('INFOISFT\x05\x00\x00\x00Lavf\x00');
  const wav = encodeWav([x], RATE, {
    encoding: 'pcm8',
    chunksBeforeData: [
      { id: 'LIST', data: info },
      { id: 'fact', data: new Uint8Array([0xe9, 0x03, 0, 0]) },
      { id: 'junk', data: new Uint8Array(7).fill(0xaa) },
    ],
    chunksAfterData: [{ id: 'id3 ', data: new Uint8Array(33).fill(0x55) }],
  });
  const { info: hdr, samples } = decodeWav(wav, FILE);
  assert.equal(hdr.frames, 1001);
  assert.equal(hdr.dataBytes, 1001);
  assert.ok(maxAbsDiff(samples, x) <= TOLERANCE.pcm8);
});

test('a plain fmt chunk longer than 16 bytes (cbSize and extra data) is accepted', () => {
  const x = testSignal(300, 22050);
  const pcm = decodeWav(encodeWav([x], 22050), FILE).samples;
  const data = encodeWav([x], 22050).subarray(44);
  for (const extra of [2, 6, 17]) {
    const wav = buildRiff([
      { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: 22050, bits: 16, extraBytes: extra }) },
      { id: 'data', data },
    ]);
    const { info, samples } = decodeWav(wav, FILE);
    assert.equal(info.sampleRate, 22050);
    assert.deepEqual(samples, pcm);
  }
});

test('an odd chunk written without its pad byte is still stepped over', () => {
  const data = encodeWav([testSignal(100, RATE)], RATE).subarray(44);
  const wav = buildRiff([
    { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) },
    { id: 'LIST', data: new Uint8Array(9).fill(0x41), noPad: true },
    { id: 'data', data },
  ]);
  assert.equal(decodeWav(wav, FILE).info.frames, 100);
});

test('the fmt chunk may follow the data chunk', () => {
  const data = encodeWav([testSignal(100, RATE)], RATE).subarray(44);
  const wav = buildRiff([{ id: 'data', data }, { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) }]);
  assert.equal(decodeWav(wav, FILE).info.frames, 100);
});

test('streamed files (data size 0 or 0xFFFFFFFF, lying RIFF size) decode to the end of the file', () => {
  const x = testSignal(777, RATE);
  const ref = decodeWav(encodeWav([x], RATE), FILE).samples;
  for (const dataSize of [0, 0xffffffff, 0x7ffff000]) {
    for (const riffSize of [0, 0xffffffff, 36]) {
      const wav = encodeWav([x], RATE);
      const v = new DataView(wav.buffer);
      v.setUint32(4, riffSize, true);
      v.setUint32(40, dataSize, true);
      const { info, samples } = decodeWav(wav, FILE);
      assert.equal(info.frames, 777, `data size ${dataSize}, RIFF size ${riffSize}`);
      assert.deepEqual(samples, ref);
    }
  }
  // A streamed file cut mid-frame keeps its whole frames.
  const cut = encodeWav([x], RATE).subarray(0, 44 + 2 * 500 + 1);
  new DataView(cut.buffer).setUint32(40, 0xffffffff, true);
  assert.equal(decodeWav(cut, FILE).info.frames, 500);
});

test('a data chunk of size 0 followed by another chunk is an empty file, not a streamed one', () => {
  const wav = buildRiff([
    { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) },
    { id: 'data', data: new Uint8Array(0) },
    { id: 'LIST', data: new Uint8Array(20).fill(0x20) },
  ]);
  const { info, samples } = decodeWav(wav, FILE);
  assert.equal(info.frames, 0);
  assert.equal(samples.length, 0);
});

test('RF64 files take their data size from the ds64 chunk', () => {
  const x = testSignal(600, RATE);
  const data = encodeWav([x], RATE).subarray(44);
  const ds64 = new Uint8Array(28);
  const dv = new DataView(ds64.buffer);
  dv.setUint32(8, data.length, true); // dataSize low
  dv.setUint32(16, 600, true); // sample count low
  const wav = buildRiff(
    [
      { id: 'ds64', data: ds64 },
      { id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) },
      { id: 'data', data, size: 0xffffffff },
      { id: 'LIST', data: new Uint8Array(40) },
    ],
    { magic: 'RF64', riffSize: 0xffffffff },
  );
  const { info, samples } = decodeWav(wav, FILE);
  assert.equal(info.frames, 600);
  assert.ok(maxAbsDiff(samples, x) <= TOLERANCE.pcm16);
});

test('a region decodes only its frames', () => {
  const x = testSignal(16000, RATE);
  const wav = encodeWav([x, x], RATE, { encoding: 'pcm24' });
  const all = decodeWav(wav, FILE).samples;
  const r = decodeWav(wav, FILE, { start: 0.25, end: 0.5 });
  assert.deepEqual(r.samples, all.subarray(4000, 8000));
  assert.equal(r.info.frames, 16000, 'info describes the whole file');
  assert.deepEqual(decodeWav(wav, FILE, { start: 0.9 }).samples, all.subarray(14400));
  assert.deepEqual(decodeWav(wav, FILE, { end: 0.1 }).samples, all.subarray(0, 1600));
  assert.deepEqual(decodeWav(wav, FILE, { start: 0.5, end: 9 }).samples, all.subarray(8000), 'end past the audio is clamped');
  assert.equal(decodeWav(wav, FILE, { start: 0.5, end: 0.5 }).samples.length, 0);
  expectWavError(() => decodeWav(wav, FILE, { start: 1.5 }), 'truncated', /after the end of the audio/);
  expectWavError(() => decodeWav(wav, FILE, { start: -1 }), 'usage', /start/);
  expectWavError(() => decodeWav(wav, FILE, { end: Number.NaN }), 'usage', /end/);
  expectWavError(() => decodeWav(wav, FILE, { start: 0.5, end: 0.2 }), 'usage', /before its start/);
});

test('parseWavHeader works on a prefix of the file and detects truncation against the real size', () => {
  const wav = encodeWav([testSignal(5000, RATE)], RATE, { chunksBeforeData: [{ id: 'LIST', data: new Uint8Array(100) }] });
  const full = parseWavHeader(wav, FILE);
  assert.deepEqual(parseWavHeader(wav.subarray(0, 200), FILE, wav.length), full);
  expectWavError(() => parseWavHeader(wav.subarray(0, 200), FILE, wav.length - 1), 'truncated', /claims 10000 bytes/);
  expectWavError(() => parseWavHeader(wav.subarray(0, 100), FILE, wav.length), 'usage', /continues past the first 100 bytes/);
});

function withFmt(f: Parameters<typeof fmtBody>[0], data: Uint8Array = new Uint8Array(64)): Uint8Array {
  return buildRiff([{ id: 'fmt ', data: fmtBody(f) }, { id: 'data', data }]);
}

function extensibleWith(guidTail: number[] | null, subTag: number): Uint8Array {
  const wav = encodeWav([testSignal(32, RATE)], RATE, { extensible: true });
  const fmt = chunkOffset(wav, 'fmt ') + 8;
  new DataView(wav.buffer).setUint16(fmt + 24, subTag, true);
  if (guidTail) wav.set(guidTail, fmt + 26);
  return wav;
}

test('bad files raise WavError with the right code, naming the file', () => {
  const good = encodeWav([testSignal(400, RATE)], RATE);
  const cases: [string, () => unknown, SerErrorCode, RegExp][] = [
    ['empty', () => decodeWav(new Uint8Array(0), FILE), 'empty', /empty/],
    ['text file', () => decodeWav(new TextEncoder().encode('hello, this is not audio at all'), FILE), 'not-wav', /not a WAV/],
    ['tiny non-wav', () => decodeWav(new Uint8Array([1, 2, 3]), FILE), 'not-wav', /3 bytes/],
    ['mp3', () => decodeWav(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), FILE), 'not-wav', /"ID3/],
    ['AVI', () => decodeWav(buildRiff([], { form: 'AVI ' }), FILE), 'not-wav', /AVI/],
    ['RIFX', () => decodeWav(buildRiff([], { magic: 'RIFX' }), FILE), 'unsupported', /big-endian/],
    ['header cut at 8 bytes', () => decodeWav(good.subarray(0, 8), FILE), 'truncated', /shorter than a RIFF header/],
    ['cut inside fmt', () => decodeWav(good.subarray(0, 30), FILE), 'truncated', /inside the fmt chunk/],
    ['cut inside data', () => decodeWav(good.subarray(0, good.length - 100), FILE), 'truncated', /claims 800 bytes but only 700/],
    ['data size beyond the file', () => { const w = good.slice(); new DataView(w.buffer).setUint32(40, 1e9, true); return decodeWav(w, FILE); }, 'truncated', /claims 1000000000 bytes/],
    ['cut before data', () => decodeWav(good.subarray(0, 36), FILE), 'truncated', /ends after 36 bytes, before the data chunk/],
    ['no data chunk', () => decodeWav(buildRiff([{ id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) }, { id: 'LIST', data: new Uint8Array(10) }]), FILE), 'corrupt', /no data chunk/],
    ['LIST overruns the file', () => decodeWav(buildRiff([{ id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) }, { id: 'LIST', data: new Uint8Array(10), size: 5000 }]), FILE), 'truncated', /inside the "LIST" chunk/],
    ['no fmt', () => decodeWav(buildRiff([{ id: 'data', data: new Uint8Array(10) }]), FILE), 'corrupt', /no fmt chunk/],
    ['fmt too short', () => decodeWav(buildRiff([{ id: 'fmt ', data: new Uint8Array(14) }, { id: 'data', data: new Uint8Array(4) }]), FILE), 'corrupt', /14 bytes/],
    ['0 channels', () => decodeWav(withFmt({ tag: 1, channels: 0, rate: RATE, bits: 16, blockAlign: 2 }), FILE), 'corrupt', /0 channels/],
    ['65535 channels', () => decodeWav(withFmt({ tag: 1, channels: 65535, rate: RATE, bits: 16, blockAlign: 2 }), FILE), 'corrupt', /65535 channels/],
    ['rate 0', () => decodeWav(withFmt({ tag: 1, channels: 1, rate: 0, bits: 16 }), FILE), 'corrupt', /0 Hz/],
    ['rate 2 MHz', () => decodeWav(withFmt({ tag: 1, channels: 1, rate: 2_000_000, bits: 16 }), FILE), 'corrupt', /2000000 Hz/],
    ['block align', () => decodeWav(withFmt({ tag: 1, channels: 2, rate: RATE, bits: 16, blockAlign: 2 }), FILE), 'corrupt', /block align 2/],
    ['0 bits', () => decodeWav(withFmt({ tag: 1, channels: 1, rate: RATE, bits: 0, blockAlign: 1 }), FILE), 'corrupt', /0 bits/],
    ['48-bit PCM', () => decodeWav(withFmt({ tag: 1, channels: 1, rate: RATE, bits: 48 }), FILE), 'unsupported', /48-bit integer/],
    ['16-bit float', () => decodeWav(withFmt({ tag: 3, channels: 1, rate: RATE, bits: 16 }), FILE), 'unsupported', /16-bit IEEE float/],
    ['ADPCM', () => decodeWav(withFmt({ tag: 2, channels: 1, rate: RATE, bits: 4, blockAlign: 256 }), FILE), 'unsupported', /Microsoft ADPCM/],
    ['mu-law', () => decodeWav(withFmt({ tag: 7, channels: 1, rate: 8000, bits: 8 }), FILE), 'unsupported', /mu-law/],
    ['A-law', () => decodeWav(withFmt({ tag: 6, channels: 1, rate: 8000, bits: 8 }), FILE), 'unsupported', /A-law/],
    ['extensible ADPCM', () => decodeWav(extensibleWith(null, 2), FILE), 'unsupported', /Microsoft ADPCM/],
    ['extensible foreign GUID', () => decodeWav(extensibleWith([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 1), FILE), 'unsupported', /SubFormat \{02010001-0403-0605-0708-090a0b0c0d0e\} is neither/],
    ['extensible fmt of 18 bytes', () => decodeWav(withFmt({ tag: 0xfffe, channels: 1, rate: RATE, bits: 16, extraBytes: 2 }), FILE), 'corrupt', /EXTENSIBLE fmt chunk is 18 bytes/],
    ['too many chunks', () => decodeWav(buildRiff([{ id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) }, ...Array.from({ length: 10_001 }, () => ({ id: 'junk', data: new Uint8Array(0) }))]), FILE), 'corrupt', /more than 10000 chunks/],
    ['zero-filled body', () => decodeWav(buildRiff([{ id: 'fmt ', data: fmtBody({ tag: 1, channels: 1, rate: RATE, bits: 16 }) }, { id: '\0\0\0\0', data: new Uint8Array(100_000) }]), FILE), 'corrupt', /no data chunk/],
  ];
  for (const [name, fn, code, problem] of cases) {
    try {
      expectWavError(fn, code, problem);
    } catch (err) {
      assert.fail(`${name}: ${(err as Error).message}`);
    }
  }
});

test('12- and 20-bit PCM in whole-byte containers decode as their container', () => {
  const x = testSignal(200, RATE);
  const data16 = encodeWav([x], RATE).subarray(44);
  const wav = withFmt({ tag: 1, channels: 1, rate: RATE, bits: 12 }, data16);
  const { info, samples } = decodeWav(wav, FILE);
  assert.equal(info.encoding, 'pcm16');
  assert.ok(maxAbsDiff(samples, x) <= TOLERANCE.pcm16);
});

test('float files with NaN, infinities and absurd values decode to finite, bounded samples', () => {
  const x = new Float32Array([0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38, -3e38, 2, -0.25]);
  const data = new Uint8Array(x.buffer.slice(0));
  const wav = withFmt({ tag: 3, channels: 1, rate: RATE, bits: 32 }, data);
  const { samples } = decodeWav(wav, FILE);
  assert.deepEqual(Array.from(samples), [0.5, 0, 16, -16, 16, -16, 2, -0.25]);
  const stereo = withFmt({ tag: 3, channels: 2, rate: RATE, bits: 32 }, data);
  for (const v of decodeWav(stereo, FILE).samples) assert.ok(Number.isFinite(v));
});

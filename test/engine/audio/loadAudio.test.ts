import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WavError } from '../../../src/engine/errors';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { decodeWav } from '../../../src/engine/audio/wavReader';
import { resample } from '../../../src/engine/audio/resampler';
import { decodeAudioBytes, loadAudio, WHOLE_FILE_READ_LIMIT } from '../../../src/engine/audio/loadAudio';
import { PROBE_WINDOW } from '../../../src/engine/audio/probeAudio';
import { MemoryFileSystem } from '../../fixtures/memoryFileSystem';
import { testSignal } from './wavFixtures';

test('loadAudio returns mono audio at 16 kHz by default, or at the rate asked for', async () => {
  const fs = new MemoryFileSystem();
  const l = testSignal(44100 * 2, 44100, 0.8, 1);
  const r = testSignal(44100 * 2, 44100, 0.8, 2);
  const wav = encodeWav([l, r], 44100);
  await fs.writeFileAtomic('/s.wav', wav);
  const y = await loadAudio(fs, '/s.wav');
  assert.equal(y.length, 32000);
  assert.deepEqual(y, resample(decodeWav(wav, '/s.wav').samples, 44100, 16000));
  assert.equal((await loadAudio(fs, '/s.wav', undefined, 8000)).length, 16000);
  const native = await loadAudio(fs, '/s.wav', undefined, 44100);
  assert.deepEqual(native, decodeWav(wav, '/s.wav').samples);
  assert.equal(fs.readFileCalls, 3, 'small files are read whole, once per load');
});

test('decodeAudioBytes is loadAudio on bytes already read: same samples, region and rate, errors naming the path', async () => {
  const fs = new MemoryFileSystem();
  const wav = encodeWav([testSignal(44100, 44100, 0.8, 3)], 44100);
  await fs.writeFileAtomic('/b.wav', wav);
  assert.deepEqual(decodeAudioBytes(wav, '/b.wav'), await loadAudio(fs, '/b.wav'));
  const region = { start: 0.25, end: 0.5 };
  assert.deepEqual(decodeAudioBytes(wav, '/b.wav', region, 8000), await loadAudio(fs, '/b.wav', region, 8000));
  assert.deepEqual(decodeAudioBytes(wav, '/b.wav', undefined, 44100), decodeWav(wav, '/b.wav').samples);
  assert.throws(() => decodeAudioBytes(wav.subarray(0, 30), '/b.wav'), (e: unknown) => e instanceof WavError && e.message.includes('/b.wav'));
});

test('loadAudio decodes a region', async () => {
  const fs = new MemoryFileSystem();
  const x = testSignal(16000 * 3, 16000);
  await fs.writeFileAtomic('/r.wav', encodeWav([x], 16000, { encoding: 'float32' }));
  const y = await loadAudio(fs, '/r.wav', { start: 1, end: 1.5 });
  assert.deepEqual(y, x.subarray(16000, 24000));
});

test('a large file is probed and only the region is read', async () => {
  const fs = new MemoryFileSystem();
  const seconds = Math.ceil(WHOLE_FILE_READ_LIMIT / (2 * 48000)) + 5; // just over the limit at 16-bit mono 48 kHz
  const x = testSignal(48000 * seconds, 48000, 0.7);
  const wav = encodeWav([x], 48000, { chunksBeforeData: [{ id: 'LIST', data: new Uint8Array(100) }] });
  assert.ok(wav.length > WHOLE_FILE_READ_LIMIT);
  await fs.writeFileAtomic('/big.wav', wav);
  const region = { start: 100.25, end: 102.5 };
  const y = await loadAudio(fs, '/big.wav', region);
  assert.equal(fs.readFileCalls, 0);
  assert.ok(fs.bytesRead <= PROBE_WINDOW + 2.25 * 48000 * 2, `${fs.bytesRead} bytes read`);
  const expected = resample(decodeWav(wav, '/big.wav', region).samples, 48000, 16000);
  assert.deepEqual(y, expected);
  assert.equal(y.length, 36000);
});

test('loadAudio errors are WavErrors naming the file', async () => {
  const fs = new MemoryFileSystem();
  await assert.rejects(loadAudio(fs, '/none.wav'), (e: unknown) => e instanceof WavError && e.code === 'not-found' && e.message.includes('/none.wav'));
  await fs.writeFileAtomic('/bad.wav', new TextEncoder().encode('RIFF....AVI LIST'));
  await assert.rejects(loadAudio(fs, '/bad.wav'), (e: unknown) => e instanceof WavError && e.code === 'not-wav' && e.message.includes('/bad.wav'));
  await fs.writeFileAtomic('/ok.wav', encodeWav([testSignal(1600, 16000)], 16000));
  await assert.rejects(loadAudio(fs, '/ok.wav', { start: 2 }), (e: unknown) => e instanceof WavError && e.code === 'truncated' && e.message.includes('/ok.wav'));
});

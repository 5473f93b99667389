import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WavError, type SerErrorCode } from '../../../src/engine/errors';
import { NodeFileSystem } from '../../../src/engine/io/nodeFileSystem';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { parseWavHeader } from '../../../src/engine/audio/wavReader';
import { PROBE_WINDOW, probeWav } from '../../../src/engine/audio/probeAudio';
import { MemoryFileSystem } from '../../fixtures/memoryFileSystem';
import { testSignal } from './wavFixtures';

async function expectWavError(p: Promise<unknown>, code: SerErrorCode, file: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof WavError, `expected WavError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.includes(file), err.message);
    return true;
  });
}

test('probeWav reads only the first 64 KiB of a long file', async () => {
  const fs = new MemoryFileSystem();
  const wav = encodeWav([testSignal(16000 * 30, 16000)], 16000); // ~960 KB
  await fs.writeFileAtomic('/d/a.wav', wav);
  const info = await probeWav(fs, '/d/a.wav');
  assert.deepEqual(info, parseWavHeader(wav, '/d/a.wav'));
  assert.equal(info.frames, 16000 * 30);
  assert.equal(fs.readFileCalls, 0);
  assert.equal(fs.readRangeCalls, 1);
  assert.ok(fs.bytesRead <= PROBE_WINDOW, `${fs.bytesRead} bytes read`);
});

test('probeWav jumps over a big chunk before the data instead of reading it', async () => {
  const fs = new MemoryFileSystem();
  const big = new Uint8Array(300_001).fill(0x11); // e.g. embedded cover art: odd size, padded
  const wav = encodeWav([testSignal(16000 * 10, 16000)], 16000, { chunksBeforeData: [{ id: 'LIST', data: big }] });
  await fs.writeFileAtomic('/d/b.wav', wav);
  const info = await probeWav(fs, '/d/b.wav');
  assert.deepEqual(info, parseWavHeader(wav, '/d/b.wav'));
  assert.equal(fs.readRangeCalls, 2);
  assert.ok(fs.bytesRead <= 2 * PROBE_WINDOW, `${fs.bytesRead} bytes read`);
});

test('probeWav finds an fmt chunk that follows a long data chunk', async () => {
  const fs = new MemoryFileSystem();
  const wav = encodeWav([testSignal(200_000, 16000)], 16000);
  // Move fmt after data: RIFF header, data chunk, fmt chunk.
  const fmt = wav.subarray(12, 36);
  const data = wav.subarray(36);
  const moved = new Uint8Array(wav.length);
  moved.set(wav.subarray(0, 12));
  moved.set(data, 12);
  moved.set(fmt, 12 + data.length);
  await fs.writeFileAtomic('/d/c.wav', moved);
  const info = await probeWav(fs, '/d/c.wav');
  assert.equal(info.frames, 200_000);
  assert.equal(info.dataOffset, 20);
  assert.ok(fs.bytesRead <= 2 * PROBE_WINDOW);
});

test('probeWav reports missing files, folders and bad headers as WavErrors naming the path', async () => {
  const fs = new MemoryFileSystem();
  await expectWavError(probeWav(fs, '/nope.wav'), 'not-found', '/nope.wav');
  await fs.mkdirp('/dir.wav');
  await expectWavError(probeWav(fs, '/dir.wav'), 'io', '/dir.wav');
  await fs.writeFileAtomic('/empty.wav', new Uint8Array(0));
  await expectWavError(probeWav(fs, '/empty.wav'), 'empty', '/empty.wav');
  const wav = encodeWav([testSignal(100_000, 16000)], 16000);
  await fs.writeFileAtomic('/cut.wav', wav.subarray(0, 150_000));
  await expectWavError(probeWav(fs, '/cut.wav'), 'truncated', '/cut.wav');
  await fs.writeFileAtomic('/text.wav', new TextEncoder().encode('just some text, no audio here'));
  await expectWavError(probeWav(fs, '/text.wav'), 'not-wav', '/text.wav');
});

test('probeWav works over the real file system', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ser-probe-'));
  try {
    const wav = encodeWav([testSignal(44100, 44100), testSignal(44100, 44100, 0.5, 3)], 44100, { encoding: 'pcm24' });
    writeFileSync(join(dir, 'x.wav'), wav);
    mkdirSync(join(dir, 'sub'));
    const fs = new NodeFileSystem();
    const info = await probeWav(fs, join(dir, 'x.wav'));
    assert.equal(info.channels, 2);
    assert.equal(info.encoding, 'pcm24');
    assert.equal(info.durationSeconds, 1);
    await expectWavError(probeWav(fs, join(dir, 'missing.wav')), 'not-found', join(dir, 'missing.wav'));
    await expectWavError(probeWav(fs, join(dir, 'sub')), 'io', join(dir, 'sub'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

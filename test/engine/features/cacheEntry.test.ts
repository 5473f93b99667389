import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamagedEntryError, decodeEntry, encodeEntry, ENTRY_HEADER_BYTES } from '../../../src/engine/features/cacheEntry';
import { configHash, entryKey, entryPath } from '../../../src/engine/features/cacheKey';
import { crc32, crc32Portable } from '../../../src/engine/features/crc32';
import { DEFAULT_FEATURE_CONFIG } from '../../../src/engine/features/featureConfig';
import { Prng } from '../../../src/engine/demo/prng';

const KEY = 'ab'.repeat(32);
const r = new Prng(1);
const matrix = { frames: 7, dims: 5, data: Float32Array.from({ length: 35 }, () => r.next() * 40 - 20) };

test('an entry round-trips its matrix and sample count exactly', () => {
  const bytes = encodeEntry(KEY, { matrix, samples: 1234 });
  assert.equal(bytes.length, ENTRY_HEADER_BYTES + 4 * 35);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'SERF');
  const back = decodeEntry(KEY, bytes);
  assert.deepEqual(back.matrix, matrix);
  assert.equal(back.samples, 1234);
  const empty = decodeEntry(KEY, encodeEntry(KEY, { matrix: { frames: 0, dims: 64, data: new Float32Array(0) }, samples: 0 }));
  assert.deepEqual([empty.matrix.frames, empty.matrix.dims], [0, 64]);
});

test('damage of every kind is detected with a reason, never decoded', () => {
  const good = encodeEntry(KEY, { matrix, samples: 99 });
  const damaged = (f: (b: Uint8Array) => Uint8Array | void): Uint8Array => {
    const b = good.slice();
    return f(b) ?? b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /truncated/],
    ['cut in the header', good.slice(0, 20), /truncated/],
    ['cut in the data', good.slice(0, good.length - 3), /truncated/],
    ['extra bytes', Uint8Array.from([...good, 0, 0, 0, 0]), /wrong size/],
    ['bad magic', damaged((b) => void (b[0] = 0x58)), /bad magic/],
    ['other version', damaged((b) => void (b[4] = 9)), /version 9/],
    ['frames changed', damaged((b) => void (b[8] = 8)), /truncated|wrong size/],
    ['one data bit flipped', damaged((b) => void (b[ENTRY_HEADER_BYTES + 17] ^= 4)), /checksum/],
    ['sample count changed', damaged((b) => void (b[18] ^= 1)), /checksum/],
    ['checksum changed', damaged((b) => void (b[41] ^= 1)), /checksum/],
    ['reserved field set', damaged((b) => void (b[45] = 1)), /header/],
  ];
  for (const [name, bytes, reason] of cases) {
    assert.throws(() => decodeEntry(KEY, bytes), (e: unknown) => e instanceof DamagedEntryError && reason.test(e.problem), name);
  }
  assert.throws(() => decodeEntry('cd'.repeat(32), good), /another key/);
});

test('crc32 is the standard CRC-32 in both implementations', () => {
  const text = new TextEncoder().encode('123456789');
  assert.equal(crc32(text), 0xcbf43926);
  assert.equal(crc32Portable(text), 0xcbf43926);
  const big = Uint8Array.from({ length: 100_003 }, () => Math.floor(r.next() * 256));
  assert.equal(crc32(big), crc32Portable(big));
  assert.equal(crc32(big.subarray(500), crc32(big.subarray(0, 500))), crc32(big));
  assert.equal(crc32Portable(big.subarray(500), crc32Portable(big.subarray(0, 500))), crc32(big));
});

test('keys change with the audio, the region and any config field, and not with field order', () => {
  const h = configHash(DEFAULT_FEATURE_CONFIG);
  const reordered = Object.fromEntries(Object.entries(DEFAULT_FEATURE_CONFIG).reverse()) as typeof DEFAULT_FEATURE_CONFIG;
  assert.equal(configHash(reordered), h);
  const keys = new Set([
    entryKey('a'.repeat(64), {}, h),
    entryKey('b'.repeat(64), {}, h),
    entryKey('a'.repeat(64), { start: 1 }, h),
    entryKey('a'.repeat(64), { end: 1 }, h),
    entryKey('a'.repeat(64), { start: 1, end: 2 }, h),
    entryKey('a'.repeat(64), { start: 1, end: 2.0000001 }, h),
    ...Object.keys(DEFAULT_FEATURE_CONFIG).map((k) => {
      const v = (DEFAULT_FEATURE_CONFIG as unknown as Record<string, unknown>)[k];
      const changed = typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : `${v}x`;
      return entryKey('a'.repeat(64), {}, configHash({ ...DEFAULT_FEATURE_CONFIG, [k]: changed }));
    }),
  ]);
  assert.equal(keys.size, 6 + Object.keys(DEFAULT_FEATURE_CONFIG).length);
  const k = entryKey('a'.repeat(64), {}, h);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(entryPath('/c', k), `/c/v1/${k.slice(0, 2)}/${k}.serf`);
});

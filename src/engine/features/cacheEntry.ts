/**
 * The on-disk form of one cached feature matrix (".serf"), little-endian, versioned and checksummed so a
 * damaged or foreign file is recognised, never trusted:
 *
 *   offset size  field
 *   0      4     magic "SERF"
 *   4      2     format version (ENTRY_FORMAT_VERSION)
 *   6      2     header length in bytes (48)
 *   8      4     frames
 *   12     4     dims
 *   16     8     audio samples the features were computed from, at the config's rate (float64)
 *   24     16    the first 16 bytes of the entry key: an entry copied or renamed to another key is refused
 *   40     4     CRC-32 of bytes 0..39 and of the payload
 *   44     4     reserved, zero
 *   48     4*frames*dims  float32 features, row-major (frame t, dim d at 48 + 4 (t dims + d))
 */
import { crc32 } from './crc32';
import type { FeatureMatrix } from './featureConfig';

export const ENTRY_MAGIC = 'SERF';
export const ENTRY_FORMAT_VERSION = 1;
export const ENTRY_HEADER_BYTES = 48;
const KEY_BYTES = 16;

/** What a cache entry holds. */
export interface CachedFeatures {
  matrix: FeatureMatrix;
  /** Samples of audio (at the config's rate) behind the features: seconds = samples / sampleRate. */
  samples: number;
}

/** Why an entry cannot be used; the entry is then recomputed and rewritten. */
export class DamagedEntryError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'DamagedEntryError';
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function keyPrefix(keyHex: string): Uint8Array {
  const b = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) b[i] = parseInt(keyHex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** The entry bytes of `value` under key `keyHex` (hex, at least 32 digits). */
export function encodeEntry(keyHex: string, value: CachedFeatures): Uint8Array {
  const { frames, dims, data } = value.matrix;
  if (data.length !== frames * dims) throw new RangeError(`encodeEntry: ${data.length} values for ${frames} x ${dims}`);
  const bytes = new Uint8Array(ENTRY_HEADER_BYTES + 4 * data.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = ENTRY_MAGIC.charCodeAt(i);
  view.setUint16(4, ENTRY_FORMAT_VERSION, true);
  view.setUint16(6, ENTRY_HEADER_BYTES, true);
  view.setUint32(8, frames, true);
  view.setUint32(12, dims, true);
  view.setFloat64(16, value.samples, true);
  bytes.set(keyPrefix(keyHex), 24);
  if (littleEndian) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ENTRY_HEADER_BYTES);
  else for (let i = 0; i < data.length; i++) view.setFloat32(ENTRY_HEADER_BYTES + 4 * i, data[i], true);
  view.setUint32(40, entryChecksum(bytes), true);
  return bytes;
}

function entryChecksum(bytes: Uint8Array): number {
  const head = crc32(bytes.subarray(0, 40));
  return crc32(bytes.subarray(ENTRY_HEADER_BYTES), head);
}

/**
 * Decodes and verifies entry bytes read from the cache for key `keyHex`; throws DamagedEntryError saying what
 * is wrong (too short, bad magic, other version, wrong size, other key, checksum mismatch).
 */
export function decodeEntry(keyHex: string, bytes: Uint8Array): CachedFeatures {
  if (bytes.length < ENTRY_HEADER_BYTES) throw new DamagedEntryError(`truncated: ${bytes.length} bytes, shorter than the ${ENTRY_HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== ENTRY_MAGIC) throw new DamagedEntryError(`bad magic ${JSON.stringify(magic)} (not a feature cache entry)`);
  const version = view.getUint16(4, true);
  if (version !== ENTRY_FORMAT_VERSION) throw new DamagedEntryError(`format version ${version}, expected ${ENTRY_FORMAT_VERSION}`);
  if (view.getUint16(6, true) !== ENTRY_HEADER_BYTES || view.getUint32(44, true) !== 0) throw new DamagedEntryError('bad header fields');
  const frames = view.getUint32(8, true);
  const dims = view.getUint32(12, true);
  const expected = ENTRY_HEADER_BYTES + 4 * frames * dims;
  if (bytes.length !== expected) {
    throw new DamagedEntryError(`${bytes.length < expected ? 'truncated' : 'wrong size'}: ${bytes.length} bytes, ${frames} x ${dims} features need ${expected}`);
  }
  const key = keyPrefix(keyHex);
  for (let i = 0; i < KEY_BYTES; i++) if (bytes[24 + i] !== key[i]) throw new DamagedEntryError('the entry belongs to another key');
  const stored = view.getUint32(40, true);
  if (entryChecksum(bytes) !== stored) throw new DamagedEntryError('checksum mismatch');
  const samples = view.getFloat64(16, true);
  if (!(samples >= 0)) throw new DamagedEntryError('bad sample count');
  const data = new Float32Array(frames * dims);
  if (littleEndian) new Uint8Array(data.buffer).set(bytes.subarray(ENTRY_HEADER_BYTES));
  else for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(ENTRY_HEADER_BYTES + 4 * i, true);
  return { matrix: { frames, dims, data }, samples };
}

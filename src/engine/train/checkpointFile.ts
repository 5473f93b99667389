/**
 * A training checkpoint in one file, written atomically after every epoch so that a killed or cancelled run
 * resumes where it stopped. Layout: "SERCKPT1", u32 header length, JSON header (epoch, counters, blob table,
 * SHA-256 of the payload), then the float32 payload. A torn or damaged checkpoint is detected and refused (the run
 * then starts its fold afresh) rather than resuming from garbage.
 */
import { createHash } from 'node:crypto';
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import type { TrainCheckpoint } from './trainer';

const MAGIC = 'SERCKPT1';

interface Blob {
  key: string;
  length: number;
}

export function encodeCheckpoint(c: TrainCheckpoint): Uint8Array {
  const blobs: [string, Float32Array][] = [];
  for (const [k, v] of c.weights) blobs.push([`w:${k}`, v]);
  for (const [k, v] of c.optimizer.m) blobs.push([`m:${k}`, v]);
  for (const [k, v] of c.optimizer.v) blobs.push([`v:${k}`, v]);
  for (const [k, v] of c.optimizer.ema ?? []) blobs.push([`e:${k}`, v]);
  if (c.best) for (const [k, v] of c.best.weights) blobs.push([`b:${k}`, v]);
  const total = blobs.reduce((n, [, v]) => n + v.length, 0);
  const payload = new Float32Array(total);
  let at = 0;
  for (const [, v] of blobs) {
    payload.set(v, at);
    at += v.length;
  }
  const payloadBytes = new Uint8Array(payload.buffer);
  const header = JSON.stringify({
    epoch: c.epoch,
    step: c.optimizer.step,
    rngState: c.rngState,
    sinceBest: c.sinceBest,
    best: c.best ? { epoch: c.best.epoch, UA: c.best.UA } : null,
    blobs: blobs.map(([key, v]): Blob => ({ key, length: v.length })),
    sha256: createHash('sha256').update(payloadBytes).digest('hex'),
  });
  const headBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + 4 + headBytes.length + payloadBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headBytes.length, true);
  out.set(headBytes, 12);
  out.set(payloadBytes, 12 + headBytes.length);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array, file: string): TrainCheckpoint {
  const bad = (why: string) => new SerError('corrupt', file, `checkpoint ${why}`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw bad('has no SERCKPT1 marker');
  const headLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (12 + headLen > bytes.length) throw bad('is truncated');
  let h: { epoch: number; step: number; rngState: number; sinceBest: number; best: { epoch: number; UA: number } | null; blobs: Blob[]; sha256: string };
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headLen)));
  } catch {
    throw bad('header is not valid JSON');
  }
  const payloadBytes = bytes.subarray(12 + headLen);
  const total = h.blobs.reduce((n, b) => n + b.length, 0);
  if (payloadBytes.length !== total * 4) throw bad(`payload holds ${payloadBytes.length} bytes, expected ${total * 4}`);
  if (createHash('sha256').update(payloadBytes).digest('hex') !== h.sha256) throw bad('checksum mismatch');
  const payload = new Float32Array(total);
  new Uint8Array(payload.buffer).set(payloadBytes);
  const maps = { w: new Map<string, Float32Array>(), m: new Map<string, Float32Array>(), v: new Map<string, Float32Array>(), e: new Map<string, Float32Array>(), b: new Map<string, Float32Array>() };
  let at = 0;
  for (const b of h.blobs) {
    const kind = b.key.slice(0, 1) as keyof typeof maps;
    if (!(kind in maps)) throw bad(`has an unknown blob ${JSON.stringify(b.key)}`);
    maps[kind].set(b.key.slice(2), payload.slice(at, at + b.length));
    at += b.length;
  }
  return {
    epoch: h.epoch,
    weights: maps.w,
    optimizer: { step: h.step, m: maps.m, v: maps.v, ...(maps.e.size ? { ema: maps.e } : {}) },
    rngState: h.rngState,
    best: h.best ? { ...h.best, weights: maps.b } : undefined,
    sinceBest: h.sinceBest,
  };
}

export async function writeCheckpoint(fs: FileSystem, file: string, c: TrainCheckpoint): Promise<void> {
  await fs.writeFileAtomic(file, encodeCheckpoint(c));
}

/** The checkpoint at `file`, or undefined when there is none; a damaged one is reported through `onDamaged`. */
export async function readCheckpoint(fs: FileSystem, file: string, onDamaged: (e: SerError) => void): Promise<TrainCheckpoint | undefined> {
  if (!(await fs.stat(file))) return undefined;
  try {
    return decodeCheckpoint(await fs.readFile(file), file);
  } catch (err) {
    if (err instanceof SerError) {
      onDamaged(err);
      return undefined;
    }
    throw err;
  }
}

// Builders for WAV test files the encoder cannot make (odd fmt chunks, lying sizes, missing pads) and a
// deterministic test signal. The in-memory FileSystem that counts reads is test/fixtures/memoryFileSystem.ts.

export interface RawChunk {
  id: string;
  data: Uint8Array;
  /** Overrides the size field (the data written stays `data`). */
  size?: number;
  /** Omit the pad byte after an odd-sized chunk, as some broken writers do. */
  noPad?: boolean;
}

/** A RIFF file from raw chunks; `riffSize` overrides the RIFF size field, `magic`/`form` the ids. */
export function buildRiff(chunks: RawChunk[], opts: { riffSize?: number; magic?: string; form?: string } = {}): Uint8Array {
  const body = chunks.reduce((n, c) => n + 8 + c.data.length + (c.noPad ? 0 : c.data.length & 1), 0);
  const out = new Uint8Array(12 + body);
  const v = new DataView(out.buffer);
  putId(out, 0, opts.magic ?? 'RIFF');
  v.setUint32(4, opts.riffSize ?? 4 + body, true);
  putId(out, 8, opts.form ?? 'WAVE');
  let p = 12;
  for (const c of chunks) {
    putId(out, p, c.id);
    v.setUint32(p + 4, c.size ?? c.data.length, true);
    out.set(c.data, p + 8);
    p += 8 + c.data.length + (c.noPad ? 0 : c.data.length & 1);
  }
  return out;
}

function putId(b: Uint8Array, at: number, id: string): void {
  for (let i = 0; i < 4; i++) b[at + i] = id.charCodeAt(i);
}

/** A fmt chunk body; blockAlign defaults to the consistent value, `extraBytes` appends a cbSize and zeros. */
export function fmtBody(f: { tag: number; channels: number; rate: number; bits: number; blockAlign?: number; extraBytes?: number }): Uint8Array {
  const extra = f.extraBytes ?? 0;
  const b = new Uint8Array(16 + extra);
  const v = new DataView(b.buffer);
  const blockAlign = f.blockAlign ?? f.channels * Math.ceil(f.bits / 8);
  v.setUint16(0, f.tag, true);
  v.setUint16(2, f.channels, true);
  v.setUint32(4, f.rate, true);
  v.setUint32(8, f.rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, f.bits, true);
  if (extra >= 2) v.setUint16(16, extra - 2, true);
  return b;
}

/** Offset of the first chunk `id` in a RIFF file (its header), or -1. */
export function chunkOffset(wav: Uint8Array, id: string): number {
  const v = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let p = 12;
  while (p + 8 <= wav.length) {
    const cid = String.fromCharCode(wav[p], wav[p + 1], wav[p + 2], wav[p + 3]);
    if (cid === id) return p;
    const size = v.getUint32(p + 4, true);
    p += 8 + size + (size & 1);
  }
  return -1;
}

/** Deterministic test signal: two sines and a slow chirp, peak below `amp`. */
export function testSignal(n: number, rate: number, amp = 0.9, seed = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    x[i] = amp * (0.5 * Math.sin(2 * Math.PI * (220 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * 1375 * t + seed) + 0.2 * Math.sin(2 * Math.PI * (50 + 400 * t) * t));
  }
  return x;
}


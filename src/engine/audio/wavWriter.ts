/**
 * WAV encoder. The engine writes the demo corpus with it; tests use it to build files of every encoding
 * and chunk layout the reader must accept.
 */

/** Sample encodings: integer PCM of 8/16/24/32 bits or IEEE float of 32/64 bits. */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

export interface WavWriteOptions {
  /** Default 'pcm16'. */
  encoding?: WavEncoding;
  /** Write a WAVE_FORMAT_EXTENSIBLE fmt chunk instead of the plain one. Default false. */
  extensible?: boolean;
  /** Chunks written between fmt and data (e.g. LIST, fact); odd sizes get their pad byte. */
  chunksBeforeData?: { id: string; data: Uint8Array }[];
  /** Chunks written after data. */
  chunksAfterData?: { id: string; data: Uint8Array }[];
}

const BITS: Record<WavEncoding, number> = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32, float64: 64 };

/** Encodes channels (each a Float32Array in [-1, 1], equal lengths) at `sampleRate` Hz. */
export function encodeWav(channels: Float32Array[], sampleRate: number, options: WavWriteOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'pcm16';
  const nch = channels.length;
  if (nch === 0) throw new RangeError('encodeWav needs at least one channel');
  const frames = channels[0].length;
  const bits = BITS[encoding];
  const bytesPer = bits / 8;
  const blockAlign = nch * bytesPer;
  const isFloat = encoding.startsWith('float');
  const formatTag = isFloat ? 3 : 1;

  const fmt = new DataView(new ArrayBuffer(options.extensible ? 40 : 16));
  fmt.setUint16(0, options.extensible ? 0xfffe : formatTag, true);
  fmt.setUint16(2, nch, true);
  fmt.setUint32(4, sampleRate, true);
  fmt.setUint32(8, sampleRate * blockAlign, true);
  fmt.setUint16(12, blockAlign, true);
  fmt.setUint16(14, bits, true);
  if (options.extensible) {
    fmt.setUint16(16, 22, true); // cbSize
    fmt.setUint16(18, bits, true); // valid bits
    fmt.setUint32(20, nch === 1 ? 0x4 : nch === 2 ? 0x3 : 0, true); // channel mask
    // SubFormat GUID: first two bytes are the format tag, then the fixed KSDATAFORMAT suffix.
    const guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    fmt.setUint16(24, formatTag, true);
    guidTail.forEach((b, i) => fmt.setUint8(26 + i, b));
  }

  const data = new Uint8Array(frames * blockAlign);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const x = Math.max(-1, Math.min(1, channels[c][i]));
      const o = (i * nch + c) * bytesPer;
      switch (encoding) {
        case 'pcm8': dv.setUint8(o, Math.round(x * 127) + 128); break;
        case 'pcm16': dv.setInt16(o, Math.round(x * 32767), true); break;
        case 'pcm24': {
          const v = Math.round(x * 8388607);
          dv.setUint8(o, v & 0xff); dv.setUint8(o + 1, (v >> 8) & 0xff); dv.setUint8(o + 2, (v >> 16) & 0xff);
          break;
        }
        case 'pcm32': dv.setInt32(o, Math.round(x * 2147483647), true); break;
        case 'float32': dv.setFloat32(o, x, true); break;
        case 'float64': dv.setFloat64(o, x, true); break;
        default: { const never: never = encoding; throw new Error(`unknown encoding ${String(never)}`); }
      }
    }
  }

  const chunks: { id: string; data: Uint8Array }[] = [
    { id: 'fmt ', data: new Uint8Array(fmt.buffer) },
    ...(options.chunksBeforeData ?? []),
    { id: 'data', data },
    ...(options.chunksAfterData ?? []),
  ];
  const body = chunks.reduce((n, c) => n + 8 + c.data.length + (c.data.length & 1), 0);
  const out = new Uint8Array(12 + body);
  const ov = new DataView(out.buffer);
  writeId(out, 0, 'RIFF');
  ov.setUint32(4, 4 + body, true);
  writeId(out, 8, 'WAVE');
  let p = 12;
  for (const c of chunks) {
    writeId(out, p, c.id);
    ov.setUint32(p + 4, c.data.length, true);
    out.set(c.data, p + 8);
    p += 8 + c.data.length + (c.data.length & 1); // RIFF pads odd chunks to an even boundary
  }
  return out;
}

function writeId(buf: Uint8Array, at: number, id: string): void {
  for (let i = 0; i < 4; i++) buf[at + i] = id.charCodeAt(i);
}

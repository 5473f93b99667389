/**
 * The WAV fmt chunk: reading it and deciding whether its sample encoding is one this reader decodes.
 * Absurd values are rejected here, before anything is sized from them.
 */
import { WavError } from '../errors';
import type { WavEncoding } from './wavWriter';

/** Upper bound on channels; real multichannel recordings stay far below it, fuzzed headers do not. */
export const MAX_CHANNELS = 1024;
/** Upper bound on the sample rate in Hz (1 MHz). */
export const MAX_SAMPLE_RATE = 1_000_000;
/** Bytes of the fmt chunk this reader looks at (the WAVE_FORMAT_EXTENSIBLE layout); larger chunks are fine. */
export const FMT_BYTES_USED = 40;

const TAG_PCM = 0x0001;
const TAG_FLOAT = 0x0003;
const TAG_EXTENSIBLE = 0xfffe;

/** Names of common tags, so an 'unsupported' error says what the file actually is. */
const TAG_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0022: 'TrueSpeech',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG audio',
  0x0055: 'MPEG Layer 3',
  0x0092: 'Dolby AC-3 SPDIF',
  0x0161: 'Windows Media Audio',
  0x0162: 'Windows Media Audio Pro',
  0x00ff: 'AAC',
  0x1610: 'MPEG-4 AAC',
  0x2000: 'Dolby AC-3',
  0xf1ac: 'FLAC',
};

/** The KSDATAFORMAT_SUBTYPE_* GUID after its first two bytes (which carry the plain format tag). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** A validated fmt chunk. */
export interface WavFormat {
  encoding: WavEncoding;
  channels: number;
  /** Hz. */
  sampleRate: number;
  /** Bytes per frame (all channels of one sample instant). */
  blockAlign: number;
}

const BYTES: Record<WavEncoding, number> = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 };

/** Bytes one sample of one channel takes in `encoding`. */
export function bytesPerSample(encoding: WavEncoding): number {
  return BYTES[encoding];
}

function tagName(tag: number): string {
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return TAG_NAMES[tag] ? `${TAG_NAMES[tag]} (format tag ${hex})` : `format tag ${hex}`;
}

function guidText(b: Uint8Array, at: number): string {
  const h = (i: number) => b[at + i].toString(16).padStart(2, '0');
  const le = (idx: number[]) => idx.map(h).join('');
  return `{${le([3, 2, 1, 0])}-${le([5, 4])}-${le([7, 6])}-${le([8, 9])}-${le([10, 11, 12, 13, 14, 15])}}`;
}

/**
 * Reads and validates the fmt chunk whose body starts at `at` in `bytes` (at least min(size, 40) bytes present).
 * Throws WavError: 'corrupt' for impossible values, 'unsupported' for encodings this reader does not decode.
 */
export function readWavFormat(bytes: Uint8Array, at: number, size: number, file: string): WavFormat {
  if (size < 16) throw new WavError('corrupt', file, `fmt chunk is ${size} bytes; it needs at least 16`);
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, Math.min(size, FMT_BYTES_USED));
  let tag = v.getUint16(0, true);
  const channels = v.getUint16(2, true);
  const sampleRate = v.getUint32(4, true);
  const blockAlign = v.getUint16(12, true);
  const bits = v.getUint16(14, true);

  if (channels === 0) throw new WavError('corrupt', file, 'fmt chunk declares 0 channels');
  if (channels > MAX_CHANNELS) {
    throw new WavError('corrupt', file, `fmt chunk declares ${channels} channels (more than ${MAX_CHANNELS} is not plausible audio)`);
  }
  if (sampleRate === 0) throw new WavError('corrupt', file, 'fmt chunk declares a sample rate of 0 Hz');
  if (sampleRate > MAX_SAMPLE_RATE) {
    throw new WavError('corrupt', file, `fmt chunk declares a sample rate of ${sampleRate} Hz (above the 1 MHz limit)`);
  }

  if (tag === TAG_EXTENSIBLE) {
    if (size < FMT_BYTES_USED) {
      throw new WavError('corrupt', file, `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes; it needs ${FMT_BYTES_USED}`);
    }
    const g = at + 24;
    for (let i = 0; i < GUID_TAIL.length; i++) {
      if (bytes[g + 2 + i] !== GUID_TAIL[i]) {
        throw new WavError('unsupported', file, `WAVE_FORMAT_EXTENSIBLE SubFormat ${guidText(bytes, g)} is neither PCM nor IEEE float`);
      }
    }
    tag = v.getUint16(24, true);
    if (tag === TAG_EXTENSIBLE) throw new WavError('corrupt', file, 'WAVE_FORMAT_EXTENSIBLE SubFormat names itself');
  }

  let encoding: WavEncoding;
  if (tag === TAG_PCM) {
    if (bits === 0) throw new WavError('corrupt', file, 'fmt chunk declares 0 bits per sample');
    if (bits > 32) throw new WavError('unsupported', file, `${bits}-bit integer PCM is not supported (8, 16, 24 or 32 bits are)`);
    // Depths like 12 or 20 bits sit left-justified in the next whole-byte container, so they decode as it.
    const container = Math.ceil(bits / 8);
    encoding = container === 1 ? 'pcm8' : container === 2 ? 'pcm16' : container === 3 ? 'pcm24' : 'pcm32';
  } else if (tag === TAG_FLOAT) {
    if (bits === 32) encoding = 'float32';
    else if (bits === 64) encoding = 'float64';
    else if (bits === 0) throw new WavError('corrupt', file, 'fmt chunk declares 0 bits per sample');
    else throw new WavError('unsupported', file, `${bits}-bit IEEE float is not supported (32 or 64 bits are)`);
  } else {
    throw new WavError('unsupported', file, `${tagName(tag)} is not supported; only PCM and IEEE float WAV files are`);
  }

  const expected = channels * BYTES[encoding];
  if (blockAlign !== expected) {
    throw new WavError(
      'corrupt',
      file,
      `block align ${blockAlign} does not match ${channels} channel(s) of ${BYTES[encoding] * 8}-bit samples (${expected} bytes per frame)`,
    );
  }
  return { encoding, channels, sampleRate, blockAlign };
}

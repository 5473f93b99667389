// Rewrites an 8-bit RGB(A) PNG (a Chromium screenshot) as a palette PNG of at most 256 colours, compressed at zlib
// level 9: a UI screenshot shrinks two to three times, which keeps the README's overview image small without an
// image library. Colours are chosen by median cut over a 15-bit histogram; no dithering (flat UI colours stay exact).
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** { width, height, rgb: Uint8Array (3 bytes a pixel) } of an 8-bit, non-interlaced RGB or RGBA PNG. */
export function decodePng(buf) {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let type = 0;
  const idat = [];
  for (let p = 8; p < buf.length; ) {
    const len = buf.readUInt32BE(p);
    const kind = buf.toString('latin1', p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      type = data[9];
      if (data[8] !== 8 || (type !== 2 && type !== 6) || data[12] !== 0) throw new Error('only 8-bit non-interlaced RGB/RGBA PNGs');
    } else if (kind === 'IDAT') idat.push(data);
    p += 12 + len;
  }
  const bpp = type === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const img = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? img[row + x - bpp] : 0;
      const b = y > 0 ? img[row - stride + x] : 0;
      const c = x >= bpp && y > 0 ? img[row - stride + x - bpp] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      img[row + x] = v & 255;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < img.length; i += bpp, j += 3) {
    rgb[j] = img[i];
    rgb[j + 1] = img[i + 1];
    rgb[j + 2] = img[i + 2];
  }
  return { width, height, rgb };
}

/** Up to `n` colours for the pixels (median cut over a 5-bit-per-channel histogram) and each bucket's colour index. */
function quantize(rgb, n = 256) {
  const count = new Float64Array(32768);
  const sum = new Float64Array(32768 * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    const k = ((rgb[i] >> 3) << 10) | ((rgb[i + 1] >> 3) << 5) | (rgb[i + 2] >> 3);
    count[k]++;
    sum[k * 3] += rgb[i];
    sum[k * 3 + 1] += rgb[i + 1];
    sum[k * 3 + 2] += rgb[i + 2];
  }
  const used = [];
  for (let k = 0; k < 32768; k++) if (count[k]) used.push(k);
  const mean = (k, c) => sum[k * 3 + c] / count[k];
  let boxes = [used];
  while (boxes.length < n) {
    // Split the box with the most pixels times its widest channel range, at its weighted median.
    let best = -1;
    let bestScore = 0;
    let bestChannel = 0;
    boxes.forEach((box, i) => {
      if (box.length < 2) return;
      let pixels = 0;
      const lo = [255, 255, 255];
      const hi = [0, 0, 0];
      for (const k of box) {
        pixels += count[k];
        for (let c = 0; c < 3; c++) {
          const v = mean(k, c);
          if (v < lo[c]) lo[c] = v;
          if (v > hi[c]) hi[c] = v;
        }
      }
      const ranges = hi.map((h, c) => h - lo[c]);
      const channel = ranges.indexOf(Math.max(...ranges));
      const score = Math.sqrt(pixels) * ranges[channel];
      if (score > bestScore) {
        bestScore = score;
        best = i;
        bestChannel = channel;
      }
    });
    if (best < 0) break;
    const box = boxes[best].sort((a, b) => mean(a, bestChannel) - mean(b, bestChannel));
    const half = box.reduce((s, k) => s + count[k], 0) / 2;
    let acc = 0;
    let cut = 1;
    for (; cut < box.length - 1; cut++) {
      acc += count[box[cut - 1]];
      if (acc >= half) break;
    }
    boxes = [...boxes.slice(0, best), box.slice(0, cut), box.slice(cut), ...boxes.slice(best + 1)];
  }
  const palette = boxes.map((box) => {
    let w = 0;
    const s = [0, 0, 0];
    for (const k of box) {
      w += count[k];
      for (let c = 0; c < 3; c++) s[c] += sum[k * 3 + c];
    }
    return s.map((v) => Math.round(v / w));
  });
  const index = new Uint8Array(32768);
  for (const k of used) {
    let bi = 0;
    let bd = Infinity;
    palette.forEach((p, i) => {
      const d = (p[0] - mean(k, 0)) ** 2 + (p[1] - mean(k, 1)) ** 2 + (p[2] - mean(k, 2)) ** 2;
      if (d < bd) {
        bd = d;
        bi = i;
      }
    });
    index[k] = bi;
  }
  return { palette, index };
}

function chunk(kind, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

let table;
function crc32(buf) {
  table ??= Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const b of buf) c = table[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Writes `file` (an RGB/RGBA PNG) to `out` as a palette PNG; returns the sizes before and after, bytes. */
export function writePalettePng(file, out) {
  const src = readFileSync(file);
  const { width, height, rgb } = decodePng(src);
  const { palette, index } = quantize(rgb);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0, p = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++, p += 3) raw[y * (width + 1) + 1 + x] = index[((rgb[p] >> 3) << 10) | ((rgb[p + 1] >> 3) << 5) | (rgb[p + 2] >> 3)];
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  const png = Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('PLTE', Buffer.from(palette.flat())), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
  writeFileSync(out, png);
  return { before: src.length, after: png.length };
}

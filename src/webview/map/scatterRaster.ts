/**
 * Draws the map's points straight into an RGBA pixel buffer: each point is a small anti-aliased disc stamped
 * from a precomputed mask, colours blended by hand. One pass over typed arrays, no per-point canvas calls and no
 * DOM: 50k points take a few milliseconds on the CPU, so pan and zoom redraw every frame without a GPU (VS Code
 * may run with GPU acceleration off). Pure, so it is unit-tested in Node.
 */

/** A disc of radius r (device pixels): offsets and coverage (0..255) of the pixels it touches. */
export interface Stamp {
  dx: Int16Array;
  dy: Int16Array;
  cover: Uint8Array;
  radius: number;
}

export function discStamp(radius: number): Stamp {
  const R = Math.ceil(radius + 0.5);
  const dx: number[] = [];
  const dy: number[] = [];
  const cover: number[] = [];
  for (let y = -R; y <= R; y++) {
    for (let x = -R; x <= R; x++) {
      // Coverage from the distance of the pixel centre to the edge: a one-pixel soft rim.
      const c = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x, y)));
      if (c <= 0) continue;
      dx.push(x);
      dy.push(y);
      cover.push(Math.round(c * 255));
    }
  }
  return { dx: Int16Array.from(dx), dy: Int16Array.from(dy), cover: Uint8Array.from(cover), radius };
}

/** Colours as 0xAABBGGRR (the little-endian layout of RGBA bytes in a Uint32Array view of ImageData). */
export function packColour(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export interface RasterInput {
  /** n x 2 world coordinates. */
  coords: Float32Array;
  /** Category of each point (index into palette), or `noCategory`. */
  codes: Uint16Array;
  noCategory: number;
  /** Packed colour per category; `missing` for points without a category. */
  palette: Uint32Array;
  missing: number;
  /** Per category: 0 = hidden. */
  visible?: Uint8Array;
  /** Per point: 1 = drawn dimmed (there is a selection and it is not in it). */
  dimmed?: Uint8Array;
  /** Opacity of dimmed points, 0..255. */
  dimAlpha?: number;
  /** Order to draw in (later on top). */
  order: Uint32Array;
  /** world -> device pixels: px = (x - cx) * s + ox, py = oy - (y - cy) * s. */
  cx: number;
  cy: number;
  s: number;
  ox: number;
  oy: number;
  stamp: Stamp;
}

/** Draws `input` over `pixels` (width x height, already filled with the background). Returns the points drawn. */
export function rasterize(pixels: Uint32Array, width: number, height: number, input: RasterInput): number {
  const { coords, codes, palette, order, stamp, cx, cy, s, ox, oy } = input;
  const dimAlpha = input.dimAlpha ?? 60;
  const visible = input.visible;
  const dimmed = input.dimmed;
  const R = Math.ceil(stamp.radius + 0.5);
  const { dx, dy, cover } = stamp;
  const m = cover.length;
  // Linear offsets of the stamp's pixels, for points whose whole stamp is on screen (nearly all of them).
  const offset = new Int32Array(m);
  for (let j = 0; j < m; j++) offset[j] = dy[j] * width + dx[j];
  let drawn = 0;
  // Dimmed points first, so the selection is never hidden under them.
  for (let pass = 0; pass < (dimmed ? 2 : 1); pass++) {
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const dim = dimmed !== undefined && dimmed[i] === 1;
      if (dimmed && dim !== (pass === 0)) continue;
      const code = codes[i];
      if (code !== input.noCategory && visible && visible[code] === 0) continue;
      const px = Math.round((coords[2 * i] - cx) * s + ox);
      const py = Math.round(oy - (coords[2 * i + 1] - cy) * s);
      if (!(px >= -R && py >= -R && px < width + R && py < height + R)) continue; // also drops NaN
      const colour = code === input.noCategory ? input.missing : palette[code];
      // Opacity 0..256 for integer blending (255 -> 256, so a fully covered opaque pixel is written solid).
      const a8 = dim ? dimAlpha : colour >>> 24;
      const alpha = a8 + (a8 >>> 7);
      const cr = colour & 0xff;
      const cg = (colour >>> 8) & 0xff;
      const cb = (colour >>> 16) & 0xff;
      const solid = 0xff000000 | (cb << 16) | (cg << 8) | cr;
      const inside = px >= R && py >= R && px < width - R && py < height - R;
      const base = py * width + px;
      for (let j = 0; j < m; j++) {
        let o: number;
        if (inside) {
          o = base + offset[j];
        } else {
          const x = px + dx[j];
          const y = py + dy[j];
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          o = y * width + x;
        }
        const t = (cover[j] * alpha + 128) >>> 8;
        if (t >= 255) {
          pixels[o] = solid;
          continue;
        }
        const d = pixels[o];
        const u = 256 - t;
        const r = ((d & 0xff) * u + cr * t) >>> 8;
        const g = (((d >>> 8) & 0xff) * u + cg * t) >>> 8;
        const b = (((d >>> 16) & 0xff) * u + cb * t) >>> 8;
        pixels[o] = (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
      }
      drawn++;
    }
  }
  return drawn;
}

/** A deterministic shuffle of 0..n-1, so no corpus order (session, class) systematically paints over another. */
export function drawOrder(n: number, seed = 1): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let x = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

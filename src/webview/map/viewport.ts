/**
 * The map's view transform: world (projection units, y up) to screen (CSS pixels, y down). Pure, so the maths is
 * tested without a browser.
 */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Smallest and largest zoom relative to the fitted view. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 2000;

export class Viewport {
  /** World point at the centre of the screen. */
  cx = 0;
  cy = 0;
  /** CSS pixels per world unit. */
  scale = 1;
  /** The scale that fits the data; zoom limits are relative to it. */
  fitScale = 1;

  constructor(
    public width = 1,
    public height = 1,
  ) {}

  /** Centres `b` with `margin` (fraction of the size) around it. */
  fit(b: Bounds, margin = 0.05): void {
    const w = Math.max(b.maxX - b.minX, 1e-9);
    const h = Math.max(b.maxY - b.minY, 1e-9);
    this.cx = (b.minX + b.maxX) / 2;
    this.cy = (b.minY + b.maxY) / 2;
    this.scale = this.fitScale = Math.min(this.width / (w * (1 + 2 * margin)), this.height / (h * (1 + 2 * margin)));
  }

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  toScreenX(x: number): number {
    return (x - this.cx) * this.scale + this.width / 2;
  }

  toScreenY(y: number): number {
    return this.height / 2 - (y - this.cy) * this.scale;
  }

  toWorldX(sx: number): number {
    return (sx - this.width / 2) / this.scale + this.cx;
  }

  toWorldY(sy: number): number {
    return this.cy - (sy - this.height / 2) / this.scale;
  }

  /** Moves the view by a drag of (dx, dy) screen pixels. */
  pan(dx: number, dy: number): void {
    this.cx -= dx / this.scale;
    this.cy += dy / this.scale;
  }

  /** Zooms by `factor` keeping the world point under (sx, sy) where it is on screen. */
  zoomAt(sx: number, sy: number, factor: number): void {
    const wx = this.toWorldX(sx);
    const wy = this.toWorldY(sy);
    const next = Math.min(this.fitScale * MAX_ZOOM, Math.max(this.fitScale * MIN_ZOOM, this.scale * factor));
    this.scale = next;
    this.cx = wx - (sx - this.width / 2) / next;
    this.cy = wy + (sy - this.height / 2) / next;
  }

  /** Zoom relative to the fitted view (1 = fit). */
  get zoom(): number {
    return this.scale / this.fitScale;
  }
}

/** Bounds of n x 2 row-major coordinates, skipping non-finite values. */
export function boundsOf(coords: Float32Array): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX === Infinity ? { minX: -1, minY: -1, maxX: 1, maxY: 1 } : { minX, minY, maxX, maxY };
}

/**
 * A uniform grid over the map's points (world coordinates), built once per projection in O(n) by counting sort:
 * hover finds the nearest point and box/lasso selection the points in a rectangle without scanning all 50k.
 */
import { boundsOf, type Bounds } from './viewport';

export class PointGrid {
  readonly bounds: Bounds;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellW: number;
  private readonly cellH: number;
  /** cellStart[c]..cellStart[c+1] index `items` for cell c. */
  private readonly cellStart: Uint32Array;
  private readonly items: Uint32Array;

  /** `coords` is n x 2 row-major; about `perCell` points per cell on average. */
  constructor(
    private readonly coords: Float32Array,
    perCell = 4,
  ) {
    const n = coords.length / 2;
    this.bounds = boundsOf(coords);
    const side = Math.max(1, Math.ceil(Math.sqrt(n / perCell)));
    this.cols = side;
    this.rows = side;
    this.cellW = Math.max((this.bounds.maxX - this.bounds.minX) / side, 1e-12);
    this.cellH = Math.max((this.bounds.maxY - this.bounds.minY) / side, 1e-12);
    const cellOf = new Int32Array(n);
    const counts = new Uint32Array(side * side + 1);
    for (let i = 0; i < n; i++) {
      const x = coords[2 * i];
      const y = coords[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        cellOf[i] = -1;
        continue;
      }
      const c = this.cell(this.col(x), this.row(y));
      cellOf[i] = c;
      counts[c + 1]++;
    }
    for (let c = 0; c < side * side; c++) counts[c + 1] += counts[c];
    this.cellStart = counts.slice();
    this.items = new Uint32Array(counts[side * side]);
    const fill = counts.slice(0, side * side);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) this.items[fill[cellOf[i]]++] = i;
  }

  /**
   * `order` regrouped cell by cell (rows of cells, keeping `order` within each cell): drawing in this order walks
   * the pixel buffer nearly sequentially, several times faster than a random order, while points that can overlap
   * (same cell) still overlap in `order`'s (shuffled) order.
   */
  localOrder(order: Uint32Array): Uint32Array {
    const n = this.coords.length / 2;
    const cellOf = new Int32Array(n).fill(-1);
    for (let c = 0; c < this.cols * this.rows; c++) for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) cellOf[this.items[k]] = c;
    const fill = this.cellStart.slice(0, this.cols * this.rows);
    const out = new Uint32Array(this.items.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const c = cellOf[i];
      if (c >= 0) out[fill[c]++] = i;
    }
    return out;
  }

  /**
   * The point nearest (x, y) within `maxDist` (world units) that `accept` allows; -1 when none. Searches rings
   * of cells outwards and stops once no nearer point can lie in the next ring.
   */
  nearest(x: number, y: number, maxDist: number, accept?: (i: number) => boolean): number {
    const c0 = this.col(x);
    const r0 = this.row(y);
    let best = -1;
    let bestD2 = maxDist * maxDist;
    const maxRing = Math.max(Math.ceil(maxDist / this.cellW), Math.ceil(maxDist / this.cellH)) + 1;
    for (let ring = 0; ring <= Math.min(maxRing, this.cols + this.rows); ring++) {
      for (let r = r0 - ring; r <= r0 + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edge = r === r0 - ring || r === r0 + ring;
        for (let c = c0 - ring; c <= c0 + ring; c += edge ? 1 : 2 * ring || 1) {
          if (c < 0 || c >= this.cols) continue;
          const cell = this.cell(c, r);
          for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
            const i = this.items[k];
            const dx = this.coords[2 * i] - x;
            const dy = this.coords[2 * i + 1] - y;
            const d2 = dx * dx + dy * dy;
            if (d2 < bestD2 && (!accept || accept(i))) {
              bestD2 = d2;
              best = i;
            }
          }
        }
      }
      // Every point in ring+1 is at least ring cells away.
      const reach = ring * Math.min(this.cellW, this.cellH);
      if (best >= 0 && reach * reach > bestD2) break;
    }
    return best;
  }

  /** Calls `visit` for every point in the rectangle (world units, inclusive). */
  inRect(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    const [ax, bx] = x0 <= x1 ? [x0, x1] : [x1, x0];
    const [ay, by] = y0 <= y1 ? [y0, y1] : [y1, y0];
    for (let r = this.row(ay); r <= this.row(by); r++) {
      for (let c = this.col(ax); c <= this.col(bx); c++) {
        const cell = this.cell(c, r);
        for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
          const i = this.items[k];
          const x = this.coords[2 * i];
          const y = this.coords[2 * i + 1];
          if (x >= ax && x <= bx && y >= ay && y <= by) visit(i);
        }
      }
    }
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.bounds.minX) / this.cellW)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.bounds.minY) / this.cellH)));
  }

  private cell(c: number, r: number): number {
    return r * this.cols + c;
  }
}

/** Points of `grid` inside the polygon (world coordinates, closed implicitly), by the even-odd rule. */
export function pointsInPolygon(grid: PointGrid, coords: Float32Array, polygon: readonly [number, number][]): number[] {
  if (polygon.length < 3) return [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of polygon) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const out: number[] = [];
  grid.inRect(x0, y0, x1, y1, (i) => {
    if (insidePolygon(coords[2 * i], coords[2 * i + 1], polygon)) out.push(i);
  });
  return out.sort((a, b) => a - b);
}

export function insidePolygon(x: number, y: number, polygon: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

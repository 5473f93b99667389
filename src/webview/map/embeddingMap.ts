/**
 * <ser-embedding-map>: the scatter of every utterance on two stacked canvases. The points are rasterised into a
 * pixel buffer (scatterRaster.ts) only when the view, the colours or the selection change; the overlay canvas
 * (hover ring, keyboard cursor, box or lasso being drawn) redraws alone. Pan with a drag or the arrow keys, zoom
 * with the wheel or +/-, select with a box or a lasso (Shift = box, Alt = lasso in pan mode; Ctrl adds).
 */
import { LitElement, css, html } from 'lit';
import { NO_CATEGORY } from '../../shared/views/mapMessages';
import { cssVar, onThemeChange, rgba } from '../common/theme';
import { PointGrid, pointsInPolygon } from './pointGrid';
import { discStamp, drawOrder, packColour, rasterize, type Stamp } from './scatterRaster';
import { Viewport } from './viewport';

export type MapMode = 'pan' | 'box' | 'lasso';

/** What the map draws: coordinates and one colouring. */
export interface MapLayer {
  coords: Float32Array;
  codes: Uint16Array;
  /** CSS colour per category. */
  colours: string[];
}

/** Timings the tests and the performance report read. */
export interface MapStats {
  /** Raster redraws so far. */
  draws: number;
  /** Points drawn by the last redraw. */
  pointsDrawn: number;
  /** Duration of the last redraw (rasterise + putImageData), ms. */
  lastDrawMs: number;
  /** performance.now() when the first redraw of the current points finished. */
  firstDrawAt: number;
  /** The last redraw was at one pixel per CSS pixel (view moving on a HiDPI screen). */
  lowResolution: boolean;
}

/** Hover and click reach: CSS pixels from the point's centre. */
const PICK_RADIUS = 8;
/** Point radius, CSS pixels. */
const POINT_RADIUS = 2.2;
/** The keyboard cross picks the nearest point this far away (CSS px). */
const KEYBOARD_PICK_RADIUS = 60;
/** The view counts as resting this long (ms) after the last pan or zoom. */
const REST_MS = 150;
/** Below this pointer travel (CSS px) a press is a click. */
const CLICK_SLOP = 4;

export class EmbeddingMapElement extends LitElement {
  static override properties = {
    layer: { attribute: false },
    selection: { attribute: false },
    hiddenCategories: { attribute: false },
    mode: { type: String },
    label: { type: String },
  };

  layer: MapLayer | undefined;
  /** Per point: 1 = selected; undefined = no selection. */
  selection: Uint8Array | undefined;
  /** Per category: 0 = hidden (legend toggles). */
  hiddenCategories: Uint8Array | undefined;
  mode: MapMode = 'pan';
  /** Accessible description. */
  label = 'Embedding map';

  readonly stats: MapStats = { draws: 0, pointsDrawn: 0, lastDrawMs: 0, firstDrawAt: 0, lowResolution: false };
  readonly viewport = new Viewport();

  private base!: HTMLCanvasElement;
  private overlay!: HTMLCanvasElement;
  private grid: PointGrid | undefined;
  private order: Uint32Array = new Uint32Array(0);
  private pixels: ImageData | undefined;
  private dpr = 1;
  private stamp: Stamp = discStamp(POINT_RADIUS);
  private rasterDirty = true;
  private frame = 0;
  private hover = -1;
  private drag: { kind: MapMode; x0: number; y0: number; x: number; y: number; add: boolean; path: [number, number][]; moved: boolean; id: number } | undefined;
  private keyboardCursor = false;
  private resizeObserver: ResizeObserver | undefined;
  private coordsSeen: Float32Array | undefined;
  private unwatchTheme: (() => void) | undefined;
  private interacting = false;
  private overlayEmpty = false;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  /** One pixel per CSS pixel, for drawing while the view moves on a HiDPI screen. */
  private low: { pixels: ImageData; canvas: HTMLCanvasElement; stamp: Stamp } | undefined;
  /** New points arrived before the element had a size: fit them once it has one. */
  private needsFit = false;

  static override styles = css`
    :host { display: block; position: relative; min-height: 200px; outline: none; }
    :host(:focus-visible) { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
    canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
    canvas.overlay { touch-action: none; }
    :host([mode='pan']) canvas.overlay { cursor: grab; }
    :host([mode='box']) canvas.overlay, :host([mode='lasso']) canvas.overlay { cursor: crosshair; }
  `;

  override render() {
    return html`<canvas class="base" aria-hidden="true"></canvas><canvas class="overlay" aria-hidden="true"></canvas>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tabIndex = 0;
    this.setAttribute('role', 'application');
    this.setAttribute('aria-roledescription', 'embedding map');
    this.addEventListener('keydown', this.onKey);
    this.addEventListener('focus', this.onFocus);
    this.addEventListener('blur', this.onBlur);
    this.unwatchTheme = onThemeChange(this.ownerDocument, () => this.invalidate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
    this.removeEventListener('focus', this.onFocus);
    this.removeEventListener('blur', this.onBlur);
    this.unwatchTheme?.();
    this.resizeObserver?.disconnect();
    const o = this.overlay;
    if (o) {
      o.removeEventListener('pointerdown', this.onDown);
      o.removeEventListener('pointermove', this.onMove);
      o.removeEventListener('pointerup', this.onUp);
      o.removeEventListener('pointercancel', this.onUp);
      o.removeEventListener('pointerleave', this.onLeave);
      o.removeEventListener('wheel', this.onWheel);
    }
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.restTimer) clearTimeout(this.restTimer);
    this.restTimer = undefined;
    this.interacting = false;
  }

  protected override firstUpdated(): void {
    this.base = this.renderRoot.querySelector('canvas.base')!;
    this.overlay = this.renderRoot.querySelector('canvas.overlay')!;
    const o = this.overlay;
    o.addEventListener('pointerdown', this.onDown);
    o.addEventListener('pointermove', this.onMove);
    o.addEventListener('pointerup', this.onUp);
    o.addEventListener('pointercancel', this.onUp);
    o.addEventListener('pointerleave', this.onLeave);
    o.addEventListener('wheel', this.onWheel, { passive: false });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this);
    this.resize();
  }

  protected override updated(changed: Map<string, unknown>): void {
    this.setAttribute('aria-label', this.label);
    if (changed.has('layer') && this.layer && this.layer.coords !== this.coordsSeen) {
      // New points: index them and fit the view; a new colouring of the same points keeps the view.
      this.coordsSeen = this.layer.coords;
      this.grid = new PointGrid(this.layer.coords);
      this.order = this.grid.localOrder(drawOrder(this.layer.coords.length / 2));
      this.needsFit = this.viewport.width <= 1;
      if (!this.needsFit) this.viewport.fit(this.grid.bounds);
      this.stats.firstDrawAt = 0;
      this.hover = -1;
    }
    if (changed.has('layer') || changed.has('selection') || changed.has('hiddenCategories')) this.invalidate();
  }

  /** Fits every point in view. */
  resetView(): void {
    if (this.grid) this.viewport.fit(this.grid.bounds);
    this.invalidate();
  }

  /** Pans by (dx, dy) CSS pixels and zooms by `factor` about the centre (scripted navigation, keyboard). */
  navigate(dx: number, dy: number, factor = 1): void {
    this.viewport.pan(dx, dy);
    if (factor !== 1) this.viewport.zoomAt(this.viewport.width / 2, this.viewport.height / 2, factor);
    this.moving();
  }

  /**
   * The view is moving (drag, wheel, keys): on a HiDPI screen, draw at one pixel per CSS pixel until it rests
   * (a quarter of the work, so panning keeps the frame rate), then once at full resolution.
   */
  private moving(): void {
    this.interacting = true;
    if (this.restTimer) clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => {
      this.restTimer = undefined;
      this.interacting = false;
      this.invalidate();
    }, REST_MS);
    this.invalidate();
  }

  /** The point nearest the screen position (CSS px, relative to the map) within `radius` CSS px, or -1. */
  pick(sx: number, sy: number, radius = PICK_RADIUS): number {
    if (!this.grid) return -1;
    const v = this.viewport;
    return this.grid.nearest(v.toWorldX(sx), v.toWorldY(sy), radius / v.scale, (i) => this.isVisible(i));
  }

  /** Screen position (CSS px) of point i. */
  screenOf(i: number): [number, number] {
    const c = this.layer!.coords;
    return [this.viewport.toScreenX(c[2 * i]), this.viewport.toScreenY(c[2 * i + 1])];
  }

  /** Redraws the points on the next frame. */
  invalidate(): void {
    this.rasterDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private resize(): void {
    const rect = this.getBoundingClientRect();
    const dpr = this.ownerDocument.defaultView?.devicePixelRatio ?? 1;
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    if (w === this.viewport.width && h === this.viewport.height && dpr === this.dpr && this.pixels) return;
    this.dpr = dpr;
    this.stamp = discStamp(POINT_RADIUS * dpr);
    for (const c of [this.base, this.overlay]) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    this.overlayEmpty = true; // resizing cleared it
    this.viewport.resize(w, h);
    if (this.needsFit && this.grid && w > 1) {
      this.viewport.fit(this.grid.bounds);
      this.needsFit = false;
    }
    this.pixels = this.base.getContext('2d')!.createImageData(this.base.width, this.base.height);
    this.low = undefined;
    if (dpr > 1) {
      const canvas = this.ownerDocument.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      this.low = { pixels: canvas.getContext('2d')!.createImageData(w, h), canvas, stamp: discStamp(POINT_RADIUS) };
    }
    this.invalidate();
  }

  private isVisible(i: number): boolean {
    const code = this.layer!.codes[i];
    return !(this.hiddenCategories && code !== NO_CATEGORY && this.hiddenCategories[code] === 0);
  }

  private draw(): void {
    this.frame = 0;
    if (!this.pixels || !this.base) return;
    if (this.rasterDirty) {
      this.rasterDirty = false;
      const t0 = performance.now();
      const low = this.interacting ? this.low : undefined;
      const img = low ? low.pixels : this.pixels;
      const d = low ? 1 : this.dpr;
      const px = new Uint32Array(img.data.buffer);
      const [br, bg, bb] = rgba(this.ownerDocument, cssVar(this, '--vscode-editor-background', '#1e1e1e'));
      px.fill(packColour(br, bg, bb));
      let drawn = 0;
      const layer = this.layer;
      if (layer && this.grid) {
        const palette = Uint32Array.from(layer.colours, (c) => {
          const [r, g, b] = rgba(this.ownerDocument, c);
          return packColour(r, g, b);
        });
        const [mr, mg, mb] = rgba(this.ownerDocument, cssVar(this, '--vscode-descriptionForeground', '#888888'));
        const v = this.viewport;
        drawn = rasterize(px, img.width, img.height, {
          coords: layer.coords,
          codes: layer.codes,
          noCategory: NO_CATEGORY,
          palette,
          missing: packColour(mr, mg, mb, 140),
          ...(this.hiddenCategories ? { visible: this.hiddenCategories } : {}),
          ...(this.selection ? { dimmed: invert(this.selection) } : {}),
          order: this.order,
          cx: v.cx,
          cy: v.cy,
          s: v.scale * d,
          ox: (v.width / 2) * d,
          oy: (v.height / 2) * d,
          stamp: low ? low.stamp : this.stamp,
        });
      }
      const ctx = this.base.getContext('2d')!;
      if (low) {
        low.canvas.getContext('2d')!.putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(low.canvas, 0, 0, this.base.width, this.base.height);
      } else {
        ctx.putImageData(img, 0, 0);
      }
      const t1 = performance.now();
      this.stats.draws++;
      this.stats.pointsDrawn = drawn;
      this.stats.lastDrawMs = t1 - t0;
      this.stats.lowResolution = low !== undefined;
      if (!this.stats.firstDrawAt && layer) this.stats.firstDrawAt = t1;
      this.dispatchEvent(new CustomEvent('map-drawn', { detail: { ...this.stats } }));
    }
    this.drawOverlay();
  }

  private drawOverlay(): void {
    const empty = !this.keyboardCursor && this.hover < 0 && !(this.drag?.moved && this.drag.kind !== 'pan');
    // Clearing a full-size canvas every frame is not free on a HiDPI screen without a GPU: skip it when it stays empty.
    if (empty && this.overlayEmpty) return;
    this.overlayEmpty = empty;
    const ctx = this.overlay.getContext('2d')!;
    const d = this.dpr;
    ctx.setTransform(d, 0, 0, d, 0, 0);
    ctx.clearRect(0, 0, this.viewport.width, this.viewport.height);
    const focus = cssVar(this, '--vscode-focusBorder', '#007fd4');
    const fg = cssVar(this, '--vscode-foreground', '#cccccc');
    if (this.keyboardCursor) {
      const cx = this.viewport.width / 2;
      const cy = this.viewport.height / 2;
      ctx.strokeStyle = fg;
      ctx.globalAlpha = 0.6;
      ctx.beginPath();
      ctx.moveTo(cx - 10, cy);
      ctx.lineTo(cx + 10, cy);
      ctx.moveTo(cx, cy - 10);
      ctx.lineTo(cx, cy + 10);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    if (this.hover >= 0 && this.layer) {
      const [x, y] = this.screenOf(this.hover);
      ctx.lineWidth = 2;
      ctx.strokeStyle = fg;
      ctx.beginPath();
      ctx.arc(x, y, POINT_RADIUS + 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    const g = this.drag;
    if (g && g.moved && g.kind !== 'pan') {
      ctx.lineWidth = 1;
      ctx.strokeStyle = focus;
      ctx.fillStyle = focus;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      if (g.kind === 'box') {
        ctx.rect(Math.min(g.x0, g.x), Math.min(g.y0, g.y), Math.abs(g.x - g.x0), Math.abs(g.y - g.y0));
      } else {
        g.path.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.closePath();
      }
      ctx.globalAlpha = 0.12;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  private setHover(i: number): void {
    if (i === this.hover) return;
    this.hover = i;
    this.schedule();
    this.dispatchEvent(new CustomEvent('point-hover', { detail: { index: i, keyboard: this.keyboardCursor && !this.drag } }));
  }

  private local(e: PointerEvent | WheelEvent): [number, number] {
    const r = this.overlay.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private readonly onDown = (e: PointerEvent): void => {
    if (e.button !== 0 || !this.layer) return;
    const [x, y] = this.local(e);
    const kind: MapMode = e.shiftKey ? 'box' : e.altKey ? 'lasso' : this.mode;
    this.drag = { kind, x0: x, y0: y, x, y, add: e.ctrlKey || e.metaKey, path: [[x, y]], moved: false, id: e.pointerId };
    this.overlay.setPointerCapture(e.pointerId);
    this.keyboardCursor = false;
    this.focus({ preventScroll: true });
  };

  private readonly onMove = (e: PointerEvent): void => {
    const [x, y] = this.local(e);
    const g = this.drag;
    if (!g || g.id !== e.pointerId) {
      this.keyboardCursor = false;
      this.setHover(this.pick(x, y));
      return;
    }
    if (!g.moved && Math.hypot(x - g.x0, y - g.y0) < CLICK_SLOP) return;
    g.moved = true;
    if (g.kind === 'pan') {
      this.viewport.pan(x - g.x, y - g.y);
      this.moving();
    } else if (g.kind === 'lasso') {
      g.path.push([x, y]);
      this.schedule();
    } else {
      this.schedule();
    }
    g.x = x;
    g.y = y;
  };

  private readonly onUp = (e: PointerEvent): void => {
    const g = this.drag;
    if (!g || g.id !== e.pointerId) return;
    this.drag = undefined;
    if (this.overlay.hasPointerCapture(e.pointerId)) this.overlay.releasePointerCapture(e.pointerId);
    if (e.type === 'pointercancel') {
      this.schedule();
      return;
    }
    if (!g.moved) {
      const i = this.pick(g.x0, g.y0);
      if (i >= 0) this.dispatchEvent(new CustomEvent('point-click', { detail: { index: i } }));
      else if (!g.add && this.selection) this.emitSelection([], false);
      return;
    }
    if (g.kind === 'box') this.selectBox(g.x0, g.y0, g.x, g.y, g.add);
    else if (g.kind === 'lasso') this.selectLasso(g.path, g.add);
    this.schedule();
  };

  private readonly onLeave = (): void => {
    if (!this.drag && !this.keyboardCursor) this.setHover(-1);
  };

  private readonly onWheel = (e: WheelEvent): void => {
    if (!this.layer) return;
    e.preventDefault();
    const [x, y] = this.local(e);
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.viewport.zoomAt(x, y, Math.exp(-delta * 0.0015));
    this.moving();
    this.setHover(this.pick(x, y));
  };

  /** Selects the points in the screen rectangle (CSS px). */
  selectBox(x0: number, y0: number, x1: number, y1: number, add = false): void {
    if (!this.grid) return;
    const v = this.viewport;
    const out: number[] = [];
    this.grid.inRect(v.toWorldX(x0), v.toWorldY(y0), v.toWorldX(x1), v.toWorldY(y1), (i) => {
      if (this.isVisible(i)) out.push(i);
    });
    this.emitSelection(out.sort((a, b) => a - b), add);
  }

  /** Selects the points inside the screen polygon (CSS px). */
  selectLasso(path: [number, number][], add = false): void {
    if (!this.grid || !this.layer) return;
    const v = this.viewport;
    const world = path.map(([x, y]) => [v.toWorldX(x), v.toWorldY(y)] as [number, number]);
    this.emitSelection(pointsInPolygon(this.grid, this.layer.coords, world).filter((i) => this.isVisible(i)), add);
  }

  private emitSelection(indices: number[], add: boolean): void {
    this.dispatchEvent(new CustomEvent('map-select', { detail: { indices, add } }));
  }

  private readonly onFocus = (): void => {
    if (this.drag) return;
    this.keyboardCursor = true;
    this.setHover(this.pick(this.viewport.width / 2, this.viewport.height / 2, KEYBOARD_PICK_RADIUS));
    this.schedule();
  };

  private readonly onBlur = (): void => {
    this.keyboardCursor = false;
    this.schedule();
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = e.shiftKey ? 200 : 50;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        this.navigate(step, 0);
        break;
      case 'ArrowRight':
        this.navigate(-step, 0);
        break;
      case 'ArrowUp':
        this.navigate(0, step);
        break;
      case 'ArrowDown':
        this.navigate(0, -step);
        break;
      case '+':
      case '=':
        this.navigate(0, 0, 1.5);
        break;
      case '-':
        this.navigate(0, 0, 1 / 1.5);
        break;
      case '0':
        this.resetView();
        break;
      case 'Enter':
      case ' ':
        if (this.hover >= 0) this.dispatchEvent(new CustomEvent('point-click', { detail: { index: this.hover, keyboard: true, key: e.key } }));
        break;
      default:
        handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key !== 'Enter' && e.key !== ' ') {
      this.keyboardCursor = true;
      this.setHover(this.pick(this.viewport.width / 2, this.viewport.height / 2, KEYBOARD_PICK_RADIUS));
    }
  };
}

function invert(selection: Uint8Array): Uint8Array {
  const out = new Uint8Array(selection.length);
  for (let i = 0; i < selection.length; i++) out[i] = selection[i] ? 0 : 1;
  return out;
}

customElements.define('ser-embedding-map', EmbeddingMapElement);

declare global {
  interface HTMLElementTagNameMap {
    'ser-embedding-map': EmbeddingMapElement;
  }
}

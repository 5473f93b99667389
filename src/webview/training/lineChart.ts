/**
 * <ser-line-chart>: a small canvas line chart in the theme's colours: one line per series, dashed for live
 * (unfinished) parts, nice ticks on both axes, a DOM legend. Redraws on resize and when its data changes.
 */
import { LitElement, css, html, nothing } from 'lit';
import { baseStyles } from '../common/styles';
import { cssVar, onThemeChange } from '../common/theme';
import type { Point } from './trainingModel';
import { ticks } from './chartTicks';

export interface ChartSeries {
  label: string;
  colour: string;
  points: Point[];
  /** Drawn dashed, continuing the series of the same label. */
  live?: Point[];
}

export class LineChartElement extends LitElement {
  static override properties = {
    series: { attribute: false },
    heading: { type: String },
    unit: { type: String },
    yMin: { type: Number },
    yMax: { type: Number },
    xMax: { type: Number },
  };

  series: ChartSeries[] = [];
  heading = '';
  unit = '';
  /** Fixed y range (e.g. 0..100 for UA); otherwise from the data. */
  yMin: number | undefined;
  yMax: number | undefined;
  /** Right end of the x axis (planned epochs). */
  xMax: number | undefined;
  /** Line segments drawn by the last redraw (tests read it). */
  segmentsDrawn = 0;

  private canvas!: HTMLCanvasElement;
  private resizeObserver: ResizeObserver | undefined;
  private unwatchTheme: (() => void) | undefined;

  static override styles = [
    baseStyles,
    css`
      :host { display: block; min-width: 0; }
      h3 { font-size: 1em; font-weight: 600; margin: 4px 0; }
      canvas { width: 100%; height: 180px; display: block; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; font-size: 0.9em; }
      .legend span::before { content: ''; display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; background: var(--c); }
    `,
  ];

  override render() {
    return html`<h3>${this.heading}</h3>
      <canvas role="img" aria-label=${this.summary()}></canvas>
      ${this.series.length > 1 ? html`<div class="legend">${this.series.map((s) => html`<span style="--c:${s.colour}">${s.label}</span>`)}</div>` : nothing}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.observe();
    this.unwatchTheme = onThemeChange(this.ownerDocument, () => this.draw());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchTheme?.();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
  }

  protected override firstUpdated(): void {
    this.canvas = this.renderRoot.querySelector('canvas')!;
    this.observe();
  }

  protected override updated(): void {
    this.draw();
  }

  private observe(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this.canvas);
  }

  private summary(): string {
    const last = this.series
      .map((s) => {
        const p = s.live?.at(-1) ?? s.points.at(-1);
        return p ? `${s.label} ${p[1].toFixed(3)}${this.unit} at epoch ${p[0].toFixed(1)}` : undefined;
      })
      .filter(Boolean);
    return `${this.heading}: ${last.length ? last.join('; ') : 'no data yet'}`;
  }

  private draw(): void {
    const c = this.canvas;
    if (!c) return;
    const dpr = this.ownerDocument.defaultView?.devicePixelRatio ?? 1;
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (!w || !h) return;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const all = this.series.flatMap((s) => [...s.points, ...(s.live ?? [])]);
    const fg = cssVar(this, '--vscode-descriptionForeground');
    const grid = cssVar(this, '--vscode-charts-lines', '#8884');
    const font = `10px ${cssVar(this, '--vscode-font-family', 'sans-serif')}`;
    const pad = { l: 44, r: 8, t: 6, b: 20 };
    const xMax = Math.max(1, this.xMax ?? 0, ...all.map((p) => p[0]));
    let yLo = this.yMin ?? Math.min(...all.map((p) => p[1]));
    let yHi = this.yMax ?? Math.max(...all.map((p) => p[1]));
    if (!Number.isFinite(yLo) || !Number.isFinite(yHi)) [yLo, yHi] = [0, 1];
    if (yHi - yLo < 1e-9) [yLo, yHi] = [yLo - 0.5, yHi + 0.5];
    if (this.yMin === undefined) yLo = Math.max(yLo - 0.05 * (yHi - yLo), Math.min(0, yLo));
    const X = (x: number): number => pad.l + (x / xMax) * (w - pad.l - pad.r);
    const Y = (y: number): number => h - pad.b - ((y - yLo) / (yHi - yLo)) * (h - pad.t - pad.b);
    ctx.font = font;
    ctx.lineWidth = 1;
    ctx.strokeStyle = grid;
    ctx.fillStyle = fg;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(yLo, yHi, 4)) {
      ctx.beginPath();
      ctx.moveTo(pad.l, Y(t) + 0.5);
      ctx.lineTo(w - pad.r, Y(t) + 0.5);
      ctx.stroke();
      ctx.fillText(formatTick(t), pad.l - 4, Y(t));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(0, xMax, 6).filter((t) => Number.isInteger(t))) ctx.fillText(String(t), X(t), h - pad.b + 4);
    let segments = 0;
    ctx.lineWidth = 1.5;
    for (const s of this.series) {
      ctx.strokeStyle = s.colour;
      ctx.fillStyle = s.colour;
      const line = (pts: Point[], dashed: boolean): void => {
        if (pts.length === 0) return;
        ctx.setLineDash(dashed ? [4, 3] : []);
        ctx.beginPath();
        pts.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
        ctx.stroke();
        segments += Math.max(0, pts.length - 1);
        if (!dashed) for (const [x, y] of pts) ctx.fillRect(X(x) - 1.5, Y(y) - 1.5, 3, 3);
      };
      line(s.points, false);
      const tail = s.live?.length ? [...s.points.slice(-1), ...s.live] : [];
      line(tail, true);
    }
    ctx.setLineDash([]);
    this.segmentsDrawn = segments;
  }
}

function formatTick(t: number): string {
  return Math.abs(t) >= 100 || Number.isInteger(t) ? String(Math.round(t)) : t.toPrecision(2);
}

customElements.define('ser-line-chart', LineChartElement);

declare global {
  interface HTMLElementTagNameMap {
    'ser-line-chart': LineChartElement;
  }
}

/**
 * <ser-map-view>: the embedding map with its toolbar (projection, colouring, pan/box/lasso), legend, hover card
 * and the selection list with bulk relabel. Talks to the host only through the injected HostApi.
 */
import { LitElement, css, html, nothing } from 'lit';
import { COLOUR_BYS, NO_CATEGORY, type FromMapView, type MapPoints, type MapViewState, type ToMapView } from '../../shared/views/mapMessages';
import type { ViewError } from '../../shared/views/audioSource';
import type { ColourBy, ProjectionMethod } from '../../shared/views/viewTypes';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import type { ClipPlayer } from '../common/clipPlayer';
import { digitOf, isTyping, isUndo } from '../common/keys';
import { pct } from '../common/format';
import { baseStyles } from '../common/styles';
import { categoryColours } from '../common/theme';
import { ThemeWatch } from '../common/themeWatch';
import { WindowKeys } from '../common/windowKeys';
import './embeddingMap';
import type { EmbeddingMapElement, MapLayer, MapMode } from './embeddingMap';

/** Selected utterances listed by name (the rest are counted). */
const LISTED = 200;

const COLOUR_NAMES: Record<ColourBy, string> = { label: 'Label', predicted: 'Prediction', correct: 'Correctness', speaker: 'Speaker', session: 'Session' };

export class MapViewElement extends LitElement {
  static override properties = {
    points: { state: true },
    classes: { state: true },
    colourBy: { state: true },
    method: { state: true },
    mode: { state: true },
    selection: { state: true },
    hiddenCategories: { state: true },
    hover: { state: true },
    progress: { state: true },
    error: { state: true },
    confirming: { state: true },
    activeRow: { state: true },
  };

  host!: HostApi<FromMapView, MapViewState>;
  player!: ClipPlayer;
  /** performance.now() when the current points arrived (for the time-to-first-draw figure). */
  receivedAt = 0;

  private points: MapPoints | undefined;
  private classes: string[] = [];
  private colourBy: ColourBy = 'label';
  private method: ProjectionMethod = 'pca';
  private mode: MapMode = 'pan';
  /** Sorted indices of the selected points. */
  private selection: number[] = [];
  private hiddenCategories: Uint8Array | undefined;
  private hover = -1;
  private progress: { fraction: number; stage: string } | undefined = { fraction: 0, stage: 'loading' };
  private error: ViewError | undefined;
  private confirming: string | undefined;
  private activeRow = 0;
  private layerCache: { key: unknown; layer: MapLayer } | undefined;
  private selectionMask: Uint8Array | undefined;
  private readonly theme = new ThemeWatch(this);
  private readonly keys = new WindowKeys(this, (e) => this.key(e));

  static override styles = [
    baseStyles,
    css`
      :host { display: grid; grid-template-rows: auto 1fr; height: 100vh; box-sizing: border-box; }
      .toolbar { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
      .toolbar label { display: inline-flex; gap: 4px; align-items: center; }
      .modes { display: inline-flex; gap: 2px; }
      .main { display: grid; grid-template-columns: 1fr 290px; min-height: 0; }
      ser-embedding-map { min-height: 0; height: 100%; }
      aside { border-left: 1px solid var(--vscode-panel-border, #8884); padding: 6px 10px; overflow: auto; min-height: 0; }
      .legend { display: flex; flex-direction: column; gap: 2px; }
      .legend button { display: grid; grid-template-columns: 12px 1fr auto; gap: 6px; align-items: center; text-align: left; background: none; color: inherit; border: 1px solid transparent; padding: 1px 4px; }
      .legend button:hover { background: var(--vscode-list-hoverBackground); }
      .legend button[aria-pressed='true'] { outline: none; color: inherit; background: none; }
      .legend button[aria-pressed='true']:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
      .legend button[aria-pressed='false'] { opacity: 0.45; text-decoration: line-through; }
      .legend .swatch { width: 10px; height: 10px; border-radius: 50%; }
      .card { border: 1px solid var(--vscode-editorHoverWidget-border, #8886); background: var(--vscode-editorHoverWidget-background, transparent); padding: 4px 8px; margin: 6px 0; min-height: 5.5em; }
      .card b { word-break: break-all; }
      .progress { padding: 20px; }
      progress { width: 60%; }
      ul[role='listbox'] { max-height: 40vh; border: 1px solid var(--vscode-panel-border, #8884); }
      [role='option'] { display: flex; justify-content: space-between; gap: 6px; white-space: nowrap; }
      [role='option'] span:first-child { overflow: hidden; text-overflow: ellipsis; }
      .relabel { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0; }
      .confirm { border-left: 3px solid var(--vscode-focusBorder); padding: 4px 8px; margin: 4px 0; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.host.getState();
    if (s) {
      this.method = s.method;
      this.colourBy = s.colourBy;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.player.stop();
  }

  /** The map element (tests read its stats and drive it). */
  get map(): EmbeddingMapElement | null {
    return this.renderRoot.querySelector('ser-embedding-map');
  }

  receive(m: ToMapView): void {
    switch (m.type) {
      case 'points':
        this.receivedAt = performance.now();
        this.classes = m.classes;
        this.points = m.points;
        this.method = m.points.method;
        this.progress = undefined;
        this.error = undefined;
        this.selection = [];
        this.selectionMask = undefined;
        this.hiddenCategories = undefined;
        this.hover = -1;
        this.layerCache = undefined;
        this.saveState();
        return;
      case 'labels':
        if (!this.points) return;
        this.points = { ...this.points, categories: { ...this.points.categories, label: m.label, correct: m.correct } };
        return;
      case 'progress':
        this.progress = { fraction: m.fraction, stage: m.stage };
        return;
      case 'audio':
        void this.player.play(m.id, m.source).catch(() => undefined);
        return;
      case 'error':
        this.error = m.error;
        this.progress = undefined;
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  override render() {
    const p = this.points;
    const cats = p?.categories[this.colourBy];
    const colours = cats ? this.coloursFor(cats.names) : [];
    return html`
      <div class="toolbar" role="toolbar" aria-label="Map settings">
        <label>Projection
          <select @change=${(e: Event) => this.setMethod((e.target as HTMLSelectElement).value as ProjectionMethod)}>
            <option value="pca" ?selected=${this.method === 'pca'}>PCA</option>
            <option value="umap" ?selected=${this.method === 'umap'}>UMAP</option>
          </select>
        </label>
        <label>Colour by
          <select @change=${(e: Event) => this.setColourBy((e.target as HTMLSelectElement).value as ColourBy)}>
            ${COLOUR_BYS.map((c) => html`<option value=${c} ?selected=${c === this.colourBy}>${COLOUR_NAMES[c]}</option>`)}
          </select>
        </label>
        <span class="modes" role="group" aria-label="Mouse mode">
          ${(['pan', 'box', 'lasso'] as const).map(
            (m) => html`<button class="secondary" aria-pressed=${this.mode === m ? 'true' : 'false'} @click=${() => (this.mode = m)}>${m === 'pan' ? 'Pan' : m === 'box' ? 'Box select' : 'Lasso'}</button>`,
          )}
        </span>
        <button class="secondary" @click=${() => this.map?.resetView()} title="Fit all points (0)">Reset view</button>
        <span class="muted" role="status">${p ? `${p.ids.length.toLocaleString()} utterances${p.explainedVariance ? ` · PCA ${pct(p.explainedVariance[0])} + ${pct(p.explainedVariance[1])} of variance` : ''}` : ''}</span>
      </div>
      ${errorBanner(this.error)}
      ${this.progress && !p
        ? html`<div class="progress" role="status">
            <div>Projecting the embeddings (${this.progress.stage})…</div>
            <progress max="1" .value=${this.progress.fraction} aria-label="Projection progress"></progress>
          </div>`
        : html`<div class="main">
            <ser-embedding-map
              .layer=${p && cats ? this.layer(p, cats.codes, colours) : undefined}
              .selection=${this.selectionMask}
              .hiddenCategories=${this.hiddenCategories}
              mode=${this.mode}
              label=${p ? `Embedding map of ${p.ids.length} utterances coloured by ${COLOUR_NAMES[this.colourBy].toLowerCase()}. Arrow keys pan, plus and minus zoom, 0 fits, Enter opens and Space plays the point under the cross. Drag with Shift for a box, Alt for a lasso.` : 'Embedding map'}
              @point-hover=${(e: CustomEvent<{ index: number }>) => (this.hover = e.detail.index)}
              @point-click=${(e: CustomEvent<{ index: number; key?: string }>) => this.clickPoint(e.detail.index, e.detail.key)}
              @map-select=${(e: CustomEvent<{ indices: number[]; add: boolean }>) => this.select(e.detail.indices, e.detail.add)}
            ></ser-embedding-map>
            <aside>
              ${cats ? this.renderLegend(cats.names, cats.codes, colours) : nothing}
              ${this.renderCard()}
              ${this.renderSelection()}
            </aside>
          </div>`}
    `;
  }

  private renderLegend(names: string[], codes: Uint16Array, colours: string[]) {
    const counts = new Uint32Array(names.length + 1);
    for (let i = 0; i < codes.length; i++) counts[codes[i] === NO_CATEGORY ? names.length : codes[i]]++;
    return html`<h2 id="legend-h">${COLOUR_NAMES[this.colourBy]}</h2>
      <div class="legend" role="group" aria-labelledby="legend-h">
        ${names.map(
          (n, c) => html`<button aria-pressed=${this.hiddenCategories?.[c] === 0 ? 'false' : 'true'} title="Show or hide ${n}" @click=${() => this.toggleCategory(c, names.length)}>
            <span class="swatch" style="background:${colours[c]}"></span><span>${n}</span><span class="num muted">${counts[c].toLocaleString()}</span>
          </button>`,
        )}
        ${counts[names.length] ? html`<div class="muted">${counts[names.length].toLocaleString()} without ${COLOUR_NAMES[this.colourBy].toLowerCase()}</div>` : nothing}
      </div>`;
  }

  private renderCard() {
    const p = this.points;
    const i = this.hover;
    if (!p || i < 0) return html`<div class="card muted" aria-live="polite">Hover a point to see the utterance; click to play and open it.</div>`;
    const name = (by: ColourBy): string => {
      const c = p.categories[by];
      return c.codes[i] === NO_CATEGORY ? '–' : c.names[c.codes[i]];
    };
    const score = p.scores?.[i];
    return html`<div class="card" aria-live="polite">
      <b>${p.ids[i]}</b><br />
      label <b>${name('label')}</b> · predicted <b>${name('predicted')}</b><br />
      ${name('speaker')} · ${name('session')}${score !== undefined && !Number.isNaN(score) ? html` · suspicion ${pct(score)}` : nothing}
    </div>`;
  }

  private renderSelection() {
    const p = this.points;
    const n = this.selection.length;
    if (!p || n === 0) return html`<p class="muted">Drag with Shift (box) or Alt (lasso), or pick a mode, to select points.</p>`;
    const labels = p.categories.label;
    const colours = this.coloursFor(this.classes);
    return html`<h2 id="sel-h">${n.toLocaleString()} selected</h2>
      <div class="relabel" role="group" aria-label="Relabel the selection">
        ${this.classes.map((c, k) => html`<button class="secondary" @click=${() => (this.confirming = c)} title="Relabel the selection as ${c}">
          <span style="color:${colours[k]}">●</span> ${c}${k < 9 ? html` <kbd>${k + 1}</kbd>` : nothing}</button>`)}
        <button class="secondary" @click=${() => this.select([], false)}>Clear</button>
      </div>
      ${this.confirming
        ? html`<div class="confirm" role="alertdialog" aria-label="Confirm relabel">
            Relabel ${n.toLocaleString()} utterance${n === 1 ? '' : 's'} as <b>${this.confirming}</b>?
            <button @click=${() => this.relabel()}>Relabel</button>
            <button class="secondary" @click=${() => (this.confirming = undefined)}>Cancel</button>
          </div>`
        : nothing}
      <ul role="listbox" aria-labelledby="sel-h" tabindex="0" aria-activedescendant=${`sel-${this.activeRow}`}
        @keydown=${(e: KeyboardEvent) => this.listKey(e)}>
        ${this.selection.slice(0, LISTED).map(
          (i, row) => html`<li role="option" id=${`sel-${row}`} aria-selected=${row === this.activeRow ? 'true' : 'false'}
            @click=${() => { this.activeRow = row; this.host.postMessage({ type: 'play', id: p.ids[i] }); }}
            @dblclick=${() => this.host.postMessage({ type: 'open', id: p.ids[i] })}>
            <span>${p.ids[i]}</span><span class="muted">${labels.codes[i] === NO_CATEGORY ? '–' : labels.names[labels.codes[i]]}</span>
          </li>`,
        )}
      </ul>
      ${n > LISTED ? html`<div class="muted">… and ${(n - LISTED).toLocaleString()} more</div>` : nothing}`;
  }

  private layer(p: MapPoints, codes: Uint16Array, colours: string[]): MapLayer {
    // One object per (points, colouring, colours), so the map redraws only when one of them changes.
    const key = [p, codes, this.colourBy, colours.join()];
    const c = this.layerCache;
    if (c && (c.key as unknown[]).every((k, i) => k === key[i])) return c.layer;
    const layer = { coords: p.coords, codes, colours };
    this.layerCache = { key, layer };
    return layer;
  }

  private coloursFor(names: string[]): string[] {
    return categoryColours(this, names);
  }

  private select(indices: number[], add: boolean): void {
    const p = this.points;
    if (!p) return;
    const set = add ? new Set([...this.selection, ...indices]) : new Set(indices);
    this.selection = [...set].sort((a, b) => a - b);
    this.activeRow = 0;
    this.confirming = undefined;
    if (this.selection.length === 0) {
      this.selectionMask = undefined;
      return;
    }
    const mask = new Uint8Array(p.ids.length);
    for (const i of this.selection) mask[i] = 1;
    this.selectionMask = mask;
  }

  private toggleCategory(c: number, count: number): void {
    const h = this.hiddenCategories ? this.hiddenCategories.slice() : new Uint8Array(count).fill(1);
    h[c] = h[c] ? 0 : 1;
    this.hiddenCategories = h.every((x) => x === 1) ? undefined : h;
  }

  private clickPoint(i: number, key?: string): void {
    const id = this.points?.ids[i];
    if (!id) return;
    if (key !== 'Enter') this.host.postMessage({ type: 'play', id });
    if (key !== ' ') this.host.postMessage({ type: 'open', id });
  }

  private relabel(): void {
    const p = this.points;
    const label = this.confirming;
    this.confirming = undefined;
    if (!p || !label || this.selection.length === 0) return;
    this.host.postMessage({ type: 'relabel', ids: this.selection.map((i) => p.ids[i]), label });
  }

  private setMethod(method: ProjectionMethod): void {
    if (method === this.method) return;
    this.method = method;
    this.points = undefined;
    this.progress = { fraction: 0, stage: method };
    this.host.postMessage({ type: 'method', method });
    this.saveState();
  }

  private setColourBy(c: ColourBy): void {
    this.colourBy = c;
    this.hiddenCategories = undefined;
    this.saveState();
  }

  private saveState(): void {
    this.host.setState({ method: this.method, colourBy: this.colourBy });
  }

  private listKey(e: KeyboardEvent): void {
    const p = this.points;
    const rows = Math.min(LISTED, this.selection.length);
    if (!p || rows === 0) return;
    const id = p.ids[this.selection[this.activeRow]];
    if (e.key === 'ArrowDown' || e.key === 'j') this.activeRow = Math.min(rows - 1, this.activeRow + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') this.activeRow = Math.max(0, this.activeRow - 1);
    else if (e.key === 'Enter') this.host.postMessage({ type: 'open', id });
    else if (e.key === ' ') this.host.postMessage({ type: 'play', id });
    else return;
    e.preventDefault();
    e.stopPropagation();
    void this.updateComplete.then(() => this.renderRoot.querySelector(`#sel-${this.activeRow}`)?.scrollIntoView({ block: 'nearest' }));
  }

  private key(e: KeyboardEvent): void {
    if (isTyping(e)) return;
    if (isUndo(e)) {
      // Bulk relabels are undone one utterance at a time by the label store; the map has no undo of its own.
      return;
    }
    if (e.key === 'Escape') {
      if (this.confirming) this.confirming = undefined;
      else this.select([], false);
      return;
    }
    const d = digitOf(e);
    if (d !== undefined && this.selection.length > 0 && d <= this.classes.length) {
      e.preventDefault();
      this.confirming = this.classes[d - 1];
    }
  }
}

customElements.define('ser-map-view', MapViewElement);

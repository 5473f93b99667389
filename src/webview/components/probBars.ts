/** <ser-prob-bars>: a horizontal bar per class (probabilities or vote shares), the label and the prediction marked. */
import { LitElement, css, html } from 'lit';
import { pct } from '../common/format';
import { baseStyles } from '../common/styles';

export class ProbBarsElement extends LitElement {
  static override properties = {
    classes: { attribute: false },
    values: { attribute: false },
    colours: { attribute: false },
    label: { type: String },
    marked: { type: String },
    caption: { type: String },
  };

  classes: string[] = [];
  /** One per class, 0..1. */
  values: number[] = [];
  colours: string[] = [];
  /** Accessible name of the group. */
  label = 'Probabilities';
  /** The class to mark as the current label. */
  marked: string | null = null;
  caption = '';

  static override styles = [
    baseStyles,
    css`
      :host { display: block; }
      .row { display: grid; grid-template-columns: 5em 1fr 3.5em; align-items: center; gap: 6px; margin: 1px 0; }
      .track { height: 10px; background: var(--vscode-editorWidget-background, #8882); border: 1px solid var(--vscode-contrastBorder, transparent); }
      .bar { height: 100%; }
      .best .name { font-weight: 600; }
      .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    `,
  ];

  override render() {
    const best = this.values.length ? this.values.indexOf(Math.max(...this.values)) : -1;
    return html`<div role="list" aria-label=${this.label}>
      ${this.classes.map(
        (c, i) => html`<div class="row ${i === best ? 'best' : ''}" role="listitem" aria-label=${`${c}: ${pct(this.values[i] ?? 0)}${c === this.marked ? ' (current label)' : ''}${i === best ? ' (highest)' : ''}`}>
          <span class="name">${c === this.marked ? html`<u>${c}</u>` : c}</span>
          <span class="track"><div class="bar" style="width:${(100 * (this.values[i] ?? 0)).toFixed(1)}%;background:${this.colours[i] ?? 'var(--vscode-charts-blue)'}"></div></span>
          <span class="num">${pct(this.values[i] ?? 0)}</span>
        </div>`,
      )}
      ${this.caption ? html`<div class="muted">${this.caption}</div>` : ''}
    </div>`;
  }
}

customElements.define('ser-prob-bars', ProbBarsElement);

declare global {
  interface HTMLElementTagNameMap {
    'ser-prob-bars': ProbBarsElement;
  }
}

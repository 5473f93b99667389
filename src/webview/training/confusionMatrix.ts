/**
 * <ser-confusion-matrix>: pooled confusion counts as a table (rows: true class, columns: predicted), each cell a
 * button shaded by its share of the row; activating a cell emits `cell-select` (the dashboard lists its utterances).
 */
import { LitElement, css, html } from 'lit';
import { baseStyles } from '../common/styles';
import { cssVar, rgba } from '../common/theme';

export class ConfusionMatrixElement extends LitElement {
  static override properties = {
    classes: { attribute: false },
    counts: { attribute: false },
    selected: { attribute: false },
  };

  classes: string[] = [];
  /** counts[true][predicted]. */
  counts: number[][] = [];
  selected: { trueLabel: string; predicted: string } | undefined;

  static override styles = [
    baseStyles,
    css`
      table { border-collapse: collapse; }
      th { padding: 2px 6px; text-align: center; }
      th[scope='row'] { text-align: right; }
      td { padding: 0; }
      td button { width: 100%; min-width: 3.6em; padding: 4px 6px; border: 1px solid var(--vscode-panel-border, #8884); color: var(--vscode-foreground); font-variant-numeric: tabular-nums; border-radius: 0; }
      td button.diag { font-weight: 600; }
      td button[aria-pressed='true'] { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
      caption { caption-side: bottom; text-align: left; color: var(--vscode-descriptionForeground); padding-top: 4px; }
    `,
  ];

  override render() {
    const [r, g, b] = rgba(this.ownerDocument, cssVar(this, '--vscode-charts-blue'));
    return html`<table>
      <caption>Rows: true class; columns: predicted. Shade: share of the row.</caption>
      <thead><tr><th></th>${this.classes.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>
        ${this.classes.map((t, i) => {
          const row = this.counts[i] ?? [];
          const total = row.reduce((a, x) => a + x, 0) || 1;
          return html`<tr>
            <th scope="row">${t}</th>
            ${this.classes.map((p, j) => {
              const n = row[j] ?? 0;
              const share = n / total;
              const pressed = this.selected?.trueLabel === t && this.selected.predicted === p;
              return html`<td><button class=${i === j ? 'diag' : ''} style="background: rgba(${r}, ${g}, ${b}, ${(0.08 + 0.72 * share).toFixed(3)})"
                aria-pressed=${pressed ? 'true' : 'false'} aria-label=${`true ${t}, predicted ${p}: ${n} utterances (${(100 * share).toFixed(0)}% of ${t})`}
                @click=${() => this.dispatchEvent(new CustomEvent('cell-select', { detail: { trueLabel: t, predicted: p }, bubbles: true, composed: true }))}>${n}</button></td>`;
            })}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

customElements.define('ser-confusion-matrix', ConfusionMatrixElement);

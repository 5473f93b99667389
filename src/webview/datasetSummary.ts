/** <ser-dataset-summary>: class balance, speakers, sessions, hours and unreadable files of a scanned dataset. */
import { LitElement, css, html, nothing } from 'lit';
import type { ScanSummary } from '../shared/protocol';

export class DatasetSummaryElement extends LitElement {
  static override properties = {
    summary: { attribute: false },
    busy: { type: String },
  };

  summary: ScanSummary | undefined;
  busy = '';

  static override styles = css`
    :host { display: block; padding: 12px 16px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
    h1 { font-size: 1.3em; font-weight: 600; margin: 0 0 4px; }
    .path { color: var(--vscode-descriptionForeground); word-break: break-all; margin-bottom: 12px; }
    dl { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0 0 16px; }
    dt { color: var(--vscode-descriptionForeground); }
    table { border-collapse: collapse; min-width: 320px; }
    th, td { text-align: left; padding: 2px 10px 2px 0; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .bar { height: 10px; background: var(--vscode-charts-blue, var(--vscode-button-background)); }
    .errors li { margin: 2px 0; }
    button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; cursor: pointer; }
    button:hover { background: var(--vscode-button-hoverBackground); }
    button:focus-visible, a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; }
  `;

  override render() {
    const s = this.summary;
    if (!s) return html`<p role="status">${this.busy || 'Waiting for the dataset…'}</p>`;
    const max = Math.max(1, ...Object.values(s.classes));
    return html`
      <h1>${s.format} dataset</h1>
      <div class="path">${s.root}</div>
      <dl>
        <dt>Usable utterances</dt><dd>${s.utterances}</dd>
        <dt>Speakers</dt><dd>${s.speakers}</dd>
        <dt>Sessions</dt><dd>${s.sessions}</dd>
        <dt>Audio</dt><dd>${(s.totalSeconds / 3600).toFixed(2)} h</dd>
      </dl>
      <table role="table" aria-label="Utterances per class">
        <thead><tr><th scope="col">Class</th><th scope="col">Utterances</th><th scope="col">Share</th><th scope="col"></th></tr></thead>
        <tbody>
          ${Object.entries(s.classes).map(
            ([c, n]) => html`<tr>
              <td>${c}</td><td class="num">${n}</td>
              <td class="num">${s.utterances ? ((100 * n) / s.utterances).toFixed(1) : '0.0'}%</td>
              <td style="width: 200px"><div class="bar" style="width: ${(100 * n) / max}%"></div></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${s.errors.length
        ? html`<h2>${s.errors.length} file${s.errors.length === 1 ? '' : 's'} skipped</h2>
            <ul class="errors" role="list">
              ${s.errors.slice(0, 200).map(
                (e) => html`<li><a tabindex="0" role="link" @click=${() => this.open(e.file)} @keydown=${(ev: KeyboardEvent) => ev.key === 'Enter' && this.open(e.file)}>${e.file}</a>: ${e.message}</li>`,
              )}
            </ul>
            ${s.errors.length > 200 ? html`<p>… and ${s.errors.length - 200} more in the SER Studio log.</p>` : nothing}`
        : nothing}
      <p><button @click=${() => this.dispatchEvent(new CustomEvent('rescan'))}>Rescan</button></p>
    `;
  }

  private open(file: string): void {
    this.dispatchEvent(new CustomEvent('open-file', { detail: file }));
  }
}

customElements.define('ser-dataset-summary', DatasetSummaryElement);

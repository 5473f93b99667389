/**
 * <ser-utterance-view>: one utterance (or its whole IEMOCAP dialog) with the label controls and what speaks for
 * and against the label. Talks to the host only through the injected HostApi; shortcuts: Space play/pause,
 * 1-9 set the label, Ctrl+Z undo, +/- zoom.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { FromUtteranceView, ToUtteranceView, UtteranceViewState, DialogRegion } from '../../shared/views/utteranceMessages';
import { PLAYBACK_RATES } from '../../shared/views/utteranceMessages';
import type { AudioSource, ViewError } from '../../shared/views/audioSource';
import type { NeighbourItem, UtteranceDetail } from '../../shared/views/viewTypes';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import type { ClipPlayer } from '../common/clipPlayer';
import { fixed, pct } from '../common/format';
import { digitOf, isOnButton, isTyping, isUndo, plain } from '../common/keys';
import { baseStyles } from '../common/styles';
import { categoryColours } from '../common/theme';
import { ThemeWatch } from '../common/themeWatch';
import { WindowKeys } from '../common/windowKeys';
import '../components/waveform';
import '../components/labelButtons';
import '../components/probBars';
import type { WaveformElement, WaveRegion } from '../components/waveform';

const ZOOM_STEPS = [0, 50, 100, 200, 400, 800];

export class UtteranceViewElement extends LitElement {
  static override properties = {
    classes: { state: true },
    detail: { state: true },
    neighbours: { state: true },
    hasDialog: { state: true },
    source: { state: true },
    dialog: { state: true },
    showDialog: { state: true },
    zoom: { state: true },
    rate: { state: true },
    spectrogram: { state: true },
    error: { state: true },
    playingNeighbour: { state: true },
  };

  host!: HostApi<FromUtteranceView, UtteranceViewState>;
  player!: ClipPlayer;

  private classes: string[] = [];
  private detail: UtteranceDetail | undefined;
  private neighbours: NeighbourItem[] = [];
  private hasDialog = false;
  private source: AudioSource | undefined;
  private dialog: { name: string; source: AudioSource; regions: DialogRegion[] } | undefined;
  private showDialog = false;
  private zoom = 0;
  private rate = 1;
  private spectrogram = true;
  private error: ViewError | undefined;
  private playingNeighbour: string | undefined;
  private readonly theme = new ThemeWatch(this);
  private readonly keys = new WindowKeys(this, (e) => this.key(e));

  static override styles = [
    baseStyles,
    css`
      :host { display: block; padding: 8px 12px; }
      header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin-bottom: 6px; }
      h1 { font-size: 1.2em; margin: 0; font-weight: 600; word-break: break-all; }
      .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin: 6px 0; }
      .toolbar label { display: inline-flex; align-items: center; gap: 4px; }
      ser-waveform { border: 1px solid var(--vscode-panel-border, #8884); margin-bottom: 8px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 4px 24px; }
      section { min-width: 0; }
      .label-now { font-size: 1.1em; font-weight: 600; }
      .transcript { font-style: italic; line-height: 1.4; }
      ol.history { margin: 0; padding-left: 1.4em; }
      ol.history .undone { text-decoration: line-through; color: var(--vscode-descriptionForeground); }
      .vad { display: grid; grid-template-columns: 6em 1fr 2.5em; gap: 2px 6px; align-items: center; }
      .vad .track { height: 8px; background: var(--vscode-editorWidget-background, #8882); position: relative; border: 1px solid var(--vscode-contrastBorder, transparent); }
      .vad .bar { height: 100%; background: var(--vscode-charts-purple); }
      ul.neighbours { list-style: none; margin: 0; padding: 0; }
      ul.neighbours li { display: grid; grid-template-columns: auto 1fr auto auto; gap: 6px; align-items: center; padding: 1px 0; }
      ul.neighbours button.link, ul.turns button.link { background: none; border: none; color: var(--vscode-textLink-foreground); padding: 0; text-align: left; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      ul.neighbours button.link:hover, ul.turns button.link:hover { text-decoration: underline; background: none; }
      button.icon { padding: 0 6px; }
      ul.turns { list-style: none; margin: 0; padding: 0; max-height: 12em; overflow: auto; }
      ul.turns li.active { font-weight: 600; }
      .hint { margin-top: 4px; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.host.getState();
    if (s) {
      this.zoom = s.zoom;
      this.rate = s.rate;
      this.showDialog = s.dialog;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.player.stop();
  }

  /** A message from the host (already known to be ours by its origin; switch is exhaustive). */
  receive(m: ToUtteranceView): void {
    switch (m.type) {
      case 'utterance': {
        const navigated = m.detail.id !== this.detail?.id;
        this.classes = m.classes;
        this.detail = m.detail;
        this.neighbours = m.neighbours;
        this.hasDialog = m.hasDialog;
        this.error = undefined;
        if (navigated) {
          this.source = undefined;
          if (!this.dialog || !m.hasDialog) this.dialog = undefined;
          if (this.showDialog && m.hasDialog && !this.dialog) this.host.postMessage({ type: 'showDialog', show: true });
        }
        this.saveState();
        return;
      }
      case 'audio':
        if (m.id === this.detail?.id) this.source = m.source;
        return;
      case 'dialog':
        if (m.id !== this.detail?.id) return;
        // The same dialog again (another of its utterances was opened): keep the loaded recording, move the marks.
        this.dialog = this.dialog?.name === m.dialog ? { ...this.dialog, regions: m.regions } : { name: m.dialog, source: m.source, regions: m.regions };
        void this.updateComplete.then(() => this.scrollToActive());
        return;
      case 'neighbourAudio':
        this.playingNeighbour = m.id;
        this.player.play(m.id, m.source).catch(() => undefined).finally(() => {
          if (this.playingNeighbour === m.id) this.playingNeighbour = undefined;
        });
        return;
      case 'error':
        this.error = m.error;
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  override render() {
    const d = this.detail;
    if (!d) {
      return html`${this.error ? errorBanner(this.error) : html`<p role="status">Loading the utterance…</p>`}`;
    }
    const colours = categoryColours(this, this.classes);
    const dialogMode = this.showDialog && this.dialog !== undefined;
    return html`
      <header>
        <h1>${d.id}</h1>
        <span class="muted">${d.speaker}${d.gender ? ` (${d.gender})` : ''} · ${d.session}${d.dialog ? html` · ${d.dialog}` : nothing}</span>
      </header>
      ${errorBanner(this.error)}
      <div class="toolbar" role="toolbar" aria-label="Playback">
        <button @click=${() => this.wave()?.playPause()} aria-keyshortcuts="Space" title="Play or pause (Space)">▶︎/❚❚ Play</button>
        <label>Zoom
          <input type="range" min="0" max=${ZOOM_STEPS.length - 1} step="1" .value=${String(zoomStep(this.zoom))}
            aria-valuetext=${this.zoom ? `${this.zoom} pixels per second` : 'fit'}
            @input=${(e: Event) => this.setZoom(ZOOM_STEPS[Number((e.target as HTMLInputElement).value)])}>
        </label>
        <label>Speed
          <select @change=${(e: Event) => this.setRate(Number((e.target as HTMLSelectElement).value))}>
            ${PLAYBACK_RATES.map((r) => html`<option value=${r} ?selected=${r === this.rate}>${r}×</option>`)}
          </select>
        </label>
        ${this.hasDialog
          ? html`<label><input type="checkbox" .checked=${this.showDialog} @change=${(e: Event) => this.toggleDialog((e.target as HTMLInputElement).checked)}> Whole dialog</label>`
          : nothing}
        <label><input type="checkbox" .checked=${this.spectrogram} @change=${(e: Event) => (this.spectrogram = (e.target as HTMLInputElement).checked)}> Spectrogram</label>
      </div>
      <ser-waveform
        .source=${dialogMode ? this.dialog!.source : this.source}
        .regions=${dialogMode ? this.dialogRegions(colours) : []}
        .zoom=${this.zoom}
        .rate=${this.rate}
        .spectrogram=${this.spectrogram}
        label=${dialogMode ? `Waveform of dialog ${this.dialog!.name}; click an utterance to open it` : `Waveform of ${d.id}`}
        @region-click=${(e: CustomEvent<{ id: string }>) => this.openRegion(e.detail.id)}
      ></ser-waveform>
      <div class="grid">
        <section aria-label="Label">
          <h2>Label</h2>
          <div>
            <span class="label-now">${d.label ?? '(none)'}</span>
            ${d.corpusLabel !== d.label ? html` <span class="muted">(corpus: ${d.corpusLabel ?? 'none'})</span>` : nothing}
            ${d.suggested && d.suspicion !== undefined ? html` <span class="muted">· suggested ${d.suggested} (suspicion ${pct(d.suspicion)})</span>` : nothing}
          </div>
          <ser-label-buttons .classes=${this.classes} .current=${d.label} .suggested=${d.suggested} .colours=${colours} @set-label=${(e: CustomEvent<string>) => this.setLabel(e.detail)}></ser-label-buttons>
          <div class="hint muted"><button class="secondary" @click=${() => this.host.postMessage({ type: 'undo' })} aria-keyshortcuts="Control+Z">Undo</button> <kbd>1</kbd>–<kbd>${Math.min(9, this.classes.length)}</kbd> set the label, <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes</div>
          ${this.renderHistory(d)}
        </section>
        <section aria-label="Transcript and prediction">
          ${d.transcript ? html`<h2>Transcript</h2><div class="transcript">${d.transcript}</div>` : nothing}
          ${d.prediction
            ? html`<h2>Prediction${d.prediction.fold !== undefined ? html` <span class="muted">(fold ${d.prediction.fold})</span>` : nothing}</h2>
                <ser-prob-bars .classes=${d.prediction.classes} .values=${d.prediction.probs} .colours=${categoryColours(this, d.prediction.classes)} .marked=${d.label} label="Predicted probabilities"></ser-prob-bars>`
            : html`<h2>Prediction</h2><div class="muted">No run open.</div>`}
        </section>
        ${this.renderEvaluators(d)}
        <section aria-label="Nearest neighbours">
          <h2>Nearest neighbours</h2>
          ${this.neighbours.length === 0
            ? html`<div class="muted">No run open, or no neighbours.</div>`
            : html`<ul class="neighbours">
                ${this.neighbours.map(
                  (n) => html`<li>
                    <button class="icon secondary" aria-label=${`Play ${n.id}`} aria-pressed=${this.playingNeighbour === n.id ? 'true' : 'false'} @click=${() => this.playNeighbour(n.id)}>▶︎</button>
                    <button class="link" title=${`Open ${n.id}`} @click=${() => this.host.postMessage({ type: 'open', id: n.id })}>${n.id}</button>
                    <span class="chip" style="color:${colours[this.classes.indexOf(n.label)] ?? 'inherit'}">${n.label}</span>
                    <span class="num muted" title="cosine similarity">${fixed(n.similarity, 2)}</span>
                  </li>`,
                )}
              </ul>`}
          ${dialogMode ? this.renderTurns(colours) : nothing}
        </section>
      </div>
    `;
  }

  private renderHistory(d: UtteranceDetail) {
    if (d.history.length === 0) return html`<div class="muted">No corrections; the corpus label applies.</div>`;
    return html`<h2>History</h2>
      <ol class="history">
        ${d.history.map(
          (h) => html`<li class=${h.undone ? 'undone' : ''}>
            ${h.op === 'set' ? html`${h.old ?? '(none)'} → <b>${h.new}</b>` : h.op}
            <span class="muted">by ${h.who}, ${new Date(h.when).toLocaleString()}</span>${h.note ? html` — ${h.note}` : nothing}
          </li>`,
        )}
      </ol>`;
  }

  private renderEvaluators(d: UtteranceDetail) {
    const votes = d.votes ?? [];
    const self = d.selfVotes ?? [];
    if (!votes.length && !self.length && !d.vad && !d.dimensionalVotes?.length) return nothing;
    return html`<section aria-label="Evaluators">
      <h2>Evaluators</h2>
      ${votes.length || self.length
        ? html`<table>
            <thead><tr><th scope="col">Evaluator</th><th scope="col">Categories</th></tr></thead>
            <tbody>
              ${votes.map((v) => html`<tr><td>${v.evaluator}</td><td>${v.labels.join(', ')}${v.note ? html` <span class="muted">(${v.note})</span>` : nothing}</td></tr>`)}
              ${self.map((v) => html`<tr class="muted"><td>${v.evaluator} (self)</td><td>${v.labels.join(', ')}</td></tr>`)}
            </tbody>
          </table>`
        : nothing}
      ${d.vad
        ? html`<h2>Valence / activation / dominance</h2>
            <div class="vad" role="list" aria-label="Valence, activation and dominance on a 1 to 5 scale">
              ${(['Valence', 'Activation', 'Dominance'] as const).map(
                (name, i) => html`<span role="listitem" aria-label=${`${name} ${d.vad![i]}`}>${name}</span>
                  <span class="track"><div class="bar" style="width:${(((d.vad![i] - 1) / 4) * 100).toFixed(0)}%"></div></span>
                  <span class="num">${fixed(d.vad![i], 1)}</span>`,
              )}
            </div>`
        : nothing}
      ${d.dimensionalVotes?.length
        ? html`<table>
            <thead><tr><th scope="col">Evaluator</th><th scope="col">V</th><th scope="col">A</th><th scope="col">D</th></tr></thead>
            <tbody>${d.dimensionalVotes.map((v) => html`<tr><td>${v.evaluator}</td><td class="num">${v.valence ?? '–'}</td><td class="num">${v.activation ?? '–'}</td><td class="num">${v.dominance ?? '–'}</td></tr>`)}</tbody>
          </table>`
        : nothing}
    </section>`;
  }

  private renderTurns(colours: string[]) {
    const regions = this.dialog?.regions ?? [];
    return html`<h2>Dialog turns</h2>
      <ul class="turns" aria-label="Utterances of the dialog">
        ${regions.map(
          (r) => html`<li class=${r.id === this.detail?.id ? 'active' : ''}>
            <button class="link" aria-current=${r.id === this.detail?.id ? 'true' : 'false'} @click=${() => this.openRegion(r.id)}>${r.id}</button>
            <span class="chip" style="color:${colours[this.classes.indexOf(r.label ?? '')] ?? 'inherit'}">${r.label ?? '–'}</span>
          </li>`,
        )}
      </ul>`;
  }

  private dialogRegions(colours: string[]): WaveRegion[] {
    const fallback = 'var(--vscode-descriptionForeground)';
    return (this.dialog?.regions ?? []).map((r) => ({
      id: r.id,
      start: r.start,
      end: r.end,
      colour: colours[this.classes.indexOf(r.label ?? '')] ?? fallback,
      text: r.label ?? '–',
      active: r.id === this.detail?.id,
    }));
  }

  private wave(): WaveformElement | null {
    return this.renderRoot.querySelector('ser-waveform');
  }

  private scrollToActive(): void {
    const r = this.dialog?.regions.find((x) => x.id === this.detail?.id);
    const w = this.wave();
    if (r && w) void w.whenLoaded().then(() => w.wavesurfer?.setTime(r.start));
  }

  private setLabel(label: string): void {
    if (!this.detail || !this.classes.includes(label)) return;
    this.host.postMessage({ type: 'setLabel', id: this.detail.id, label });
  }

  private openRegion(id: string): void {
    if (id !== this.detail?.id && this.dialog?.regions.some((r) => r.id === id)) this.host.postMessage({ type: 'open', id });
  }

  private playNeighbour(id: string): void {
    if (this.playingNeighbour === id) {
      this.player.stop();
      this.playingNeighbour = undefined;
      return;
    }
    this.wave()?.pause();
    this.host.postMessage({ type: 'playNeighbour', id });
  }

  private toggleDialog(show: boolean): void {
    this.showDialog = show;
    this.host.postMessage({ type: 'showDialog', show });
    this.saveState();
  }

  private setZoom(zoom: number): void {
    this.zoom = zoom;
    this.saveState();
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.saveState();
  }

  private saveState(): void {
    if (this.detail) this.host.setState({ id: this.detail.id, zoom: this.zoom, rate: this.rate, dialog: this.showDialog });
  }

  private key(e: KeyboardEvent): void {
    if (isUndo(e)) {
      e.preventDefault();
      this.host.postMessage({ type: 'undo' });
      return;
    }
    if (isTyping(e)) return;
    if (plain(e, ' ') && !isOnButton(e)) {
      e.preventDefault();
      void this.wave()?.playPause();
      return;
    }
    const digit = digitOf(e);
    if (digit !== undefined && digit <= this.classes.length) {
      e.preventDefault();
      this.setLabel(this.classes[digit - 1]);
      return;
    }
    if (plain(e, '+') || plain(e, '=')) this.setZoom(ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, zoomStep(this.zoom) + 1)]);
    else if (plain(e, '-')) this.setZoom(ZOOM_STEPS[Math.max(0, zoomStep(this.zoom) - 1)]);
  }
}

function zoomStep(zoom: number): number {
  let best = 0;
  ZOOM_STEPS.forEach((z, i) => {
    if (Math.abs(z - zoom) < Math.abs(ZOOM_STEPS[best] - zoom)) best = i;
  });
  return best;
}

customElements.define('ser-utterance-view', UtteranceViewElement);

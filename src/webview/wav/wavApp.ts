/**
 * <ser-wav-view>: the read-only .wav editor: waveform, spectrogram and timeline with zoom and speed, Space to play;
 * when the file is a dataset utterance, its label and a button to open the utterance view.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { FromWavView, ToWavView } from '../../shared/views/wavMessages';
import { PLAYBACK_RATES } from '../../shared/views/utteranceMessages';
import type { AudioSource, ViewError } from '../../shared/views/audioSource';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import { clock } from '../common/format';
import { isOnButton, isTyping, plain } from '../common/keys';
import { baseStyles } from '../common/styles';
import { WindowKeys } from '../common/windowKeys';
import '../components/waveform';
import type { WaveformElement } from '../components/waveform';

/** Kept across hide/show. */
export interface WavViewState {
  zoom: number;
  rate: number;
}

const ZOOMS = [0, 50, 100, 200, 400, 800, 1600];

export class WavViewElement extends LitElement {
  static override properties = {
    name: { state: true },
    source: { state: true },
    utterance: { state: true },
    zoom: { state: true },
    rate: { state: true },
    duration: { state: true },
    error: { state: true },
  };

  host!: HostApi<FromWavView, WavViewState>;

  private name = '';
  private source: AudioSource | undefined;
  private utterance: { id: string; label: string | null } | undefined;
  private zoom = 0;
  private rate = 1;
  private duration = 0;
  private error: ViewError | undefined;
  private readonly keys = new WindowKeys(this, (e) => {
    if (isTyping(e)) return;
    if (plain(e, ' ') && !isOnButton(e)) {
      e.preventDefault();
      void this.wave()?.playPause();
    }
  });

  static override styles = [
    baseStyles,
    css`
      :host { display: block; padding: 8px 12px; }
      header { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin-bottom: 6px; }
      h1 { font-size: 1.1em; margin: 0; word-break: break-all; }
      .toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
      .toolbar label { display: inline-flex; gap: 4px; align-items: center; }
      ser-waveform { border: 1px solid var(--vscode-panel-border, #8884); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.host.getState();
    if (s) {
      this.zoom = s.zoom;
      this.rate = s.rate;
    }
  }

  receive(m: ToWavView): void {
    switch (m.type) {
      case 'file':
        this.name = m.name;
        this.source = m.source;
        this.utterance = m.utterance;
        this.error = undefined;
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
    return html`
      <header>
        <h1>${this.name || 'Loading…'}</h1>
        ${this.duration ? html`<span class="muted">${clock(this.duration)} (${this.duration.toFixed(2)} s)</span>` : nothing}
        ${this.utterance
          ? html`<span>Utterance <b>${this.utterance.id}</b>, label <b>${this.utterance.label ?? '(none)'}</b></span>
              <button class="secondary" @click=${() => this.host.postMessage({ type: 'openUtterance' })}>Open in SER utterance view</button>`
          : nothing}
      </header>
      ${errorBanner(this.error)}
      <div class="toolbar" role="toolbar" aria-label="Playback">
        <button @click=${() => this.wave()?.playPause()} aria-keyshortcuts="Space">▶︎/❚❚ Play</button>
        <label>Zoom
          <input type="range" min="0" max=${ZOOMS.length - 1} .value=${String(Math.max(0, ZOOMS.indexOf(this.zoom)))}
            aria-valuetext=${this.zoom ? `${this.zoom} pixels per second` : 'fit'}
            @input=${(e: Event) => this.set({ zoom: ZOOMS[Number((e.target as HTMLInputElement).value)] })}>
        </label>
        <label>Speed
          <select @change=${(e: Event) => this.set({ rate: Number((e.target as HTMLSelectElement).value) })}>
            ${PLAYBACK_RATES.map((r) => html`<option value=${r} ?selected=${r === this.rate}>${r}×</option>`)}
          </select>
        </label>
      </div>
      <ser-waveform .source=${this.source} .zoom=${this.zoom} .rate=${this.rate} height="128" label=${`Waveform of ${this.name}`}
        @ws-ready=${(e: CustomEvent<{ duration: number }>) => (this.duration = e.detail.duration)}></ser-waveform>
    `;
  }

  private wave(): WaveformElement | null {
    return this.renderRoot.querySelector('ser-waveform');
  }

  private set(s: Partial<WavViewState>): void {
    if (s.zoom !== undefined) this.zoom = s.zoom;
    if (s.rate !== undefined) this.rate = s.rate;
    this.host.setState({ zoom: this.zoom, rate: this.rate });
  }
}

customElements.define('ser-wav-view', WavViewElement);

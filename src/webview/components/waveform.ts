/**
 * <ser-waveform>: one recording drawn by wavesurfer.js 7 with its Timeline, Regions and Spectrogram plugins, in
 * the theme's colours. Owns its wavesurfer instance and every listener it adds, and destroys them when removed.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import SpectrogramPlugin from 'wavesurfer.js/dist/plugins/spectrogram.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import type { AudioSource } from '../../shared/views/audioSource';
import { audioUrl } from '../common/audioUrl';
import { cssVar, onThemeChange, rgba, themeKind } from '../common/theme';

/** A marked stretch of the recording (an utterance of a dialog, or the utterance inside a longer file). */
export interface WaveRegion {
  id: string;
  /** Seconds. */
  start: number;
  end: number;
  /** CSS colour; drawn translucent. */
  colour: string;
  /** Short text drawn in the region (its label). */
  text?: string;
  /** The region of the utterance on screen: drawn stronger. */
  active?: boolean;
}

/** Decoding rate: speech needs no more than 8 kHz of bandwidth, and the spectrogram shows up to its Nyquist. */
const DECODE_RATE = 16000;

export class WaveformElement extends LitElement {
  static override properties = {
    source: { attribute: false },
    regions: { attribute: false },
    zoom: { type: Number },
    rate: { type: Number },
    spectrogram: { type: Boolean },
    height: { type: Number },
    label: { type: String },
    loadError: { state: true },
  };

  source: AudioSource | undefined;
  regions: WaveRegion[] = [];
  /** Pixels per second; 0 = fit the width. */
  zoom = 0;
  /** Playback rate (pitch preserved). */
  rate = 1;
  spectrogram = true;
  /** Waveform height, CSS px. */
  height = 96;
  /** Accessible name. */
  label = 'Waveform';
  private loadError = '';

  private ws: WaveSurfer | undefined;
  private regionsPlugin: RegionsPlugin | undefined;
  private spectrogramPlugin: SpectrogramPlugin | undefined;
  private timelinePlugin: TimelinePlugin | undefined;
  private timelineKey = '';
  private revoke: (() => void) | undefined;
  private unsubscribe: (() => void)[] = [];
  private unwatchTheme: (() => void) | undefined;
  private loaded = false;
  private finishWaiters: (() => void)[] = [];
  private playingRange: [number, number] | undefined;

  static override styles = css`
    :host { display: block; position: relative; }
    .wave { width: 100%; min-height: 40px; }
    .status { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--vscode-descriptionForeground); pointer-events: none; }
    .error { color: var(--vscode-errorForeground); }
  `;

  override render() {
    return html`<div class="wave" role="img" aria-label=${this.label}></div>
      ${this.loadError
        ? html`<div class="status error" role="alert">${this.loadError}</div>`
        : !this.loaded && this.source
          ? html`<div class="status" role="status">Loading audio…</div>`
          : nothing}`;
  }

  /** The wavesurfer instance (tests read its canvases). */
  get wavesurfer(): WaveSurfer | undefined {
    return this.ws;
  }

  get duration(): number {
    return this.ws?.getDuration() ?? 0;
  }

  get isPlaying(): boolean {
    return this.ws?.isPlaying() ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // VS Code swaps the body's theme class and variables when the user changes theme: recolour.
    this.unwatchTheme = onThemeChange(this.ownerDocument, () => {
      this.applyColours();
      if (this.loaded) this.drawRegions();
    });
    // Moved in the DOM after its first render: disconnectedCallback destroyed wavesurfer, so build it again.
    if (this.hasUpdated && !this.ws) void this.updateComplete.then(() => this.isConnected && !this.ws && this.createWaveSurfer());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchTheme?.();
    this.destroyWaveSurfer();
  }

  protected override firstUpdated(): void {
    this.createWaveSurfer();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.ws) return;
    if (changed.has('source')) this.load();
    if (changed.has('regions') && this.loaded) this.drawRegions();
    if (changed.has('zoom') && this.loaded) {
      this.ws.zoom(this.zoom);
      this.updateTimeline();
    }
    if (changed.has('rate')) this.ws.setPlaybackRate(this.rate, true);
    if (changed.has('spectrogram') && changed.get('spectrogram') !== undefined) this.toggleSpectrogram();
    if (changed.has('height')) this.ws.setOptions({ height: this.height });
  }

  /** Plays from the cursor (within the source's start..end when it has one). */
  async play(): Promise<void> {
    const ws = this.ws;
    if (!ws || !this.loaded) return;
    const s = this.source;
    if (s?.start !== undefined || s?.end !== undefined) {
      const start = s.start ?? 0;
      const end = s.end ?? ws.getDuration();
      const t = ws.getCurrentTime();
      const from = t >= start && t < end - 0.01 ? t : start;
      this.playingRange = [start, end];
      await ws.play(from, end);
      return;
    }
    if (ws.getCurrentTime() >= ws.getDuration() - 0.01) ws.setTime(0);
    await ws.play();
  }

  /** Plays the region `id` from its start to its end. */
  async playRegion(id: string): Promise<void> {
    const r = this.regions.find((x) => x.id === id);
    if (!r || !this.ws || !this.loaded) return;
    this.playingRange = [r.start, r.end];
    await this.ws.play(r.start, r.end);
  }

  pause(): void {
    this.ws?.pause();
  }

  async playPause(): Promise<void> {
    if (this.isPlaying) this.pause();
    else await this.play();
  }

  /** Plays from the start (of the range) and resolves when playback finishes or is stopped. */
  playThrough(): Promise<void> {
    if (!this.ws || !this.loaded) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.finishWaiters.push(resolve));
    this.ws.setTime(this.source?.start ?? 0);
    this.play().catch(() => this.settleFinish());
    return done;
  }

  /** Resolves once the audio is decoded and drawn (immediately if it is). */
  whenLoaded(): Promise<void> {
    if (this.loaded || !this.ws) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.ws!.on('ready', () => {
        off();
        resolve();
      });
    });
  }

  private createWaveSurfer(): void {
    const container = this.renderRoot.querySelector('.wave') as HTMLElement;
    this.regionsPlugin = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      height: this.height,
      normalize: true,
      sampleRate: DECODE_RATE,
      dragToSeek: true,
      autoScroll: true,
      autoCenter: true,
      hideScrollbar: false,
      minPxPerSec: this.zoom,
      audioRate: this.rate,
      plugins: [this.regionsPlugin],
    });
    this.ws = ws;
    if (this.spectrogram) this.toggleSpectrogram();
    this.applyColours();
    this.unsubscribe.push(
      ws.on('ready', (duration) => {
        this.loaded = true;
        this.loadError = '';
        this.drawRegions();
        if (this.zoom) ws.zoom(this.zoom);
        this.updateTimeline();
        ws.setPlaybackRate(this.rate, true);
        if (this.source?.start !== undefined) ws.setTime(this.source.start);
        this.requestUpdate();
        this.emit('ws-ready', { duration });
      }),
      ws.on('play', () => this.emit('ws-play', {})),
      ws.on('pause', () => {
        this.emit('ws-pause', {});
        // wavesurfer pauses at the end of play(start, end): that is this range's finish.
        const r = this.playingRange;
        if (r && ws.getCurrentTime() >= r[1] - 0.05) {
          this.playingRange = undefined;
          this.emit('ws-finish', {});
        }
        this.settleFinish();
      }),
      ws.on('finish', () => {
        this.playingRange = undefined;
        this.emit('ws-finish', {});
        this.settleFinish();
      }),
      ws.on('error', (err) => {
        this.loadError = `Could not load the audio: ${err.message}`;
        this.settleFinish();
      }),
    );
    this.regionsPlugin.on('region-clicked', (region: Region, e: MouseEvent) => {
      e.stopPropagation();
      this.emit('region-click', { id: region.id });
    });
    if (this.source) this.load();
  }

  /**
   * (Re)creates the timeline with notch and label spacing for the current pixels per second: wavesurfer's defaults
   * label only every 10 s, which leaves a 2-second utterance with a lone "0".
   */
  private updateTimeline(): void {
    const ws = this.ws;
    const duration = ws?.getDuration() ?? 0;
    if (!ws || !duration) return;
    const pxPerSec = this.zoom || ws.getWidth() / duration;
    const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
    const notch = steps.find((s) => s * pxPerSec >= 10) ?? 600;
    const label = steps.find((s) => s * pxPerSec >= 60 && Math.round(s * 100) % Math.round(notch * 100) === 0) ?? 600;
    const key = `${notch}/${label}`;
    if (key === this.timelineKey) return;
    this.timelineKey = key;
    this.timelinePlugin?.destroy();
    this.timelinePlugin = ws.registerPlugin(
      TimelinePlugin.create({
        height: 16,
        timeInterval: notch,
        primaryLabelInterval: label,
        secondaryLabelInterval: label,
        secondaryLabelOpacity: 0.5,
        style: { color: cssVar(this, '--vscode-descriptionForeground'), fontSize: '10px' },
        formatTimeCallback: (t) => (t >= 60 ? `${Math.floor(t / 60)}:${String(Math.round(t % 60)).padStart(2, '0')}` : `${Number(t.toFixed(2))}s`),
      }),
    );
  }

  private toggleSpectrogram(): void {
    const ws = this.ws;
    if (!ws) return;
    if (this.spectrogram && !this.spectrogramPlugin) {
      const light = ['light', 'high-contrast-light'].includes(themeKind(this.ownerDocument));
      this.spectrogramPlugin = ws.registerPlugin(
        SpectrogramPlugin.create({
          height: 96,
          labels: false,
          scale: 'mel',
          frequencyMax: DECODE_RATE / 2,
          fftSamples: 512,
          colorMap: light ? 'igray' : 'roseus',
          // The webview's CSP has no worker-src: compute on the page.
          useWebWorker: false,
        }),
      );
    } else if (!this.spectrogram && this.spectrogramPlugin) {
      this.spectrogramPlugin.destroy();
      this.spectrogramPlugin = undefined;
    }
  }

  private load(): void {
    const ws = this.ws!;
    this.revoke?.();
    this.revoke = undefined;
    this.loaded = false;
    this.loadError = '';
    this.regionsPlugin?.clearRegions();
    const s = this.source;
    if (!s) {
      ws.empty();
      return;
    }
    const onError = (err: unknown): void => {
      this.loadError = `Could not load the audio: ${err instanceof Error ? err.message : String(err)}`;
    };
    if (s.kind === 'bytes') {
      ws.loadBlob(new Blob([s.bytes as Uint8Array<ArrayBuffer>], { type: s.mime })).catch(onError);
    } else {
      const { url, revoke } = audioUrl(s);
      this.revoke = revoke;
      ws.load(url).catch(onError);
    }
  }

  private drawRegions(): void {
    const plugin = this.regionsPlugin;
    if (!plugin) return;
    plugin.clearRegions();
    const doc = this.ownerDocument;
    const marks: WaveRegion[] = [...this.regions];
    const s = this.source;
    if (marks.length === 0 && (s?.start !== undefined || s?.end !== undefined)) {
      marks.push({ id: '(utterance)', start: s.start ?? 0, end: s.end ?? this.duration, colour: cssVar(this, '--vscode-focusBorder'), active: true });
    }
    for (const r of marks) {
      const [red, g, b] = rgba(doc, r.colour);
      const region = plugin.addRegion({
        id: r.id,
        start: r.start,
        end: r.end,
        color: `rgba(${red}, ${g}, ${b}, ${r.active ? 0.38 : 0.16})`,
        drag: false,
        resize: false,
        ...(r.text ? { content: r.text } : {}),
      });
      const el = region.element;
      if (el) {
        el.title = r.id;
        el.style.cursor = 'pointer';
        if (r.active) el.style.boxShadow = `inset 0 0 0 2px ${r.colour}`;
        const content = el.querySelector('[part~="region-content"]') as HTMLElement | null;
        if (content) {
          content.style.color = r.colour;
          content.style.fontSize = '11px';
          content.style.padding = '1px 3px';
        }
      }
    }
  }

  private applyColours(): void {
    if (!this.ws) return;
    const fg = cssVar(this, '--vscode-foreground');
    this.ws.setOptions({
      waveColor: cssVar(this, '--vscode-charts-blue', fg),
      progressColor: cssVar(this, '--vscode-textLink-activeForeground', cssVar(this, '--vscode-charts-purple')),
      cursorColor: cssVar(this, '--vscode-editorCursor-foreground', fg),
      cursorWidth: 2,
    });
  }

  private settleFinish(): void {
    const waiters = this.finishWaiters;
    this.finishWaiters = [];
    waiters.forEach((w) => w());
  }

  private destroyWaveSurfer(): void {
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.settleFinish();
    this.ws?.destroy();
    this.ws = undefined;
    this.regionsPlugin = undefined;
    this.spectrogramPlugin = undefined;
    this.timelinePlugin = undefined;
    this.timelineKey = '';
    this.revoke?.();
    this.revoke = undefined;
    this.loaded = false;
  }

  private emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('ser-waveform', WaveformElement);

declare global {
  interface HTMLElementTagNameMap {
    'ser-waveform': WaveformElement;
  }
}

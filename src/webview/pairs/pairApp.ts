/**
 * <ser-pair-review>: two utterances the encoder places together but that carry different labels, side by side.
 * Space plays A then B; a/b play one side; l relabels the left (to the right's label), r the right, f says both
 * are fine; j/k move through the pairs; Ctrl+Z undoes. Verdicts go to the host, which validates them.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { FromPairView, PairVerdict, PairViewState, ToPairView } from '../../shared/views/pairMessages';
import type { AudioSource } from '../../shared/views/audioSource';
import type { PairItem, PairListData, PairSideItem, UtteranceDetail } from '../../shared/views/viewTypes';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import { fixed, pct } from '../common/format';
import { isOnButton, plain } from '../common/keys';
import { ReviewList } from '../common/reviewList';
import { baseStyles } from '../common/styles';
import { categoryColours } from '../common/theme';
import { ThemeWatch } from '../common/themeWatch';
import '../components/waveform';
import '../components/probBars';
import type { WaveformElement } from '../components/waveform';

export class PairReviewElement extends LitElement {
  static override properties = {
    classes: { state: true },
    list: { state: true },
    details: { state: true },
    sources: { state: true },
    playing: { state: true },
  };

  host!: HostApi<FromPairView, PairViewState>;

  private classes: string[] = [];
  private list: PairListData | undefined;
  private details = new Map<string, UtteranceDetail>();
  private sources = new Map<string, AudioSource>();
  /** 'a', 'b' or 'ab' while playing. */
  private playing: '' | 'a' | 'b' | 'ab' = '';
  private playToken = 0;
  private readonly theme = new ThemeWatch(this);
  /** A pair is keyed by both ids and loads both sides; a new list loads both again, even those already here. */
  private readonly review = new ReviewList<PairItem>(this, {
    busy: 'Loading the pairs…',
    headingId: 'pairs-h',
    optionPrefix: 'p',
    items: () => this.list?.pairs,
    keyOf: (p) => pairKey([p.a.id, p.b.id]),
    saveActive: (p) => this.host.setState({ active: [p.a.id, p.b.id] }),
    leave: () => this.stop(),
    load: (p, refresh) => {
      for (const id of [p.a.id, p.b.id]) if (!this.sources.has(id) || refresh) this.host.postMessage({ type: 'load', id });
    },
    undo: () => this.host.postMessage({ type: 'undo' }),
    key: (e) => this.key(e),
  });

  static override styles = [
    baseStyles,
    css`
      :host { display: grid; grid-template-columns: minmax(240px, 28%) 1fr; height: 100vh; box-sizing: border-box; }
      .left { display: grid; grid-template-rows: auto 1fr; min-height: 0; border-right: 1px solid var(--vscode-panel-border, #8884); }
      .left header { padding: 6px 8px; }
      [role='option'] { display: grid; grid-template-columns: 2em 1fr auto; gap: 0 6px; padding: 3px 8px; }
      [role='option'] .ids { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      [role='option'].done .ids { text-decoration: line-through; opacity: 0.7; }
      .main { padding: 8px 14px; overflow: auto; min-height: 0; }
      .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
      .side { border: 1px solid var(--vscode-panel-border, #8884); padding: 6px 8px; min-width: 0; }
      .side.wrong { border-color: var(--vscode-charts-orange); }
      .side.playing { outline: 2px solid var(--vscode-focusBorder); }
      .side h2 { margin-top: 0; display: flex; justify-content: space-between; gap: 6px; }
      .side .id { word-break: break-all; }
      .big { font-size: 1.3em; font-weight: 600; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 4px 0; }
      dt { color: var(--vscode-descriptionForeground); }
      dd { margin: 0; }
      ser-waveform { margin: 6px 0; }
      .fix { margin: 10px 0; padding: 6px 10px; border-left: 3px solid var(--vscode-charts-orange); }
      .actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
      .transcript { font-style: italic; }
      .status { padding: 10px; }
    `,
  ];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  receive(m: ToPairView): void {
    switch (m.type) {
      case 'pairs': {
        const saved = this.host.getState()?.active;
        const keep = this.review.activeKey() ?? (saved && pairKey(saved));
        this.classes = m.classes;
        this.list = m.list;
        this.review.listed(keep, true);
        return;
      }
      case 'busy':
      case 'error':
        this.review.status(m);
        return;
      case 'detail':
        this.details = new Map(this.details).set(m.detail.id, m.detail);
        return;
      case 'audio':
        this.sources = new Map(this.sources).set(m.id, m.source);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  override render() {
    const list = this.list;
    const p = this.review.current();
    const colours = categoryColours(this, this.classes);
    const colourOf = (l: string): string => colours[this.classes.indexOf(l)] ?? 'inherit';
    return html`
      <div class="left">
        ${this.review.header('Pairs', list ? html`${list.pairs.length} of ${list.candidates} candidates${list.dismissed ? html` · ${list.dismissed} dismissed` : nothing}` : undefined)}
        ${this.review.listbox('No pairs left to review.', (x, done) => ({
          label: `${x.rank}. ${x.a.id} ${x.a.label} and ${x.b.id} ${x.b.label}, similarity ${fixed(x.similarity, 2)}${done ? `, reviewed: ${done}` : ''}`,
          content: html`
            <span class="num muted">${x.rank}</span>
            <span class="ids">${x.a.id}<br />${x.b.id}</span>
            <span><span style="color:${colourOf(x.a.label)}">${x.a.label}</span><br /><span style="color:${colourOf(x.b.label)}">${x.b.label}</span></span>`,
        }))}
      </div>
      <div class="main">
        ${errorBanner(this.review.error)}
        ${p ? this.renderPair(p, colourOf) : nothing}
      </div>
    `;
  }

  private renderPair(p: PairItem, colourOf: (l: string) => string) {
    const wrong = p.likelyWrong === 'a' ? p.a : p.b;
    const done = this.review.verdictOn(p);
    return html`
      <div class="sides">
        ${this.renderSide('a', p.a, p.likelyWrong === 'a', p.b.label, colourOf)}
        ${this.renderSide('b', p.b, p.likelyWrong === 'b', p.a.label, colourOf)}
      </div>
      <div class="fix" role="note">
        Similarity ${fixed(p.similarity, 2)}${p.mutual ? ' (mutual nearest neighbours)' : ''}.
        Suggested fix: relabel the <b>${p.likelyWrong === 'a' ? 'left' : 'right'}</b> one (${wrong.id}) as <b style="color:${colourOf(p.suggested)}">${p.suggested}</b> — confidence ${pct(p.confidence)}.
        ${done ? html`<br />Reviewed: ${done}` : nothing}
      </div>
      <div class="actions" role="group" aria-label="Verdict">
        <button aria-keyshortcuts="l" @click=${() => this.verdict('relabel-a')}>Relabel left as ${p.b.label} <kbd>l</kbd></button>
        <button aria-keyshortcuts="r" @click=${() => this.verdict('relabel-b')}>Relabel right as ${p.a.label} <kbd>r</kbd></button>
        <button class="secondary" aria-keyshortcuts="f" @click=${() => this.verdict('fine')}>Both fine <kbd>f</kbd></button>
        <button class="secondary" aria-keyshortcuts="Space" aria-pressed=${this.playing === 'ab' ? 'true' : 'false'} @click=${() => void this.playAB()}>Play A then B <kbd>Space</kbd></button>
      </div>
      <div class="muted"><kbd>a</kbd>/<kbd>b</kbd> play one side · <kbd>j</kbd>/<kbd>k</kbd> next/previous pair · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo</div>
    `;
  }

  private renderSide(side: 'a' | 'b', s: PairSideItem, wrong: boolean, otherLabel: string, colourOf: (l: string) => string) {
    const d = this.details.get(s.id);
    const playing = this.playing === side;
    return html`<section class="side ${wrong ? 'wrong' : ''} ${playing ? 'playing' : ''}" aria-label=${`${side === 'a' ? 'Left (A)' : 'Right (B)'}: ${s.id}`}>
      <h2><span>${side === 'a' ? 'A · left' : 'B · right'}</span>${wrong ? html`<span class="chip" style="color:var(--vscode-charts-orange)">likely wrong</span>` : nothing}</h2>
      <div class="id"><button class="secondary" style="padding:0 6px" title="Open ${s.id}" @click=${() => this.host.postMessage({ type: 'open', id: s.id })}>${s.id}</button></div>
      <div class="big" style="color:${colourOf(s.label)}">${s.label}</div>
      <ser-waveform data-side=${side} .source=${this.sources.get(s.id)} .spectrogram=${false} height="70" label=${`Waveform of ${s.id}`}
        @ws-play=${() => (this.playing = this.playing === 'ab' ? 'ab' : side)}></ser-waveform>
      <button class="secondary" aria-keyshortcuts=${side} @click=${() => void this.playOne(side)}>▶︎ Play ${side.toUpperCase()} <kbd>${side}</kbd></button>
      ${d?.transcript ? html`<div class="transcript">${d.transcript}</div>` : nothing}
      <dl>
        <dt>P(own label)</dt><dd>${pct(s.selfConfidence)}</dd>
        <dt>P(${otherLabel})</dt><dd>${pct(s.posteriorOfOther)}</dd>
        <dt>Neighbours disagree</dt><dd>${pct(s.neighbourDisagreement)}</dd>
        ${d?.votes?.length ? html`<dt>Votes</dt><dd>${d.votes.map((v) => v.labels.join('+')).join(', ')}</dd>` : nothing}
        ${d?.corpusLabel && d.corpusLabel !== s.label ? html`<dt>Corpus label</dt><dd>${d.corpusLabel}</dd>` : nothing}
      </dl>
      ${d?.prediction ? html`<ser-prob-bars .classes=${d.prediction.classes} .values=${d.prediction.probs} .colours=${categoryColours(this, d.prediction.classes)} .marked=${s.label} label=${`Predicted probabilities of ${s.id}`}></ser-prob-bars>` : nothing}
    </section>`;
  }

  private wave(side: 'a' | 'b'): WaveformElement | null {
    return this.renderRoot.querySelector(`ser-waveform[data-side="${side}"]`);
  }

  /** Plays the left recording, then the right one, unless stopped in between. */
  async playAB(): Promise<void> {
    if (this.playing) {
      this.stop();
      return;
    }
    const token = ++this.playToken;
    const a = this.wave('a');
    const b = this.wave('b');
    if (!a || !b) return;
    this.playing = 'ab';
    await a.playThrough();
    if (token !== this.playToken) return;
    await b.playThrough();
    if (token === this.playToken) this.playing = '';
  }

  private async playOne(side: 'a' | 'b'): Promise<void> {
    this.stop();
    const token = ++this.playToken;
    this.playing = side;
    await this.wave(side)?.playThrough();
    if (token === this.playToken) this.playing = '';
  }

  private stop(): void {
    this.playToken++;
    this.playing = '';
    this.wave('a')?.pause();
    this.wave('b')?.pause();
  }

  private verdict(v: PairVerdict): void {
    const p = this.review.current();
    if (!p) return;
    this.stop();
    this.host.postMessage({ type: 'verdict', a: p.a.id, b: p.b.id, verdict: v });
    this.review.markAndAdvance(v === 'fine' ? 'both fine' : v === 'relabel-a' ? `left → ${p.b.label}` : `right → ${p.a.label}`);
  }

  /** The pair's own keys, after the list's undo and j/k; true when `e` was one of them. */
  private key(e: KeyboardEvent): boolean {
    if (plain(e, 'l')) this.verdict('relabel-a');
    else if (plain(e, 'r')) this.verdict('relabel-b');
    else if (plain(e, 'f')) this.verdict('fine');
    else if (plain(e, 'a')) void this.playOne('a');
    else if (plain(e, 'b')) void this.playOne('b');
    else if (plain(e, ' ') && !isOnButton(e)) void this.playAB();
    else return false;
    return true;
  }
}

/** Two pairs have the same key exactly when both their ids are the same. */
function pairKey(ids: readonly [string, string]): string {
  return JSON.stringify(ids);
}

customElements.define('ser-pair-review', PairReviewElement);

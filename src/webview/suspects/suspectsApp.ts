/**
 * <ser-suspects-view>: the ranked suspects as an ARIA listbox beside the evidence for the one under review.
 * Keyboard review: j/k (or arrows) move, 1-9 set the label, s accepts the suggestion, n = not an issue,
 * Space plays, Enter opens the utterance view, Ctrl+Z undoes. A verdict moves on to the next suspect.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { FromSuspectsView, SuspectsViewState, ToSuspectsView } from '../../shared/views/suspectsMessages';
import type { AudioSource } from '../../shared/views/audioSource';
import type { SuspectItem, SuspectListData, UtteranceDetail } from '../../shared/views/viewTypes';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import { fixed, pct } from '../common/format';
import { digitOf, isOnButton, plain } from '../common/keys';
import { ReviewList } from '../common/reviewList';
import { baseStyles } from '../common/styles';
import { categoryColours } from '../common/theme';
import { ThemeWatch } from '../common/themeWatch';
import '../components/waveform';
import '../components/labelButtons';
import '../components/probBars';
import type { WaveformElement } from '../components/waveform';

const CATEGORY_TEXT: Record<SuspectItem['category'], string> = {
  'likely-wrong': 'likely wrong',
  ambiguous: 'ambiguous',
  uncertain: 'uncertain',
};

export class SuspectsViewElement extends LitElement {
  static override properties = {
    classes: { state: true },
    list: { state: true },
    detail: { state: true },
    source: { state: true },
  };

  host!: HostApi<FromSuspectsView, SuspectsViewState>;

  private classes: string[] = [];
  private list: SuspectListData | undefined;
  private detail: UtteranceDetail | undefined;
  private source: AudioSource | undefined;
  private readonly theme = new ThemeWatch(this);
  /** A suspect is keyed by its id and shows only its own details and audio, dropped when the selection moves on. */
  private readonly review = new ReviewList<SuspectItem>(this, {
    busy: 'Loading the suspects…',
    headingId: 'list-h',
    optionPrefix: 's',
    items: () => this.list?.suspects,
    keyOf: (s) => s.id,
    saveActive: (s) => this.host.setState({ activeId: s.id }),
    leave: () => {
      this.detail = undefined;
      this.source = undefined;
    },
    load: (s) => this.host.postMessage({ type: 'load', id: s.id }),
    undo: () => this.host.postMessage({ type: 'undo' }),
    key: (e) => this.key(e),
  });

  static override styles = [
    baseStyles,
    css`
      :host { display: grid; grid-template-columns: minmax(280px, 38%) 1fr; height: 100vh; box-sizing: border-box; }
      .left { display: grid; grid-template-rows: auto 1fr auto; min-height: 0; border-right: 1px solid var(--vscode-panel-border, #8884); }
      .left header { padding: 6px 8px; }
      ul[role='listbox'] { min-height: 0; }
      [role='option'] { display: grid; grid-template-columns: 2.5em 1fr auto; gap: 2px 8px; padding: 3px 8px; }
      [role='option'] .id { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      [role='option'] .sub { grid-column: 2 / 4; display: flex; gap: 8px; align-items: center; font-size: 0.92em; }
      [role='option'].done .id { text-decoration: line-through; opacity: 0.7; }
      .score { display: inline-block; width: 50px; height: 6px; background: var(--vscode-editorWidget-background, #8882); border: 1px solid var(--vscode-contrastBorder, transparent); }
      .score > div { height: 100%; background: var(--vscode-charts-red); }
      .badge { font-size: 0.85em; padding: 0 5px; border-radius: 3px; border: 1px solid currentColor; }
      .badge.likely-wrong { color: var(--vscode-charts-red); }
      .badge.ambiguous { color: var(--vscode-charts-yellow); }
      .badge.uncertain { color: var(--vscode-descriptionForeground); }
      .keys { padding: 6px 8px; border-top: 1px solid var(--vscode-panel-border, #8884); line-height: 1.8; }
      .right { padding: 8px 14px; overflow: auto; min-height: 0; }
      h1 { font-size: 1.15em; margin: 0 0 4px; word-break: break-all; }
      .verdict { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
      .reasons { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 4px 20px; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 0; }
      dt { color: var(--vscode-descriptionForeground); }
      dd { margin: 0; }
      ser-waveform { border: 1px solid var(--vscode-panel-border, #8884); margin: 6px 0; }
      .transcript { font-style: italic; }
      .status { padding: 10px; }
    `,
  ];

  receive(m: ToSuspectsView): void {
    switch (m.type) {
      case 'suspects': {
        const keep = this.review.activeKey() ?? this.host.getState()?.activeId;
        this.classes = m.classes;
        this.list = m.list;
        // A refresh does not reload the suspect under review: its details stay those already shown.
        this.review.listed(keep, false);
        return;
      }
      case 'busy':
      case 'error':
        this.review.status(m);
        return;
      case 'detail':
        if (m.detail.id === this.review.current()?.id) this.detail = m.detail;
        return;
      case 'audio':
        if (m.id === this.review.current()?.id) this.source = m.source;
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  override render() {
    const list = this.list;
    const colours = categoryColours(this, this.classes);
    const colourOf = (label: string): string => colours[this.classes.indexOf(label)] ?? 'inherit';
    return html`
      <div class="left">
        ${this.review.header('Suspects', list ? html`${list.suspects.length} listed of ${list.scored} scored${list.dismissed ? html` · ${list.dismissed} dismissed` : nothing}` : undefined)}
        ${this.review.listbox('No suspects: every scored label is consistent with the evidence, or was dismissed.', (s, done) => ({
          label: `${s.rank}. ${s.id}: ${s.label}, suggested ${s.suggested}, suspicion ${pct(s.score)}, ${CATEGORY_TEXT[s.category]}${done ? `, reviewed: ${done}` : ''}`,
          content: html`
            <span class="num muted">${s.rank}</span>
            <span class="id">${s.id}</span>
            <span class="badge ${s.category}">${CATEGORY_TEXT[s.category]}</span>
            <span class="sub">
              <span style="color:${colourOf(s.label)}">${s.label}</span> → <span style="color:${colourOf(s.suggested)}">${s.suggested}</span>
              <span class="score" title=${`suspicion ${pct(s.score)}`}><div style="width:${(100 * s.score).toFixed(0)}%"></div></span>
              <span class="num">${pct(s.score)}</span>
              ${done ? html`<span class="muted">✓ ${done}</span>` : nothing}
            </span>`,
        }))}
        <div class="keys muted" aria-label="Keyboard shortcuts">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>1</kbd>–<kbd>${Math.max(1, Math.min(9, this.classes.length))}</kbd> label · <kbd>s</kbd> accept suggestion ·
          <kbd>n</kbd> not an issue · <kbd>Space</kbd> play · <kbd>Enter</kbd> open · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo
        </div>
      </div>
      <div class="right">
        ${errorBanner(this.review.error)}
        ${this.renderDetail(colours)}
      </div>
    `;
  }

  private renderDetail(colours: string[]) {
    const s = this.review.current();
    if (!s) return nothing;
    const m = s.reasons.model;
    const nb = s.reasons.neighbourhood;
    const ev = s.reasons.evaluators;
    const d = this.detail?.id === s.id ? this.detail : undefined;
    return html`
      <h1>${s.rank}. ${s.id}</h1>
      <div>
        label <b>${s.label}</b>${s.trainedLabel ? html` <span class="muted">(trained on ${s.trainedLabel})</span>` : nothing}
        · suggested <b>${s.suggested}</b> (${pct(s.suggestedProbability)}) · suspicion ${pct(s.score)} ·
        <span class="badge ${s.category}">${CATEGORY_TEXT[s.category]}</span>
      </div>
      ${d?.transcript ? html`<div class="transcript">${d.transcript}</div>` : nothing}
      <ser-waveform .source=${this.source} .spectrogram=${false} height="64" label=${`Waveform of ${s.id}`}></ser-waveform>
      <div class="verdict" role="group" aria-label="Verdict">
        <ser-label-buttons .classes=${this.classes} .current=${s.label} .suggested=${s.suggested} .colours=${colours} @set-label=${(e: CustomEvent<string>) => this.setLabel(e.detail)}></ser-label-buttons>
        <button class="secondary" aria-keyshortcuts="s" @click=${() => this.setLabel(s.suggested)}>Accept ${s.suggested} <kbd>s</kbd></button>
        <button class="secondary" aria-keyshortcuts="n" @click=${() => this.dismiss()}>Not an issue <kbd>n</kbd></button>
        <button class="secondary" aria-keyshortcuts="Enter" @click=${() => this.host.postMessage({ type: 'open', id: s.id })}>Open <kbd>Enter</kbd></button>
      </div>
      <div class="reasons">
        <section aria-label="Model">
          <h2>Model</h2>
          <dl>
            <dt>Predicted</dt><dd>${m.predicted} (${pct(m.predictedProbability)})</dd>
            <dt>P(${s.label})</dt><dd>${pct(m.selfConfidence)}</dd>
            <dt>Margin</dt><dd>${fixed(m.normalizedMargin, 2)}</dd>
            <dt>Confident learning</dt><dd>${m.confidentLabel ?? 'no class above threshold'}${m.offDiagonal ? ' · flagged' : ''}</dd>
          </dl>
          ${d?.prediction ? html`<ser-prob-bars .classes=${d.prediction.classes} .values=${d.prediction.probs} .colours=${categoryColours(this, d.prediction.classes)} .marked=${s.label} label="Predicted probabilities"></ser-prob-bars>` : nothing}
        </section>
        <section aria-label="Neighbourhood">
          <h2>Neighbourhood</h2>
          ${nb
            ? html`<dl>
                  <dt>Disagree</dt><dd>${pct(nb.disagreement)} of ${nb.neighbours} neighbours</dd>
                  <dt>They support</dt><dd>${nb.supports ?? '–'}</dd>
                </dl>
                <ul>${nb.nearest.map((x) => html`<li>${x.id} <span style="color:${colours[this.classes.indexOf(x.label)] ?? 'inherit'}">${x.label}</span> <span class="muted">${fixed(x.similarity, 2)}</span></li>`)}</ul>`
            : html`<div class="muted">No neighbours scored.</div>`}
        </section>
        <section aria-label="Evaluators">
          <h2>Evaluators</h2>
          ${ev
            ? html`<div>${ev.evaluators} evaluators · ${pct(ev.agreement)} for ${s.label} · plurality ${ev.plurality}${ev.split ? ' · split' : ''}${ev.againstLabel ? ' · against the label' : ''}</div>
                <ser-prob-bars .classes=${Object.keys(ev.shares)} .values=${Object.values(ev.shares)} .colours=${categoryColours(this, Object.keys(ev.shares))} .marked=${s.label} label="Evaluator vote shares"></ser-prob-bars>`
            : html`<div class="muted">No evaluator votes in this corpus.</div>`}
        </section>
      </div>
    `;
  }

  private setLabel(label: string): void {
    const s = this.review.current();
    if (!s || !this.classes.includes(label)) return;
    this.host.postMessage({ type: 'setLabel', id: s.id, label });
    this.review.markAndAdvance(label === s.label ? `kept ${label}` : `→ ${label}`);
  }

  private dismiss(): void {
    const s = this.review.current();
    if (!s) return;
    this.host.postMessage({ type: 'dismiss', id: s.id });
    this.review.markAndAdvance('not an issue');
  }

  private wave(): WaveformElement | null {
    return this.renderRoot.querySelector('ser-waveform');
  }

  /** The suspects' own keys, after the list's undo and j/k; true when `e` was one of them. */
  private key(e: KeyboardEvent): boolean {
    const s = this.review.current();
    if (plain(e, 'Home')) this.review.setActive(0);
    else if (plain(e, 'End')) this.review.setActive((this.list?.suspects.length ?? 0) - 1);
    else if (plain(e, 'n')) this.dismiss();
    else if (plain(e, 's')) s && this.setLabel(s.suggested);
    else if (plain(e, 'Enter') && !isOnButton(e)) s && this.host.postMessage({ type: 'open', id: s.id });
    else if (plain(e, ' ') && !isOnButton(e)) void this.wave()?.playPause();
    else {
      const d = digitOf(e);
      if (d !== undefined && d <= this.classes.length) this.setLabel(this.classes[d - 1]);
      else return false;
    }
    return true;
  }
}

customElements.define('ser-suspects-view', SuspectsViewElement);

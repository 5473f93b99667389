/**
 * <ser-training-dashboard>: a training or evaluation run as it goes: backend, elapsed and remaining time, Cancel,
 * feature extraction, loss and validation curves per epoch and fold, the fold table; at the end the metrics, the
 * confusion matrix (a cell lists its utterances) and the grid table. Keeps its events (compacted) in the webview
 * state, so a dashboard restored after a window reload still shows the run it followed.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { BackendSummary, TrainEvent } from '../../shared/trainTypes';
import { backendDisplay } from '../../shared/backendText';
import type { FromTrainingView, RunHeader, RunResult, ToTrainingView } from '../../shared/views/trainingMessages';
import type { ViewError } from '../../shared/views/audioSource';
import type { UtteranceBrief } from '../../shared/views/viewTypes';
import { TrainingLog } from '../../shared/views/trainingLog';
import type { HostApi } from '../hostApi';
import { errorBanner } from '../common/errorBanner';
import { clock, fixed } from '../common/format';
import { baseStyles } from '../common/styles';
import { categoryColours } from '../common/theme';
import { ThemeWatch } from '../common/themeWatch';
import { TrainingModel } from './trainingModel';
import type { ChartSeries } from './lineChart';
import './lineChart';
import './confusionMatrix';

type Ending = { type: 'finished'; result: RunResult; endedAt: number } | { type: 'failed'; message: string; cancelled: boolean; endedAt: number };

/** What the dashboard saves with setState. */
export interface TrainingViewState {
  run: RunHeader;
  /** Host clock minus webview clock, ms. */
  skew: number;
  events: TrainEvent[];
  ending?: Ending;
}

/** The webview state is saved at most this often (ms). */
const SAVE_EVERY = 1000;

export class TrainingDashboardElement extends LitElement {
  static override properties = {
    run: { state: true },
    ending: { state: true },
    now: { state: true },
    variant: { state: true },
    cell: { state: true },
    error: { state: true },
    cancelling: { state: true },
    restored: { state: true },
  };

  host!: HostApi<FromTrainingView, TrainingViewState>;

  private readonly theme = new ThemeWatch(this);

  /** The clock (injected so tests can fix it). */
  clockNow: () => number = () => Date.now();

  private run: RunHeader | undefined;
  private skew = 0;
  private model = new TrainingModel();
  private log = new TrainingLog();
  private ending: Ending | undefined;
  private now = 0;
  /** The variant whose curves are shown; undefined = follow the latest. */
  private variant: string | undefined;
  private cell: { trueLabel: string; predicted: string; utterances?: UtteranceBrief[] } | undefined;
  private error: ViewError | undefined;
  private cancelling = false;
  /** Shown from the saved state: the run itself is gone (window reloaded). */
  private restored = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private drawPending = false;

  static override styles = [
    baseStyles,
    css`
      :host { display: block; padding: 8px 14px; }
      header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
      h1 { font-size: 1.2em; margin: 0; }
      .status { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: center; margin: 6px 0; }
      .status .state { font-weight: 600; }
      .state.failed { color: var(--vscode-errorForeground); }
      .state.done { color: var(--vscode-charts-green); }
      .progress { height: 4px; background: var(--vscode-editorWidget-background, #8882); margin: 4px 0 8px; }
      .progress > div { height: 100%; background: var(--vscode-progressBar-background, var(--vscode-focusBorder)); }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 8px 24px; }
      table.folds td, table.folds th { padding: 1px 10px 1px 0; }
      .log { max-height: 9em; overflow: auto; font-family: var(--vscode-editor-font-family, monospace); font-size: 0.9em; }
      .log .warn { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
      .results { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 24px; }
      ul.cell { max-height: 14em; overflow: auto; padding-left: 1.2em; }
      ul.cell button { background: none; border: none; color: var(--vscode-textLink-foreground); padding: 0; }
      ul.cell button:hover { text-decoration: underline; }
      .muted.small { font-size: 0.9em; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.host.getState();
    if (s?.run) {
      // Until the host says otherwise, show the saved run; if the host has no run (window reloaded), it stays.
      this.start(s.run, s.skew);
      for (const e of s.events) this.apply(e);
      this.ending = s.ending;
      this.restored = !s.ending;
    }
    this.ticker = setInterval(() => (this.now = this.clockNow()), 1000);
    this.now = this.clockNow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ticker) clearInterval(this.ticker);
    if (this.saveTimer) clearTimeout(this.saveTimer);
  }

  /** The curves' model (tests read it). */
  get training(): TrainingModel {
    return this.model;
  }

  receive(m: ToTrainingView): void {
    switch (m.type) {
      case 'run':
        this.start(m.run, m.now - this.clockNow());
        this.restored = false;
        this.saveSoon();
        return;
      case 'events':
        for (const e of m.events) this.apply(e);
        this.redraw();
        this.saveSoon();
        return;
      case 'finished':
      case 'failed':
        this.ending = m;
        this.cancelling = false;
        this.saveSoon();
        return;
      case 'cell':
        if (this.cell && this.cell.trueLabel === m.trueLabel && this.cell.predicted === m.predicted) this.cell = { ...this.cell, utterances: m.utterances };
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
    const run = this.run;
    if (!run) return html`<p role="status">Waiting for a training run…</p>`;
    const m = this.model;
    const started = run.startedAt - this.skew;
    const end = this.ending ? this.ending.endedAt - this.skew : this.restored ? started + m.elapsed * 1000 : this.now;
    const elapsed = Math.max(0, (end - started) / 1000);
    const running = !this.ending && !this.restored;
    const remaining = running ? m.remaining(elapsed) : undefined;
    const progress = this.ending?.type === 'finished' ? 1 : m.progress();
    const variant = this.shownVariant();
    return html`
      <header>
        <h1>${run.title}</h1>
        <span class="muted">${run.kind === 'evaluate' ? 'evaluation' : 'training'} · ${run.runDir}</span>
      </header>
      <div class="status" role="status" aria-live="polite">
        <span class="state ${this.stateClass()}">${this.stateText()}</span>
        <span>Backend: ${m.backend ? this.renderBackend(m.backend) : html`<span class="muted">starting…</span>`}</span>
        <span>Elapsed <b>${clock(elapsed)}</b></span>
        ${running ? html`<span>Remaining <b>${remaining === undefined ? '–' : `≈ ${clock(remaining)}`}</b>${m.variants.length > 1 ? html` <span class="muted small">(variants started so far)</span>` : nothing}</span>` : nothing}
        ${running ? html`<button class="secondary" ?disabled=${this.cancelling} @click=${() => this.cancel()}>${this.cancelling ? 'Cancelling…' : 'Cancel'}</button>` : nothing}
      </div>
      <div class="progress" role="progressbar" aria-label="Run progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(progress * 100)}><div style="width:${(progress * 100).toFixed(1)}%"></div></div>
      ${errorBanner(this.error)}
      ${this.ending?.type === 'failed' ? html`<div class=${this.ending.cancelled ? 'muted' : 'error'} role="alert">${this.ending.message}</div>` : nothing}
      ${m.features && m.features.done < m.features.total
        ? html`<div>Features: ${m.features.done}/${m.features.total} (${m.features.cached} cached, ${m.features.computed} computed${m.features.failed ? `, ${m.features.failed} failed` : ''})</div>`
        : nothing}
      ${m.variants.length > 1
        ? html`<label>Variant <select @change=${(e: Event) => (this.variant = (e.target as HTMLSelectElement).value)}>
            ${m.variants.map((v) => html`<option value=${v} ?selected=${v === variant}>${v || '(plain)'}</option>`)}
          </select></label>`
        : nothing}
      ${this.renderCharts(variant)}
      ${this.renderFolds(variant)}
      ${this.ending?.type === 'finished' ? this.renderResult(this.ending.result) : nothing}
      ${m.logs.length
        ? html`<h2>Log</h2><div class="log" role="log" aria-label="Training log">${m.logs.slice(-50).map((l) => html`<div class=${l.level}>${l.message}</div>`)}</div>`
        : nothing}
    `;
  }

  /** The backend once: its line without the engine's own "[not used: ...]" tail, then the skipped ones (reasons on hover). */
  private renderBackend(b: BackendSummary) {
    const d = backendDisplay(b);
    return html`<b>${b.name}</b> (${b.device}) <span class="muted small">${d.detail}</span>${d.notUsed ? html` <span class="muted small" title=${d.notUsed.reasons}>(not used: ${d.notUsed.names})</span>` : nothing}`;
  }

  private renderCharts(variant: string) {
    const folds = this.model.foldsOf(variant);
    const colours = categoryColours(this, folds.map((f) => `fold ${f.fold + 1}`));
    const series = (pick: (f: (typeof folds)[number]) => ChartSeries['points'], live?: (f: (typeof folds)[number]) => ChartSeries['points']): ChartSeries[] =>
      folds.map((f, k) => ({ label: f.name, colour: colours[k], points: pick(f), ...(live ? { live: live(f) } : {}) }));
    const epochs = Math.max(1, ...folds.map((f) => f.epochs));
    return html`<div class="charts">
      <ser-line-chart heading="Cross-entropy loss" .series=${series((f) => f.ce, (f) => f.liveCe)} .xMax=${epochs}></ser-line-chart>
      <ser-line-chart heading="Contrastive loss" .series=${series((f) => f.contrastive, (f) => f.liveContrastive)} .xMax=${epochs}></ser-line-chart>
      <ser-line-chart heading="Validation UA (%)" unit="%" .series=${series((f) => f.UA)} .xMax=${epochs} .yMin=${0} .yMax=${100}></ser-line-chart>
      <ser-line-chart heading="Validation WA (%)" unit="%" .series=${series((f) => f.WA)} .xMax=${epochs} .yMin=${0} .yMax=${100}></ser-line-chart>
    </div>`;
  }

  private renderFolds(variant: string) {
    const folds = this.model.foldsOf(variant);
    if (folds.length === 0) return nothing;
    return html`<h2>Folds</h2>
      <table class="folds">
        <thead><tr><th scope="col">Fold</th><th scope="col">Status</th><th scope="col" class="num">Train/val/test</th><th scope="col" class="num">UA</th><th scope="col" class="num">WA</th><th scope="col" class="num">F1</th><th scope="col" class="num">Best epoch</th><th scope="col" class="num">Time</th></tr></thead>
        <tbody>
          ${folds.map(
            (f) => html`<tr>
              <td>${f.name}</td>
              <td>${f.done ? (f.done.resumed ? 'done (resumed)' : 'done') : f.epochs ? `epoch ${Math.min(f.epoch + 1, f.epochs)}/${f.epochs}` : 'preparing'}</td>
              <td class="num">${f.sizes ? `${f.sizes.train}/${f.sizes.validation}/${f.sizes.test}` : '–'}</td>
              <td class="num">${f.done ? fixed(f.done.UA, 2) : f.UA.length ? html`<span class="muted">${fixed(f.UA.at(-1)![1], 2)}</span>` : '–'}</td>
              <td class="num">${f.done ? fixed(f.done.WA, 2) : f.WA.length ? html`<span class="muted">${fixed(f.WA.at(-1)![1], 2)}</span>` : '–'}</td>
              <td class="num">${f.done ? fixed(f.done.macroF1, 2) : '–'}</td>
              <td class="num">${f.done ? f.done.bestEpoch : '–'}</td>
              <td class="num">${f.done ? clock(f.done.seconds) : '–'}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private renderResult(r: RunResult) {
    if (r.kind === 'train') {
      const s = r.summary;
      return html`<h2>Result</h2>
        <div>Best epoch ${s.bestEpoch} of ${s.epochsRun}${s.validation ? html` · validation UA <b>${fixed(s.validation.UA, 2)}</b> WA <b>${fixed(s.validation.WA, 2)}</b>` : nothing} · ${clock(s.seconds)}</div>
        ${s.errors.length ? html`<div class="muted">${s.errors.length} utterances skipped (see the log).</div>` : nothing}`;
    }
    const s = r.summary;
    const mt = s.metrics;
    return html`<h2>Result (${mt.protocol})</h2>
      <div>UA <b>${fixed(mt.UA, 2)}</b> ± ${fixed(mt.std.UA, 2)} · WA <b>${fixed(mt.WA, 2)}</b> ± ${fixed(mt.std.WA, 2)} · macro-F1 ${fixed(mt.macroF1, 2)}
        <span class="muted">(pooled UA ${fixed(mt.pooled.UA, 2)}, WA ${fixed(mt.pooled.WA, 2)})</span></div>
      <div class="results">
        <section>
          <h2>Confusion matrix</h2>
          <ser-confusion-matrix .classes=${mt.classes} .counts=${mt.confusion} .selected=${this.cell}
            @cell-select=${(e: CustomEvent<{ trueLabel: string; predicted: string }>) => this.selectCell(e.detail.trueLabel, e.detail.predicted)}></ser-confusion-matrix>
        </section>
        ${this.cell
          ? html`<section aria-live="polite">
              <h2>True ${this.cell.trueLabel}, predicted ${this.cell.predicted}</h2>
              ${this.cell.utterances
                ? this.cell.utterances.length
                  ? html`<ul class="cell">${this.cell.utterances.map((u) => html`<li><button @click=${() => this.host.postMessage({ type: 'open', id: u.id })}>${u.id}</button>${u.speaker ? html` <span class="muted">${u.speaker}</span>` : nothing}</li>`)}</ul>`
                  : html`<div class="muted">No utterances.</div>`
                : html`<div class="muted">Loading…</div>`}
            </section>`
          : nothing}
      </div>
      ${s.grid?.length
        ? html`<h2>Grid</h2>
            <table>
              <thead><tr><th scope="col">Variant</th><th scope="col" class="num">λ</th><th scope="col">Features</th><th scope="col">Pairs</th><th scope="col" class="num">WA</th><th scope="col" class="num">UA</th><th scope="col" class="num">ΔWA</th><th scope="col" class="num">ΔUA</th></tr></thead>
              <tbody>${s.grid.map(
                (g) => html`<tr><td>${g.variant}</td><td class="num">${g.lambda}</td><td>${g.featureSelection}</td><td>${g.pairSelection}</td>
                  <td class="num">${fixed(g.WA, 2)} ± ${fixed(g.std.WA, 1)}</td><td class="num">${fixed(g.UA, 2)} ± ${fixed(g.std.UA, 1)}</td>
                  <td class="num">${signed(g.deltaWA)}</td><td class="num">${signed(g.deltaUA)}</td></tr>`,
              )}</tbody>
            </table>`
        : nothing}`;
  }

  private shownVariant(): string {
    const vs = this.model.variants;
    if (this.variant !== undefined && vs.includes(this.variant)) return this.variant;
    return vs.at(-1) ?? '';
  }

  private stateText(): string {
    const e = this.ending;
    if (!e) return this.restored ? 'Interrupted (the window was reloaded)' : this.cancelling ? 'Cancelling…' : 'Running';
    if (e.type === 'finished') return 'Finished';
    return e.cancelled ? 'Cancelled' : 'Failed';
  }

  private stateClass(): string {
    const e = this.ending;
    return !e ? '' : e.type === 'finished' ? 'done' : e.cancelled ? '' : 'failed';
  }

  private start(run: RunHeader, skew: number): void {
    this.run = run;
    this.skew = skew;
    this.model = new TrainingModel();
    this.log = new TrainingLog();
    this.ending = undefined;
    this.cell = undefined;
    this.error = undefined;
    this.cancelling = false;
    this.variant = undefined;
  }

  private apply(e: TrainEvent): void {
    this.model.apply(e);
    this.log.add(e);
  }

  /** The model changed inside: re-render once per frame at most. */
  private redraw(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      this.requestUpdate();
    });
  }

  private cancel(): void {
    this.cancelling = true;
    this.host.postMessage({ type: 'cancel' });
  }

  private selectCell(trueLabel: string, predicted: string): void {
    this.cell = { trueLabel, predicted };
    this.host.postMessage({ type: 'cell', trueLabel, predicted });
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.run) this.host.setState({ run: this.run, skew: this.skew, events: this.log.all(), ...(this.ending ? { ending: this.ending } : {}) });
    }, SAVE_EVERY);
  }
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${fixed(x, 2)}`;
}

customElements.define('ser-training-dashboard', TrainingDashboardElement);

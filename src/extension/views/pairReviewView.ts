import * as vscode from 'vscode';
import { parseFromPairView, type FromPairView, type ToPairView } from '../../shared/views/pairMessages';
import type { PairItem } from '../../shared/views/viewTypes';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

/** Pairs listed. */
export const PAIRS_SHOWN = 300;
const REFRESH_MS = 200;

/**
 * Pair review: two close utterances with different labels side by side, A/B playback, and one key each for
 * "relabel left", "relabel right" and "both fine". Relabels go to the label store, "both fine" to the verdicts.
 */
export class PairReviewView {
  static readonly viewType = 'ser.pairs';
  private static current: PairReviewView | undefined;

  private readonly view: ViewPanel<ToPairView, FromPairView>;
  /** Pairs the webview was sent, by "a\nb", with the labels they were sent with. */
  private pairs = new Map<string, PairItem>();
  private ids = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the pair review of the open run. */
  static show(context: vscode.ExtensionContext, data: ViewData): PairReviewView {
    const open = PairReviewView.current;
    if (open && open.data === data) {
      open.view.reveal();
      open.scheduleRefresh();
      return open;
    }
    open?.dispose();
    return (PairReviewView.current = new PairReviewView(context, data));
  }

  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): PairReviewView {
    PairReviewView.current?.dispose();
    return (PairReviewView.current = new PairReviewView(context, data, panel));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
    restored?: vscode.WebviewPanel,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      { viewType: PairReviewView.viewType, bundle: 'pairs', parse: parseFromPairView },
      'SER: Pair review',
      { onReady: () => this.sendList(), onMessage: (m) => this.onMessage(m), error: (error) => ({ type: 'error', error }) },
      restored,
    );
    this.view.own(data.onDidChangeLabels(() => this.scheduleRefresh()));
    if (data.onDidChangeInspection) this.view.own(data.onDidChangeInspection(() => this.scheduleRefresh()));
    this.view.own({ dispose: () => {
      if (this.timer) clearTimeout(this.timer);
      if (PairReviewView.current === this) PairReviewView.current = undefined;
    } });
  }

  dispose(): void {
    this.view.dispose();
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view.isReady) void this.view.guard('refreshing the pairs', () => this.sendList());
    }, REFRESH_MS);
  }

  private async sendList(): Promise<void> {
    if (this.pairs.size === 0) this.view.postIfReady({ type: 'busy', message: 'Finding close pairs with different labels…' });
    const list = await this.data.pairs({ top: PAIRS_SHOWN });
    for (const p of list.pairs) {
      this.pairs.set(`${p.a.id}\n${p.b.id}`, p);
      this.ids.add(p.a.id).add(p.b.id);
    }
    this.view.postIfReady({ type: 'pairs', classes: [...this.data.classes()], list });
  }

  private async onMessage(m: Exclude<FromPairView, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'verdict': {
        const p = this.pairs.get(`${m.a}\n${m.b}`);
        if (!p) return;
        if (m.verdict === 'fine') {
          await this.data.dismiss({ kind: 'pair', a: p.a.id, b: p.b.id });
          this.scheduleRefresh();
        } else if (m.verdict === 'relabel-a') {
          await this.data.setLabel(p.a.id, p.b.label);
        } else {
          await this.data.setLabel(p.b.id, p.a.label);
        }
        return;
      }
      case 'load': {
        if (!this.ids.has(m.id)) return;
        const [detail, ref] = await Promise.all([this.data.utteranceDetail(m.id), this.data.audio(m.id)]);
        if (detail) this.view.postIfReady({ type: 'detail', detail });
        if (ref) this.view.postIfReady({ type: 'audio', id: m.id, source: await this.view.audioSource(ref) });
        return;
      }
      case 'open':
        if (this.ids.has(m.id)) UtteranceView.show(this.context, this.data, m.id, vscode.ViewColumn.Beside);
        return;
      case 'undo':
        await this.data.undo();
        return;
      case 'refresh':
        await this.sendList();
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

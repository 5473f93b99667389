import * as vscode from 'vscode';
import { parseFromPairView, type FromPairView, type ToPairView } from '../../shared/views/pairMessages';
import type { PairItem } from '../../shared/views/viewTypes';
import { ReviewListView } from './reviewListView';
import type { ViewData } from './viewData';

/** Pairs listed. */
export const PAIRS_SHOWN = 300;

/**
 * Pair review: two close utterances with different labels side by side, A/B playback, and one key each for
 * "relabel left", "relabel right" and "both fine". Relabels go to the label store, "both fine" to the verdicts.
 */
export class PairReviewView extends ReviewListView<ToPairView, FromPairView> {
  static readonly viewType = 'ser.pairs';
  private static readonly open = ReviewListView.slot((context, data, restored) => new PairReviewView(context, data, restored));

  /** Pairs the webview was sent, by "a\nb", with the labels they were sent with. */
  private pairs = new Map<string, PairItem>();

  /** Shows the pair review of the open run. */
  static show(context: vscode.ExtensionContext, data: ViewData): PairReviewView {
    return PairReviewView.open.show(context, data);
  }

  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): PairReviewView {
    return PairReviewView.open.restore(context, data, panel);
  }

  private constructor(context: vscode.ExtensionContext, data: ViewData, restored?: vscode.WebviewPanel) {
    super(context, data, { viewType: PairReviewView.viewType, bundle: 'pairs', parse: parseFromPairView }, 'SER: Pair review', 'the pairs', restored);
  }

  protected async sendList(): Promise<void> {
    if (this.pairs.size === 0) this.view.postIfReady({ type: 'busy', message: 'Finding close pairs with different labels…' });
    const list = await this.data.pairs({ top: PAIRS_SHOWN });
    for (const p of list.pairs) {
      this.pairs.set(`${p.a.id}\n${p.b.id}`, p);
      this.ids.add(p.a.id).add(p.b.id);
    }
    this.view.postIfReady({ type: 'pairs', classes: [...this.data.classes()], list });
  }

  protected async onMessage(m: Exclude<FromPairView, { type: 'ready' }>): Promise<void> {
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
      case 'load':
      case 'open':
      case 'undo':
      case 'refresh':
        return this.onReviewMessage(m);
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

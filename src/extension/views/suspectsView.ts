import * as vscode from 'vscode';
import { parseFromSuspectsView, type FromSuspectsView, type ToSuspectsView } from '../../shared/views/suspectsMessages';
import { ReviewListView } from './reviewListView';
import type { ViewData } from './viewData';

/** Suspects listed (the review works top-down; the tail is rarely reached and would only slow the list). */
export const SUSPECTS_SHOWN = 500;

/**
 * The suspect list: utterances ranked by how likely their label is wrong, with the reasons and a suggested label;
 * reviewed from the keyboard (j/k, digit keys, n = not an issue).
 */
export class SuspectsView extends ReviewListView<ToSuspectsView, FromSuspectsView> {
  static readonly viewType = 'ser.suspects';
  private static readonly open = ReviewListView.slot((context, data, restored) => new SuspectsView(context, data, restored));

  /** Shows the suspect list of the open run. */
  static show(context: vscode.ExtensionContext, data: ViewData): SuspectsView {
    return SuspectsView.open.show(context, data);
  }

  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): SuspectsView {
    return SuspectsView.open.restore(context, data, panel);
  }

  private constructor(context: vscode.ExtensionContext, data: ViewData, restored?: vscode.WebviewPanel) {
    super(context, data, { viewType: SuspectsView.viewType, bundle: 'suspects', parse: parseFromSuspectsView }, 'SER: Suspects', 'the suspects', restored);
  }

  protected async sendList(): Promise<void> {
    if (this.ids.size === 0) this.view.postIfReady({ type: 'busy', message: 'Scoring the labels…' });
    const list = await this.data.suspects({ top: SUSPECTS_SHOWN });
    for (const s of list.suspects) this.ids.add(s.id);
    this.view.postIfReady({ type: 'suspects', classes: [...this.data.classes()], list });
  }

  protected async onMessage(m: Exclude<FromSuspectsView, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'setLabel':
        if (!this.ids.has(m.id) || !this.data.classes().includes(m.label)) return;
        await this.data.setLabel(m.id, m.label);
        return;
      case 'dismiss':
        if (!this.ids.has(m.id)) return;
        await this.data.dismiss({ kind: 'utterance', id: m.id });
        this.scheduleRefresh();
        return;
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

import * as vscode from 'vscode';
import { parseFromSuspectsView, type FromSuspectsView, type ToSuspectsView } from '../../shared/views/suspectsMessages';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

/** Suspects listed (the review works top-down; the tail is rarely reached and would only slow the list). */
export const SUSPECTS_SHOWN = 500;
/** Label changes and verdicts arriving within this many ms refresh the list once. */
const REFRESH_MS = 200;

/**
 * The suspect list: utterances ranked by how likely their label is wrong, with the reasons and a suggested label;
 * reviewed from the keyboard (j/k, digit keys, n = not an issue).
 */
export class SuspectsView {
  static readonly viewType = 'ser.suspects';
  private static current: SuspectsView | undefined;

  private readonly view: ViewPanel<ToSuspectsView, FromSuspectsView>;
  private ids = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the suspect list of the open run. */
  static show(context: vscode.ExtensionContext, data: ViewData): SuspectsView {
    const open = SuspectsView.current;
    if (open && open.data === data) {
      open.view.reveal();
      open.scheduleRefresh();
      return open;
    }
    open?.dispose();
    return (SuspectsView.current = new SuspectsView(context, data));
  }

  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): SuspectsView {
    SuspectsView.current?.dispose();
    return (SuspectsView.current = new SuspectsView(context, data, panel));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
    restored?: vscode.WebviewPanel,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      { viewType: SuspectsView.viewType, bundle: 'suspects', parse: parseFromSuspectsView },
      'SER: Suspects',
      { onReady: () => this.sendList(), onMessage: (m) => this.onMessage(m), error: (error) => ({ type: 'error', error }) },
      restored,
    );
    this.view.own(data.onDidChangeLabels(() => this.scheduleRefresh()));
    if (data.onDidChangeInspection) this.view.own(data.onDidChangeInspection(() => this.scheduleRefresh()));
    this.view.own({ dispose: () => {
      if (this.timer) clearTimeout(this.timer);
      if (SuspectsView.current === this) SuspectsView.current = undefined;
    } });
  }

  dispose(): void {
    this.view.dispose();
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view.isReady) void this.view.guard('refreshing the suspects', () => this.sendList());
    }, REFRESH_MS);
  }

  private async sendList(): Promise<void> {
    if (this.ids.size === 0) this.view.postIfReady({ type: 'busy', message: 'Scoring the labels…' });
    const list = await this.data.suspects({ top: SUSPECTS_SHOWN });
    // Ids of earlier lists stay allowed: a verdict typed just before the refresh still names a real suspect.
    for (const s of list.suspects) this.ids.add(s.id);
    this.view.postIfReady({ type: 'suspects', classes: [...this.data.classes()], list });
  }

  private async onMessage(m: Exclude<FromSuspectsView, { type: 'ready' }>): Promise<void> {
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

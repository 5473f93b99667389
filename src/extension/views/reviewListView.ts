import * as vscode from 'vscode';
import type { FromReviewList, ToReviewList } from '../../shared/views/reviewListMessages';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';
import { ViewPanel, type ViewSpec } from './viewPanel';

/** Label changes and verdicts arriving within this many ms refresh the list once. */
const REFRESH_MS = 200;

/**
 * What the suspect list and the pair review do alike, kept once so the two cannot drift apart: one panel per kind,
 * reused while it shows the same run; the list re-sent on `ready`, on `refresh` and (debounced) when labels or the
 * inspection change; and the requests every review list makes (load a listed utterance, open it, undo). Only ids the
 * webview was sent (`ids`) may be loaded or opened. Each list adds its own list and verdicts.
 *
 * `To`/`From` are the view's message unions; they include ToReviewList/FromReviewList.
 */
export abstract class ReviewListView<To extends { type: string }, From extends { type: string }> {
  protected readonly view: ViewPanel<To | ToReviewList, From | FromReviewList>;
  /** Ids the webview was sent. Ids of earlier lists stay allowed: a verdict typed just before a refresh still names a real one. */
  protected readonly ids = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected constructor(
    protected readonly context: vscode.ExtensionContext,
    protected readonly data: ViewData,
    spec: ViewSpec<From | FromReviewList>,
    title: string,
    /** What the list holds, for errors: "the pairs" gives "refreshing the pairs failed". */
    private readonly listName: string,
    restored?: vscode.WebviewPanel,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      spec,
      title,
      { onReady: () => this.sendList(), onMessage: (m) => this.onMessage(m), error: (error) => ({ type: 'error', error }) },
      restored,
    );
    this.view.own(data.onDidChangeLabels(() => this.scheduleRefresh()));
    if (data.onDidChangeInspection) this.view.own(data.onDidChangeInspection(() => this.scheduleRefresh()));
    this.view.own({ dispose: () => {
      if (this.timer) clearTimeout(this.timer);
    } });
  }

  dispose(): void {
    this.view.dispose();
  }

  /** Posts the current list (also the answer to `ready` and `refresh`). */
  protected abstract sendList(): Promise<void>;

  /** A validated message; the ones every review list sends go to `onReviewMessage`. */
  protected abstract onMessage(m: Exclude<From | FromReviewList, { type: 'ready' }>): Promise<void>;

  protected scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view.isReady) void this.view.guard(`refreshing ${this.listName}`, () => this.sendList());
    }, REFRESH_MS);
  }

  protected async onReviewMessage(m: Exclude<FromReviewList, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
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

  /**
   * The open list of one kind, made by `create`: `show` reuses it (revealed, its list refreshed) while it shows the
   * same run and replaces it otherwise; `restore` (a panel VS Code kept across a reload) always replaces it.
   */
  protected static slot<V extends ReviewListView<{ type: string }, { type: string }>>(
    create: (context: vscode.ExtensionContext, data: ViewData, restored?: vscode.WebviewPanel) => V,
  ): ReviewListSlot<V> {
    let current: V | undefined;
    const track = (v: V): V => {
      current = v;
      v.view.own(v.view.onDidDispose(() => {
        if (current === v) current = undefined;
      }));
      return v;
    };
    return {
      show: (context, data) => {
        const open = current;
        if (open && open.data === data) {
          open.view.reveal();
          open.scheduleRefresh();
          return open;
        }
        open?.dispose();
        return track(create(context, data));
      },
      restore: (context, data, panel) => {
        current?.dispose();
        return track(create(context, data, panel));
      },
    };
  }
}

/** See ReviewListView.slot. */
export interface ReviewListSlot<V> {
  show(context: vscode.ExtensionContext, data: ViewData): V;
  restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel): V;
}

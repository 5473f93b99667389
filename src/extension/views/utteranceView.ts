import * as vscode from 'vscode';
import { parseFromUtteranceView, parseUtteranceViewState, type FromUtteranceView, type ToUtteranceView } from '../../shared/views/utteranceMessages';
import type { ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

/** Neighbours listed beside the waveform. */
export const UTTERANCE_NEIGHBOURS = 8;

/**
 * The utterance view: waveform (or the whole IEMOCAP dialog), label buttons, history, votes, predictions and
 * neighbours of one utterance. One panel, reused: showing another utterance navigates it.
 */
export class UtteranceView {
  static readonly viewType = 'ser.utterance';
  private static current: UtteranceView | undefined;

  private readonly view: ViewPanel<ToUtteranceView, FromUtteranceView>;
  private dialogShown = false;
  /** Ids the webview was sent and may therefore ask for: the shown one, its neighbours, its dialog's utterances. */
  private neighbourIds = new Set<string>();
  private dialogIds = new Set<string>();
  /** Bumped on navigation, so a slow answer for the previous utterance is dropped. */
  private generation = 0;

  /**
   * Shows utterance `id` (reusing the open utterance view) and reveals it; a new panel opens in `column` (default:
   * active). `preserveFocus`: the focus stays where it is, so keys go on working in the tree the user navigates.
   */
  static show(context: vscode.ExtensionContext, data: ViewData, id: string, column?: vscode.ViewColumn, options: { preserveFocus?: boolean } = {}): UtteranceView {
    const preserveFocus = options.preserveFocus === true;
    const open = UtteranceView.current;
    if (open && open.data === data) {
      open.navigate(id);
      open.view.reveal(preserveFocus);
      return open;
    }
    open?.dispose();
    return (UtteranceView.current = new UtteranceView(context, data, id, undefined, column, preserveFocus));
  }

  /** Restores a panel VS Code kept across a reload; `state` is the webview's saved state, unchecked. */
  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel, state: unknown): UtteranceView | undefined {
    const s = parseUtteranceViewState(state);
    if (!s) {
      panel.dispose();
      return undefined;
    }
    UtteranceView.current?.dispose();
    return (UtteranceView.current = new UtteranceView(context, data, s.id, panel));
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly data: ViewData,
    private id: string,
    restored?: vscode.WebviewPanel,
    column?: vscode.ViewColumn,
    preserveFocus = false,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      { viewType: UtteranceView.viewType, bundle: 'utterance', parse: parseFromUtteranceView },
      title(id),
      {
        onReady: () => this.sendAll(),
        onMessage: (m) => this.onMessage(m),
        error: (error) => ({ type: 'error', error }),
      },
      restored,
      column,
      preserveFocus,
    );
    this.view.own(data.onDidChangeLabels((e) => {
      const touches = e.ids.length === 0 || e.ids.some((x) => x === this.id || this.dialogIds.has(x) || this.neighbourIds.has(x));
      if (touches) void this.view.guard('refreshing the label', () => this.sendDetail(this.generation, true));
    }));
    this.view.own(this.view.onDidDispose(() => {
      if (UtteranceView.current === this) UtteranceView.current = undefined;
    }));
  }

  /** The utterance shown. */
  get utterance(): string {
    return this.id;
  }

  dispose(): void {
    this.view.dispose();
  }

  private navigate(id: string): void {
    this.id = id;
    this.generation++;
    this.view.setTitle(title(id));
    if (this.view.isReady) void this.view.guard(`opening ${id}`, () => this.sendAll());
  }

  private async sendAll(): Promise<void> {
    const gen = this.generation;
    await this.sendDetail(gen, false);
    if (gen !== this.generation) return;
    const ref = await this.data.audio(this.id);
    if (gen !== this.generation) return;
    if (!ref) throw new Error(`no audio for ${this.id}`);
    this.view.postIfReady({ type: 'audio', id: this.id, source: await this.view.audioSource(ref) });
    if (this.dialogShown) await this.sendDialog(gen);
  }

  private async sendDetail(gen: number, refreshDialog: boolean): Promise<void> {
    const detail = await this.data.utteranceDetail(this.id);
    if (gen !== this.generation) return;
    if (!detail) throw new Error(`${this.id} is not in the dataset`);
    const neighbours = await this.data.neighbours(this.id, UTTERANCE_NEIGHBOURS).catch(() => []);
    if (gen !== this.generation) return;
    this.neighbourIds = new Set(neighbours.map((n) => n.id));
    this.view.postIfReady({ type: 'utterance', classes: [...this.data.classes()], detail, neighbours, hasDialog: detail.dialog !== undefined });
    if (refreshDialog && this.dialogShown) await this.sendDialog(gen);
  }

  private async sendDialog(gen: number): Promise<void> {
    const d = await this.data.dialogOf(this.id);
    if (gen !== this.generation) return;
    if (!d) throw new Error(`the dialog recording of ${this.id} was not found`);
    this.dialogIds = new Set(d.utterances.map((u) => u.id));
    const source = await this.view.audioSource(d.audio);
    if (gen !== this.generation) return;
    this.view.postIfReady({ type: 'dialog', id: this.id, dialog: d.dialog, source, regions: d.utterances });
  }

  private async onMessage(m: Exclude<FromUtteranceView, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'setLabel':
        // Only the utterance on screen, only to a class of the dataset.
        if (m.id !== this.id || !this.data.classes().includes(m.label)) return;
        await this.data.setLabel(m.id, m.label);
        return;
      case 'undo':
        await this.data.undo();
        return;
      case 'open':
        if (m.id === this.id || !(this.neighbourIds.has(m.id) || this.dialogIds.has(m.id))) return;
        this.navigate(m.id);
        return;
      case 'showDialog':
        this.dialogShown = m.show;
        if (m.show) await this.sendDialog(this.generation);
        return;
      case 'playNeighbour': {
        if (!this.neighbourIds.has(m.id)) return;
        const ref = await this.data.audio(m.id);
        if (ref) this.view.postIfReady({ type: 'neighbourAudio', id: m.id, source: await this.view.audioSource(ref) });
        return;
      }
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

function title(id: string): string {
  return `SER: ${id.length > 40 ? `…${id.slice(-39)}` : id}`;
}

import * as vscode from 'vscode';
import { parseFromMapView, parseMapViewState, type FromMapView, type MapPoints, type ToMapView } from '../../shared/views/mapMessages';
import type { ProjectionMethod } from '../../shared/views/viewTypes';
import { encodeMapPoints } from './mapEncoding';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

/** Label changes arriving within this many ms are applied to the map at once. */
const LABEL_REFRESH_MS = 250;

/**
 * The embedding map: every utterance of the open run at its 2-D projection (PCA or UMAP), coloured by label,
 * prediction, correctness, speaker or session; hover, click to play and open, box/lasso selection with bulk relabel.
 */
export class EmbeddingMapView {
  static readonly viewType = 'ser.embeddingMap';
  private static current: EmbeddingMapView | undefined;

  private readonly view: ViewPanel<ToMapView, FromMapView>;
  private points: MapPoints | undefined;
  private index = new Map<string, number>();
  private computing: AbortController | undefined;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the map of the open run, projected with `method` (default: the last one used, else PCA). */
  static show(context: vscode.ExtensionContext, data: ViewData, method?: ProjectionMethod): EmbeddingMapView {
    const open = EmbeddingMapView.current;
    if (open && open.data === data) {
      if (method && method !== open.method) open.switchMethod(method);
      open.view.reveal();
      return open;
    }
    open?.dispose();
    return (EmbeddingMapView.current = new EmbeddingMapView(context, data, method ?? 'pca'));
  }

  static restore(context: vscode.ExtensionContext, data: ViewData, panel: vscode.WebviewPanel, state: unknown): EmbeddingMapView {
    EmbeddingMapView.current?.dispose();
    const s = parseMapViewState(state);
    return (EmbeddingMapView.current = new EmbeddingMapView(context, data, s?.method ?? 'pca', panel));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData,
    private method: ProjectionMethod,
    restored?: vscode.WebviewPanel,
  ) {
    this.view = new ViewPanel(
      context,
      data,
      { viewType: EmbeddingMapView.viewType, bundle: 'map', parse: parseFromMapView },
      'SER: Embedding map',
      { onReady: () => this.sendPoints(), onMessage: (m) => this.onMessage(m), error: (error) => ({ type: 'error', error }) },
      restored,
    );
    this.view.own(data.onDidChangeLabels(() => this.scheduleLabelRefresh()));
    if (data.onDidChangeInspection) {
      this.view.own(data.onDidChangeInspection(() => {
        this.points = undefined;
        if (this.view.isReady) void this.view.guard('reloading the map', () => this.sendPoints());
      }));
    }
    this.view.own({ dispose: () => {
      this.computing?.abort();
      if (this.labelTimer) clearTimeout(this.labelTimer);
      if (EmbeddingMapView.current === this) EmbeddingMapView.current = undefined;
    } });
  }

  dispose(): void {
    this.view.dispose();
  }

  private switchMethod(method: ProjectionMethod): void {
    this.method = method;
    this.points = undefined;
    if (this.view.isReady) void this.view.guard(`projecting with ${method.toUpperCase()}`, () => this.sendPoints());
  }

  private async sendPoints(): Promise<void> {
    if (!this.points || this.points.method !== this.method) {
      this.computing?.abort();
      const controller = new AbortController();
      this.computing = controller;
      const method = this.method;
      let last = 0;
      const p = await this.data.projection(method, {
        signal: controller.signal,
        onProgress: (fraction, stage) => {
          const now = Date.now();
          if (now - last < 200) return; // the webview needs a few updates a second, not every epoch
          last = now;
          this.view.postIfReady({ type: 'progress', fraction, stage });
        },
      });
      if (controller.signal.aborted || method !== this.method) return;
      this.points = encodeMapPoints(p, this.data.classes());
      this.index = new Map(this.points.ids.map((id, i) => [id, i]));
    }
    this.view.postIfReady({ type: 'points', classes: [...this.data.classes()], points: this.points });
  }

  private scheduleLabelRefresh(): void {
    if (this.labelTimer) clearTimeout(this.labelTimer);
    this.labelTimer = setTimeout(() => {
      this.labelTimer = undefined;
      void this.view.guard('updating labels', async () => {
        if (!this.points) return;
        // The projection is cached by the engine; asking again returns today's labels for every point.
        const p = await this.data.projection(this.points.method);
        const fresh = encodeMapPoints(p, this.data.classes());
        if (fresh.ids.length !== this.points.ids.length || fresh.ids.some((id, i) => id !== this.points!.ids[i])) {
          this.points = fresh;
          this.index = new Map(fresh.ids.map((id, i) => [id, i]));
          this.view.postIfReady({ type: 'points', classes: [...this.data.classes()], points: fresh });
          return;
        }
        this.points = fresh;
        this.view.postIfReady({ type: 'labels', label: fresh.categories.label, correct: fresh.categories.correct });
      });
    }, LABEL_REFRESH_MS);
  }

  private async onMessage(m: Exclude<FromMapView, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'method':
        if (m.method !== this.method) this.switchMethod(m.method);
        return;
      case 'play': {
        if (!this.index.has(m.id)) return;
        const ref = await this.data.audio(m.id);
        if (ref) this.view.postIfReady({ type: 'audio', id: m.id, source: await this.view.audioSource(ref) });
        return;
      }
      case 'open':
        if (this.index.has(m.id)) UtteranceView.show(this.context, this.data, m.id, vscode.ViewColumn.Beside);
        return;
      case 'relabel': {
        const classes = this.data.classes();
        if (!classes.includes(m.label) || !m.ids.every((id) => this.index.has(id))) return;
        await this.data.setLabels(m.ids.map((id) => ({ id, label: m.label })));
        return;
      }
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

/**
 * ViewData (src/extension/views/viewData.ts) over the extension's services: the active dataset and its current run,
 * label edits through DatasetService (so the tree, the commands and every panel see the same change at once, with
 * the annotator's name), inspection through the engine worker. Panels subscribe to onDidChangeLabels /
 * onDidChangeInspection, which fire for edits made here, by commands, by undo, and by other windows or git.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { AudioRef, DialogInfo, Dismissal, LabelsChanged, ProjectionData, ViewData } from './views/viewData';
import type { NeighbourItem, PairListData, ProjectionMethod, SuspectListData, UtteranceBrief, UtteranceDetail } from '../shared/views/viewTypes';
import type { DatasetService, EngineApi, Logger } from './core/datasetService';
import type { DatasetModel } from './core/datasetModel';
import { Emitter } from './core/events';

export class ServiceViewData implements ViewData {
  private readonly labelsEmitter = new Emitter<LabelsChanged>();
  private readonly subs: { dispose(): void }[] = [];
  readonly onDidChangeLabels: vscode.Event<LabelsChanged>;
  readonly onDidChangeInspection: vscode.Event<void>;

  constructor(
    private readonly service: DatasetService,
    private readonly engine: EngineApi,
    readonly log: Logger,
    /** Throws (with the reason) when label writes are not allowed, e.g. in an untrusted workspace. */
    private readonly checkWritable: (what: string) => void,
    private readonly annotator: () => Promise<string>,
    /** False where nothing may be written to the dataset or its runs (Restricted Mode): views still read and compute. */
    private readonly canWrite: () => boolean = () => true,
  ) {
    this.onDidChangeLabels = this.labelsEmitter.event as vscode.Event<LabelsChanged>;
    this.onDidChangeInspection = service.onDidChangeInspection as vscode.Event<void>;
    this.subs.push(
      service.onDidChangeLabels((e) => {
        if (e.root === this.service.active()?.root) this.labelsEmitter.fire({ ids: e.ids });
      }),
    );
  }

  get datasetRoot(): string | undefined {
    return this.service.active()?.root;
  }

  classes(): readonly string[] {
    return this.service.active()?.classes ?? [];
  }

  private model(): DatasetModel {
    const m = this.service.active();
    if (!m) throw new Error('no dataset is open');
    return m;
  }

  async utteranceDetail(id: string): Promise<UtteranceDetail | undefined> {
    const m = this.service.active();
    if (!m) return undefined;
    const runDir = this.service.runOf(m.root);
    const d = await this.engine.request('utteranceDetail', { ...this.service.selection(m.root), id, ...(runDir ? { runDir } : {}) });
    return d ?? undefined;
  }

  async audio(id: string): Promise<AudioRef | undefined> {
    const r = this.service.active()?.row(id);
    if (!r) return undefined;
    return { file: r.audioPath, ...(r.start !== undefined ? { start: r.start } : {}), ...(r.end !== undefined ? { end: r.end } : {}) };
  }

  async dialogOf(id: string): Promise<DialogInfo | undefined> {
    const m = this.service.active();
    const r = m?.row(id);
    if (!m || !r?.dialog || m.listing.format !== 'iemocap') return undefined;
    // IEMOCAP keeps the whole dialog at Session<n>/dialog/wav/<dialog>.wav beside the per-utterance files.
    const sessionDir = path.resolve(path.dirname(r.audioPath), '..', '..', '..');
    const file = path.join(sessionDir, 'dialog', 'wav', `${r.dialog}.wav`);
    if (!existsSync(file)) return undefined;
    const utterances = [...m.allRows()]
      .filter((u) => u.dialog === r.dialog && u.dialogStart !== undefined && u.dialogEnd !== undefined)
      .map((u) => ({ id: u.id, start: u.dialogStart!, end: u.dialogEnd!, label: u.className ?? u.label, speaker: u.speaker }))
      .sort((a, b) => a.start - b.start);
    return { dialog: r.dialog, audio: { file }, utterances };
  }

  async neighbours(id: string, k: number): Promise<NeighbourItem[]> {
    const m = this.service.active();
    if (!m || !this.service.runOf(m.root) || !m.overlay?.run.hasPredictions) return [];
    return this.engine.request('inspectNeighbours', { ...this.service.inspectParams(m.root), id, k });
  }

  async setLabel(id: string, label: string): Promise<void> {
    this.checkWritable('changing labels');
    const r = await this.service.setLabel(this.model().root, id, label);
    if (r.conflict) this.log.warn(r.conflict.message);
  }

  async setLabels(changes: readonly { id: string; label: string }[]): Promise<void> {
    this.checkWritable('changing labels');
    await this.service.setLabels(this.model().root, changes);
  }

  async undo(): Promise<string | undefined> {
    this.checkWritable('undoing label changes');
    const r = await this.service.undo(this.model().root);
    return r.change?.utt;
  }

  suspects(options: { top?: number } = {}): Promise<SuspectListData> {
    return this.engine.request('inspectSuspects', { ...this.service.inspectParams(), ...(options.top !== undefined ? { top: options.top } : {}) });
  }

  pairs(options: { top?: number } = {}): Promise<PairListData> {
    return this.engine.request('inspectPairs', { ...this.service.inspectParams(), ...(options.top !== undefined ? { top: options.top } : {}) });
  }

  async dismiss(verdict: Dismissal): Promise<void> {
    this.checkWritable('recording verdicts');
    const params = this.service.inspectParams();
    const who = await this.annotator();
    const v = await this.engine.request('inspectDismiss', { ...params, verdict, who });
    this.log.info(`verdict ${v.verdictId}: ${verdict.kind === 'utterance' ? verdict.id : `${verdict.a} / ${verdict.b}`} is not an issue (${who})`);
    await this.service.inspectionChanged(this.model().root);
  }

  async projection(method: ProjectionMethod, options: { signal?: AbortSignal; onProgress?: (fraction: number, stage: string) => void } = {}): Promise<ProjectionData> {
    const m = this.model();
    // Restricted Mode: the projection is computed (or read from the cache) but not written into the run folder.
    const p = await this.engine.request('inspectProjection', { ...this.service.inspectParams(m.root), method, ...(this.canWrite() ? {} : { writeCache: false }) }, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (x) => options.onProgress?.(x.fraction, x.stage),
    });
    return {
      method: p.method,
      ids: p.ids,
      coords: p.coords,
      labels: p.labels,
      predicted: p.ids.map((id) => m.prediction(id)?.predicted ?? null),
      speakers: p.ids.map((id) => m.row(id)?.speaker ?? ''),
      sessions: p.ids.map((id) => m.row(id)?.session ?? ''),
      scores: p.scores,
      ...(p.explainedVariance ? { explainedVariance: p.explainedVariance } : {}),
    };
  }

  async confusionCell(runDir: string, trueLabel: string, predicted: string): Promise<UtteranceBrief[]> {
    const m = this.model();
    const overlay = m.overlay?.run.runDir === runDir ? m.overlay : await this.engine.request('runOverlay', { runDir });
    const out: UtteranceBrief[] = [];
    for (const [id, p] of Object.entries(overlay.predictions)) {
      if (p.trainedLabel !== trueLabel || p.predicted !== predicted) continue;
      const r = m.row(id);
      out.push({ id, label: r?.className ?? r?.label ?? p.trainedLabel, predicted: p.predicted, ...(r ? { speaker: r.speaker } : {}) });
    }
    return out;
  }

  utteranceForFile(file: string): string | undefined {
    for (const m of this.service.datasets()) {
      const id = m.utteranceForFile(file);
      if (id !== undefined) return m === this.service.active() ? id : undefined;
    }
    return undefined;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.labelsEmitter.dispose();
  }
}

/**
 * The datasets open in this workspace and everything the editor does with them through the engine worker:
 * opening (listing), the chosen run and its predictions, suspects, and label edits (set, undo, redo, pick-up of
 * other writers). The tree, the commands and the review panels (ViewData) all go through here, so they agree.
 * Written against small interfaces (EngineApi, StateStore, Logger), so it is tested without VS Code.
 */
import * as path from 'node:path';
import type { RequestOptions } from '../../shared/rpc';
import type { DatasetSelection, LabelChange, LabelConflict, LabelEditResult, RunOverlay, WireRetrainComparison, WorkerMethods } from '../../shared/protocol';
import { DatasetModel, NO_FILTER, type TreeFilter } from './datasetModel';
import { Emitter } from './events';
import { datasetSelection, type SerSettings } from './settings';

/** What the service needs of the engine process (EngineProcess fits). */
export interface EngineApi {
  request<K extends keyof WorkerMethods & string>(
    method: K,
    params: WorkerMethods[K]['params'],
    options?: RequestOptions<WorkerMethods[K]['progress']>,
  ): Promise<WorkerMethods[K]['result']>;
}

/** Workspace state (vscode.Memento fits). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const STATE = {
  datasets: 'ser.datasets',
  active: 'ser.activeDataset',
  runs: 'ser.runs',
  filter: 'ser.filter',
} as const;

export interface LabelsChangedEvent {
  root: string;
  /** Utterances whose label changed; empty = everything may have changed (a relist). */
  ids: string[];
}

export class DatasetService {
  private readonly models = new Map<string, DatasetModel>();
  private activeRoot: string | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();
  private filterNow: TreeFilter;

  private readonly changeEmitter = new Emitter<void>();
  private readonly labelsEmitter = new Emitter<LabelsChangedEvent>();
  private readonly inspectionEmitter = new Emitter<void>();
  private readonly conflictEmitter = new Emitter<LabelConflict[]>();
  /** Datasets, the active one, runs, suspects or the filter changed: redraw the tree. */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidChangeLabels = this.labelsEmitter.event;
  /** Suspects, pairs or projections may differ (run changed, labels or verdicts changed). */
  readonly onDidChangeInspection = this.inspectionEmitter.event;
  /** Someone else changed utterances this annotator changed (never dropped silently: the host shows them). */
  readonly onConflict = this.conflictEmitter.event;

  constructor(
    private readonly engine: EngineApi,
    private readonly state: StateStore,
    private readonly log: Logger,
    private readonly settings: () => SerSettings,
    private readonly annotator: () => Promise<string>,
  ) {
    this.filterNow = { ...NO_FILTER, ...(state.get<TreeFilter>(STATE.filter) ?? {}) };
  }

  datasets(): DatasetModel[] {
    return [...this.models.values()];
  }

  model(root: string | undefined): DatasetModel | undefined {
    return root === undefined ? undefined : this.models.get(root);
  }

  /** The dataset commands act on: the one chosen last (persisted), else the only one open. */
  active(): DatasetModel | undefined {
    return this.model(this.activeRoot) ?? (this.models.size === 1 ? [...this.models.values()][0] : undefined);
  }

  async setActive(root: string): Promise<void> {
    if (!this.models.has(root) || this.activeRoot === root) return;
    this.activeRoot = root;
    await this.state.update(STATE.active, root);
    this.changeEmitter.fire();
    this.inspectionEmitter.fire();
  }

  get filter(): TreeFilter {
    return this.filterNow;
  }

  async setFilter(f: TreeFilter): Promise<void> {
    this.filterNow = f;
    await this.state.update(STATE.filter, f);
    if (f.suspects) for (const m of this.models.values()) if (m.overlay && m.suspects.length === 0) await this.loadSuspects(m.root).catch(() => undefined);
    this.changeEmitter.fire();
  }

  /** The selection the engine opens `root` with under the current settings. */
  selection(root: string): DatasetSelection {
    return datasetSelection(this.settings(), root);
  }

  runOf(root: string): string | undefined {
    // '' records the user's "No run" (so a run found on disk is not made current again behind their back).
    return this.state.get<Record<string, string>>(STATE.runs)?.[root] || undefined;
  }

  /** Reopens the datasets (and runs) this workspace had open; failures are logged, the rest open. */
  async restore(onProgress?: (root: string) => void): Promise<void> {
    const roots = this.state.get<string[]>(STATE.datasets) ?? [];
    const active = this.state.get<string>(STATE.active);
    for (const root of roots) {
      onProgress?.(root);
      try {
        await this.open(root, { activate: false });
      } catch (err) {
        this.log.warn(`could not reopen dataset ${root}: ${(err as Error).message}`);
      }
    }
    if (active && this.models.has(active)) this.activeRoot = active;
    this.changeEmitter.fire();
  }

  /**
   * Lists the dataset at `root` (or relists it) and makes it the active one. The root the engine resolved (e.g.
   * IEMOCAP_full_release inside the folder chosen) is what is remembered.
   */
  async open(root: string, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; activate?: boolean } = {}): Promise<DatasetModel> {
    const started = Date.now();
    const listing = await this.engine.request('listDataset', this.selection(root), {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: (p) => options.onProgress!(p.done, p.total) } : {}),
    });
    const model = new DatasetModel(listing);
    const previous = this.models.get(listing.root);
    this.models.set(listing.root, model);
    this.log.info(`dataset ${listing.root}: ${listing.format}, ${listing.utterances.length} utterances (${listing.classes.join(', ')}), listed in ${Date.now() - started} ms${listing.errors.length ? `, ${listing.errors.length} file problems` : ''}`);
    for (const p of listing.labelProblems) this.log.warn(`${p.file}: ${p.message}`);
    const roots = this.state.get<string[]>(STATE.datasets) ?? [];
    if (!roots.includes(listing.root)) await this.state.update(STATE.datasets, [...roots.filter((r) => r !== root), listing.root]);
    if (options.activate !== false) {
      this.activeRoot = listing.root;
      await this.state.update(STATE.active, listing.root);
    }
    const runDir = this.runOf(listing.root) ?? (await this.adoptNewestRun(listing.root));
    if (runDir) {
      try {
        await this.loadOverlay(model, runDir);
        if (previous?.suspects.length || this.filterNow.suspects) await this.loadSuspects(listing.root);
      } catch (err) {
        this.log.warn(`the run ${runDir} could not be loaded: ${(err as Error).message}`);
      }
    }
    this.changeEmitter.fire();
    this.labelsEmitter.fire({ root: listing.root, ids: [] });
    this.inspectionEmitter.fire();
    return model;
  }

  async close(root: string): Promise<void> {
    this.models.delete(root);
    await this.state.update(STATE.datasets, (this.state.get<string[]>(STATE.datasets) ?? []).filter((r) => r !== root));
    if (this.activeRoot === root) {
      this.activeRoot = this.models.keys().next().value;
      await this.state.update(STATE.active, this.activeRoot);
    }
    this.changeEmitter.fire();
    this.inspectionEmitter.fire();
  }

  /** Makes `runDir` the dataset's current run (its predictions in the tree); undefined clears it. */
  async setRun(root: string, runDir: string | undefined): Promise<RunOverlay | undefined> {
    const m = this.models.get(root);
    if (!m) throw new Error(`the dataset ${root} is not open`);
    const runs = { ...(this.state.get<Record<string, string>>(STATE.runs) ?? {}) };
    let overlay: RunOverlay | undefined;
    if (runDir) {
      overlay = await this.loadOverlay(m, runDir);
      runs[root] = runDir;
    } else {
      m.setOverlay(undefined);
      runs[root] = '';
    }
    m.setSuspects([]);
    await this.state.update(STATE.runs, runs);
    if (runDir && this.filterNow.suspects) await this.loadSuspects(root).catch((err) => this.log.warn(`suspects: ${(err as Error).message}`));
    this.changeEmitter.fire();
    this.inspectionEmitter.fire();
    return overlay;
  }

  /**
   * A dataset this workspace has never chosen a run for gets its newest finished run with predictions, trained
   * outside this window (`ser demo`, `ser eval`, another window), as the current run. Looked for where Open Run...
   * looks first: <root>/.ser/runs and the folder above's (where `ser demo` puts its run).
   */
  private async adoptNewestRun(root: string): Promise<string | undefined> {
    const runs = this.state.get<Record<string, string>>(STATE.runs) ?? {};
    if (root in runs) return undefined;
    try {
      const found = await this.engine.request('listRuns', { dirs: [path.join(root, '.ser', 'runs'), path.join(path.dirname(root), '.ser', 'runs')] });
      const run = found.find((r) => r.status === 'complete' && r.hasPredictions && (!r.datasetRoot || path.resolve(r.datasetRoot) === path.resolve(root)));
      if (!run) return undefined;
      await this.state.update(STATE.runs, { ...runs, [root]: run.runDir });
      this.log.info(`run ${run.runDir}: the newest finished run of ${path.basename(root)}, made current`);
      return run.runDir;
    } catch (err) {
      this.log.warn(`looking for runs of ${root}: ${(err as Error).message}`);
      return undefined;
    }
  }

  private async loadOverlay(m: DatasetModel, runDir: string): Promise<RunOverlay> {
    const overlay = await this.engine.request('runOverlay', { runDir });
    m.setOverlay(overlay);
    const n = Object.keys(overlay.predictions).length;
    this.log.info(`run ${runDir}: ${overlay.run.kind}, ${overlay.run.status}, ${n} out-of-fold predictions${overlay.run.metrics ? `, UA ${overlay.run.metrics.UA.toFixed(1)}%` : ''}`);
    return overlay;
  }

  /** Opens the current run for inspection (neighbour graph, once) and marks its top suspects in the tree. */
  async loadSuspects(root: string, options: { signal?: AbortSignal; onProgress?: (stage: string, fraction: number) => void } = {}): Promise<string[]> {
    const m = this.models.get(root);
    const runDir = this.runOf(root);
    if (!m || !runDir) throw new Error('no run is open for this dataset: train a model or open a run first');
    if (!m.overlay?.run.hasPredictions) throw new Error(`the run ${runDir} has no out-of-fold predictions (run Train Model or Evaluate)`);
    const params = { ...this.selection(root), runDir, neighbours: this.settings().neighbours };
    const started = Date.now();
    await this.engine.request('inspectOpen', params, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => options.onProgress?.(p.stage, p.fraction),
    });
    const list = await this.engine.request('inspectSuspects', { ...params, top: this.settings().suspects });
    const min = this.settings().minSuspicion;
    const kept = list.suspects.filter((s) => s.score >= min);
    const ids = kept.map((s) => s.id);
    m.setSuspects(kept.map(({ id, score, label, suggested, suggestedProbability, category }) => ({ id, score, label, suggested, suggestedProbability, category })));
    this.log.info(`suspects: ${kept.length} with suspicion >= ${min} of ${list.scored} scored (${list.dismissed} dismissed) in ${Date.now() - started} ms`);
    this.changeEmitter.fire();
    return ids;
  }

  /** Inspection parameters of the active dataset's current run; throws a plain-words error when there is none. */
  inspectParams(root?: string): WorkerMethods['inspectOpen']['params'] {
    const m = root ? this.models.get(root) : this.active();
    if (!m) throw new Error('no dataset is open: run "SER: Open Dataset..." first');
    const runDir = this.runOf(m.root);
    if (!runDir) throw new Error('no run is open for this dataset: run "SER: Train Model" or "SER: Open Run..." first');
    return { ...this.selection(m.root), runDir, neighbours: this.settings().neighbours };
  }

  /** The current run (after a retrain) against `before`, on the same dataset: metrics and suspect lists. */
  compareRuns(root: string, before: string): Promise<WireRetrainComparison> {
    return this.engine.request('compareRuns', { ...this.inspectParams(root), before });
  }

  /** Records `utt`'s new label as the annotator; `expected` is the label the user saw (conflict check). */
  setLabel(root: string, utt: string, label: string, note?: string): Promise<LabelEditResult> {
    return this.serial(root, async () => {
      const m = this.need(root);
      const who = await this.annotator();
      const expected = m.row(utt)?.label ?? null;
      const r = await this.engine.request('labelSet', { ...this.selection(root), utt, label, who, expected, ...(note ? { note } : {}) });
      this.log.info(r.change ? `label ${utt}: ${expected ?? '(none)'} -> ${r.change.label} by ${who}` : `label ${utt}: already ${label}; nothing written`);
      await this.applied(m, r.change ? [r.change] : [], r.conflict ? [r.conflict] : []);
      return r;
    });
  }

  /** Several corrections, one change event. */
  setLabels(root: string, changes: readonly { id: string; label: string }[]): Promise<LabelChange[]> {
    return this.serial(root, async () => {
      const m = this.need(root);
      const who = await this.annotator();
      const done: LabelChange[] = [];
      const conflicts: LabelConflict[] = [];
      try {
        for (const c of changes) {
          const r = await this.engine.request('labelSet', { ...this.selection(root), utt: c.id, label: c.label, who, expected: m.row(c.id)?.label ?? null });
          if (r.change) done.push(r.change);
          if (r.conflict) conflicts.push(r.conflict);
        }
      } finally {
        // What was written before a failure is durable: show it.
        this.log.info(`labels: ${done.length} of ${changes.length} set to new labels by ${who}`);
        await this.applied(m, done, conflicts);
      }
      return done;
    });
  }

  undo(root: string): Promise<LabelEditResult> {
    return this.undoRedo(root, 'labelUndo');
  }

  redo(root: string): Promise<LabelEditResult> {
    return this.undoRedo(root, 'labelRedo');
  }

  private undoRedo(root: string, method: 'labelUndo' | 'labelRedo'): Promise<LabelEditResult> {
    return this.serial(root, async () => {
      const m = this.need(root);
      const who = await this.annotator();
      const r = await this.engine.request(method, { ...this.selection(root), who });
      const what = method === 'labelUndo' ? 'undo' : 'redo';
      this.log.info(r.change ? `${what}: ${r.change.utt} is now ${r.change.label ?? '(none)'}` : `${what}: nothing to ${what} for ${who}`);
      await this.applied(m, r.change ? [r.change] : [], []);
      return r;
    });
  }

  /** Picks up what other writers appended to the sidecar (file watcher); reports conflicts. */
  reloadLabels(root: string): Promise<LabelChange[]> {
    return this.serial(root, async () => {
      const m = this.models.get(root);
      if (!m) return [];
      const who = await this.annotator();
      const r = await this.engine.request('labelReload', { ...this.selection(root), who });
      for (const p of r.problems) this.log.warn(`${p.file}: ${p.message}`);
      if (r.changes.length || r.reset) {
        this.log.info(`labels changed outside this window: ${r.changes.length} utterance(s)${r.reset ? ' (the sidecar was replaced, e.g. by git)' : ''}: ${r.changes.slice(0, 10).map((c) => `${c.utt} -> ${c.label ?? '(none)'} by ${c.by.who}`).join(', ')}${r.changes.length > 10 ? ', ...' : ''}`);
      }
      await this.applied(m, r.changes, r.conflicts);
      return r.changes;
    });
  }

  private async applied(m: DatasetModel, changes: readonly LabelChange[], conflicts: readonly LabelConflict[]): Promise<void> {
    if (conflicts.length) {
      for (const c of conflicts) this.log.warn(`label conflict: ${c.message}`);
      this.conflictEmitter.fire([...conflicts]);
    }
    if (!changes.length) return;
    const unknown = changes.filter((c) => !m.applyChange(c));
    if (unknown.length) {
      // An utterance relabelled back into the class map is not in the listing yet: list again.
      await this.open(m.root, { activate: false });
      return;
    }
    // The suspect list keeps its order while the annotator works through it (a re-rank after every correction
    // would move the rows under the cursor); corrected rows show their new label, Show Suspects re-ranks.
    this.changeEmitter.fire();
    this.labelsEmitter.fire({ root: m.root, ids: changes.map((c) => c.utt) });
    this.inspectionEmitter.fire();
  }

  /**
   * Picks up verdicts another window or the CLI wrote (file watcher): the Review tree drops the suspects now
   * dismissed with their current label, keeping its order (the rest re-ranks on Show Suspects), and the open
   * panels refresh their suspects and pairs.
   */
  async reloadVerdicts(root: string): Promise<void> {
    const m = this.models.get(root);
    if (!m || !this.runOf(root) || !m.overlay?.run.hasPredictions) return;
    const { dismissed } = await this.engine.request('inspectVerdicts', this.inspectParams(root));
    const key = (id: string, label: string) => `${id}\u0000${label}`;
    const gone = new Set(dismissed.map((d) => key(d.utt, d.label)));
    const kept = m.suspectBriefs.filter((s) => !gone.has(key(s.id, m.row(s.id)?.className ?? s.label)));
    if (kept.length !== m.suspectBriefs.length) {
      this.log.info(`verdicts changed outside this window: ${m.suspectBriefs.length - kept.length} suspect(s) are not an issue`);
      m.setSuspects(kept);
    }
    this.changeEmitter.fire();
    this.inspectionEmitter.fire();
  }

  /** Verdicts changed (a dismissal): suspects and pairs differ (the Review list re-ranks on Show Suspects). */
  async inspectionChanged(_root: string): Promise<void> {
    this.changeEmitter.fire();
    this.inspectionEmitter.fire();
  }

  private need(root: string): DatasetModel {
    const m = this.models.get(root);
    if (!m) throw new Error(`the dataset ${root} is not open`);
    return m;
  }

  /** Label edits of one dataset run one at a time, in the order they were asked for. */
  private serial<T>(root: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(root) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    this.queues.set(root, run.catch(() => undefined));
    return run;
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.labelsEmitter.dispose();
    this.inspectionEmitter.dispose();
    this.conflictEmitter.dispose();
  }
}

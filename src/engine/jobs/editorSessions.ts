/**
 * What the worker process keeps open for the editor between requests: each dataset (by selection) and each run
 * opened for inspection (by selection and run). Requests carry the selection, so a restarted worker reopens what it
 * needs on the next call and the host never depends on the worker's memory. Label edits mark the inspection
 * sessions of their dataset stale; the next inspection call refreshes scores (no new neighbour search).
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { InspectionSession } from '../inspect/inspectionSession';
import { readOofPredictions } from '../run/oofPredictions';
import type { DatasetSelection, InspectParams, InspectProgress, WireProjection } from '../../shared/protocol';
import type { UtteranceDetail } from '../../shared/views/viewTypes';
import type { DatasetSubset } from '../datasets/selection';
import type { DatasetFormat } from '../datasets/utterance';
import { EditorDataset, selectionKey, type OpenOptions } from './editorDataset';

interface OpenSession {
  session: Promise<InspectionSession>;
  stale: boolean;
}

export class EditorSessions {
  private readonly datasets = new Map<string, Promise<EditorDataset>>();
  private readonly inspections = new Map<string, OpenSession>();
  private readonly predictions = new Map<string, Promise<Map<string, { classes: string[]; probs: number[]; fold: number }>>>();

  constructor(private readonly fs: FileSystem) {}

  /** The dataset of `selection`, opened once; `fresh` reopens it (a rescan). */
  dataset(selection: DatasetSelection, options: OpenOptions & { fresh?: boolean } = {}): Promise<EditorDataset> {
    const key = selectionKey(selection);
    let p = options.fresh ? undefined : this.datasets.get(key);
    if (!p) {
      p = EditorDataset.open(this.fs, selection, options);
      this.datasets.set(key, p);
      // A failed or cancelled open is not cached: the next call tries again.
      p.catch(() => {
        if (this.datasets.get(key) === p) this.datasets.delete(key);
      });
      if (options.fresh) this.markStale(selection);
    }
    return p;
  }

  /** Inspection sessions of this dataset recompute their scores on next use (labels or verdicts changed). */
  markStale(selection: DatasetSelection): void {
    const prefix = `${selectionKey(selection)}\u0000`;
    for (const [k, s] of this.inspections) if (k.startsWith(prefix)) s.stale = true;
  }

  /** The run `params.runDir` opened for inspection over the dataset; refreshed when labels changed since. */
  async inspection(params: InspectParams, onProgress?: (p: InspectProgress) => void, signal?: AbortSignal): Promise<InspectionSession> {
    const key = `${selectionKey(params)}\u0000${params.runDir}\u0000${params.neighbours ?? 10}`;
    let open = this.inspections.get(key);
    if (!open) {
      const session = InspectionSession.open(this.fs, inspectionSelection(params), params.runDir, {
        k: params.neighbours ?? 10,
        ...(signal ? { signal } : {}),
        onProgress: (stage, fraction) => onProgress?.({ stage: stage === 'scan' ? 'reading audio headers' : 'neighbour graph', fraction }),
      });
      const entry: OpenSession = { session, stale: false };
      open = entry;
      this.inspections.set(key, entry);
      session.catch(() => {
        if (this.inspections.get(key) === entry) this.inspections.delete(key);
      });
      return session;
    }
    const s = await open.session;
    if (open.stale) {
      open.stale = false;
      await s.refresh();
    }
    return s;
  }

  /** The session of this run if one is open already (never opens one: that costs a neighbour search). */
  async openInspection(selection: DatasetSelection, runDir: string): Promise<InspectionSession | undefined> {
    const prefix = `${selectionKey(selection)}\u0000${runDir}\u0000`;
    for (const [k, s] of this.inspections) {
      if (!k.startsWith(prefix)) continue;
      try {
        const session = await s.session;
        if (s.stale) {
          s.stale = false;
          await session.refresh();
        }
        return session;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** The run's 2-D map; `writeCache: false` (Restricted Mode) reads an existing cache but writes nothing into the run. */
  async projection(params: InspectParams & { method: 'pca' | 'umap'; writeCache?: boolean }, onProgress: (p: InspectProgress) => void, signal: AbortSignal): Promise<WireProjection> {
    const session = await this.inspection(params, onProgress, signal);
    const p = await session.projection(
      { method: params.method },
      { signal, onProgress: (fraction, stage) => onProgress({ stage, fraction }), ...(params.writeCache === false ? { writeCache: false } : {}) },
    );
    return {
      method: p.method,
      ids: p.ids,
      coords: p.coords,
      labels: p.labels,
      scores: p.scores,
      ...(p.explainedVariance ? { explainedVariance: p.explainedVariance } : {}),
    };
  }

  /** Everything the utterance view shows about `id` (prediction and suspicion when `runDir` is given). */
  async utteranceDetail(selection: DatasetSelection, id: string, runDir?: string): Promise<UtteranceDetail | null> {
    const ds = await this.dataset(selection);
    const u = ds.utterance(id);
    if (!u) return null;
    const store = ds.store;
    const detail: UtteranceDetail = {
      id,
      label: store.effectiveLabel(id) ?? null,
      corpusLabel: store.corpusLabel(id) ?? null,
      speaker: u.speaker,
      session: u.session,
      history: ds.history(id),
    };
    if (u.gender) detail.gender = u.gender;
    if (u.dialog) detail.dialog = u.dialog;
    if (u.transcript) detail.transcript = u.transcript;
    if (u.votes) detail.votes = u.votes;
    if (u.selfVotes) detail.selfVotes = u.selfVotes;
    if (u.dimensionalVotes) detail.dimensionalVotes = u.dimensionalVotes;
    if (u.vad) detail.vad = u.vad;
    if (u.attributes) detail.attributes = u.attributes;
    if (runDir) {
      const p = (await this.runPredictions(runDir)).get(id);
      if (p) {
        let best = 0;
        for (let c = 1; c < p.probs.length; c++) if (p.probs[c] > p.probs[best]) best = c;
        detail.prediction = { classes: p.classes, probs: p.probs, predicted: p.classes[best], fold: p.fold };
      }
      const session = await this.openInspection(selection, runDir);
      if (session) {
        try {
          const s = session.suspect(id);
          detail.suspicion = s.score;
          detail.suggested = s.suggested;
        } catch {
          // Not scored by this run (added or relabelled out of the map since): no suspicion to show.
        }
      }
    }
    return detail;
  }

  /** A run's predictions by utterance, read once per run. */
  private runPredictions(runDir: string): Promise<Map<string, { classes: string[]; probs: number[]; fold: number }>> {
    let p = this.predictions.get(runDir);
    if (!p) {
      p = readOofPredictions(this.fs, runDir).then((oof) => new Map(oof.utterances.map((u) => [u.id, { classes: oof.classes, probs: u.probs, fold: u.fold }] as const)));
      this.predictions.set(runDir, p);
      p.catch(() => this.predictions.delete(runDir));
    }
    return p;
  }

  /** Forgets a run (its folder was rewritten: a resumed or repeated run). */
  forgetRun(runDir: string): void {
    this.predictions.delete(runDir);
    for (const k of [...this.inspections.keys()]) if (k.includes(`\u0000${runDir}\u0000`)) this.inspections.delete(k);
  }
}

function inspectionSelection(s: DatasetSelection): { root: string; format?: DatasetFormat | 'auto'; classes?: string; subset?: DatasetSubset } {
  if (!s.root) throw new SerError('usage', undefined, 'no dataset root given');
  return {
    root: s.root,
    ...(s.format ? { format: s.format as DatasetFormat | 'auto' } : {}),
    ...(s.classes ? { classes: s.classes } : {}),
    ...(s.subset ? { subset: s.subset } : {}),
  };
}

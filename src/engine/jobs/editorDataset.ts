/**
 * A dataset as the editor works on it (worker process): the usable utterances with the label store's corrections
 * applied (openLabelledDataset), plus the corpus' full listing so that an utterance corrected to a label outside
 * the class map stays visible (and can be undone) although it left the usable set. Rows are plain data for the
 * dataset tree; label edits report what changed and when someone else changed the same utterance.
 */
import type { FileSystem } from '../io/fileSystem';
import { SerError } from '../errors';
import { openLabelledDataset, type LabelledDataset } from '../datasets/labelledDataset';
import { loadDataset } from '../datasets/loadDataset';
import { classOf } from '../datasets/classMap';
import type { Utterance } from '../datasets/utterance';
import type { UsableUtterance } from '../datasets/scan';
import type { DatasetSubset } from '../datasets/selection';
import { evaluatorAgreement } from '../inspect/scores/evaluatorAgreement';
import { writeLabelExport } from '../labels/labelExport';
import type { LabelRecord, SetRecord } from '../labels/labelRecord';
import type {
  DatasetListing,
  DatasetSelection,
  FileProblem,
  LabelChange,
  LabelConflict,
  LabelEditResult,
  LabelReloadResult,
  UtteranceRow,
  VoteSummary,
} from '../../shared/protocol';
import type { LabelHistoryItem } from '../../shared/views/viewTypes';

export interface OpenOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The cache key of a selection: two selections with the same key open the same dataset. */
export function selectionKey(s: DatasetSelection): string {
  return JSON.stringify([s.root, s.format ?? 'auto', s.classes ?? '', s.subset ?? 'all']);
}

export class EditorDataset {
  private readonly usable: Map<string, UsableUtterance>;
  private readonly listed: Map<string, Utterance>;

  private constructor(
    private readonly fs: FileSystem,
    readonly dataset: LabelledDataset,
    corpus: readonly Utterance[],
  ) {
    this.usable = new Map(dataset.utterances.map((u) => [u.utterance.id, u] as const));
    this.listed = new Map(corpus.map((u) => [u.id, u] as const));
  }

  static async open(fs: FileSystem, selection: DatasetSelection, options: OpenOptions = {}): Promise<EditorDataset> {
    const dataset = await openLabelledDataset(fs, selection.root, {
      format: selection.format ?? 'auto',
      ...(selection.classes ? { classes: selection.classes } : {}),
      subset: (selection.subset ?? 'all') as DatasetSubset,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    // Text files only (no audio): cheap next to the header probes above.
    const corpus = await loadDataset(fs, dataset.root, { format: dataset.format, ...(options.signal ? { signal: options.signal } : {}) });
    return new EditorDataset(fs, dataset, corpus.utterances);
  }

  get root(): string {
    return this.dataset.root;
  }

  get store() {
    return this.dataset.store;
  }

  /** The corpus' record of an utterance (usable or not). */
  utterance(id: string): Utterance | undefined {
    return this.usable.get(id)?.utterance ?? this.listed.get(id);
  }

  /** Maps a class name to the label code it is stored as (its own name when that is a code, else its first code). */
  labelCode(label: string): string {
    const map = this.dataset.classMap.codeToClass;
    if (Object.prototype.hasOwnProperty.call(map, label) || this.dataset.allowedLabels.includes(label)) return label;
    const code = Object.keys(map).find((c) => map[c] === label);
    if (code === undefined) throw new SerError('usage', undefined, `unknown label "${label}"; allowed: ${this.dataset.allowedLabels.join(', ')}`);
    return code;
  }

  listing(): DatasetListing {
    const ds = this.dataset;
    const rows: UtteranceRow[] = ds.utterances.map((u) => this.row(u.utterance, u));
    // Corrected away from the map: not usable any more, but the annotator must still see (and be able to undo) them.
    for (const c of ds.store.corrections()) {
      if (this.usable.has(c.utt)) continue;
      const u = this.listed.get(c.utt);
      if (u) rows.push(this.row(u, undefined));
    }
    return {
      root: ds.root,
      format: ds.format,
      classes: [...ds.classMap.classes],
      codeToClass: { ...ds.classMap.codeToClass },
      allowedLabels: [...ds.allowedLabels],
      utterances: rows,
      errors: ds.errors.map((e) => ({ file: e.file, message: e.message })),
      labelProblems: ds.store.problems.map((p) => ({ file: p.file, message: `line ${p.line}: ${p.problem}` })),
      sidecar: ds.store.file,
    };
  }

  /** One utterance's row with today's effective label. */
  row(u: Utterance, usable: UsableUtterance | undefined = this.usable.get(u.id)): UtteranceRow {
    const store = this.dataset.store;
    const label = store.effectiveLabel(u.id) ?? null;
    const className = label === null ? null : (classOf(this.dataset.classMap, label) ?? null);
    const deciding = store.decidingRecord(u.id);
    const corpusLabel = store.corpusLabel(u.id) ?? null;
    const row: UtteranceRow = {
      id: u.id,
      speaker: u.speaker,
      session: u.session,
      audioPath: u.audioPath,
      seconds: usable?.seconds ?? 0,
      label,
      className,
      corpusLabel,
    };
    if (u.dialog) row.dialog = u.dialog;
    if (u.gender) row.gender = u.gender;
    const ds = u.attributes?.dialogStart;
    const de = u.attributes?.dialogEnd;
    if (typeof ds === 'number' && typeof de === 'number') {
      row.dialogStart = ds;
      row.dialogEnd = de;
    }
    if (u.start !== undefined) row.start = u.start;
    if (u.end !== undefined) row.end = u.end;
    if (deciding && label !== corpusLabel) row.correction = correctionOf(deciding);
    const votes = this.voteSummary(u);
    if (votes) row.votes = votes;
    return row;
  }

  private voteSummary(u: Utterance): VoteSummary | undefined {
    // The shares do not depend on the utterance's own label; the host reads the agreement off them.
    const e = evaluatorAgreement(u.votes, undefined, this.dataset.classMap.classes[0] ?? '', this.dataset.classMap);
    return e ? { evaluators: e.evaluators, shares: e.shares, plurality: e.plurality, split: e.split } : undefined;
  }

  private change(utt: string, record: LabelRecord): LabelChange {
    const u = this.utterance(utt);
    const row = u ? this.row(u) : undefined;
    return {
      utt,
      label: row?.label ?? this.dataset.store.effectiveLabel(utt) ?? null,
      className: row?.className ?? null,
      corpusLabel: row?.corpusLabel ?? null,
      ...(row?.correction ? { correction: row.correction } : {}),
      by: { op: record.op, who: record.who, when: record.when },
    };
  }

  private undoState(who: string): Pick<LabelEditResult, 'nextUndo' | 'nextRedo'> {
    const u = this.dataset.store.nextUndo(who);
    const r = this.dataset.store.nextRedo(who);
    return { ...(u ? { nextUndo: { utt: u.utt, label: u.new } } : {}), ...(r ? { nextRedo: { utt: r.utt, label: r.new } } : {}) };
  }

  /**
   * Sets `utt`'s label as `who`. When the label in force before the write is not the one the user saw (`expected`),
   * someone else changed it meanwhile: the write still happens (the store is append-only, nothing is lost) and the
   * conflict is returned so the editor can say so.
   */
  async set(utt: string, label: string, who: string, note?: string, expected?: string | null): Promise<LabelEditResult> {
    const store = this.dataset.store;
    const code = this.labelCode(label);
    await store.reload();
    const before = store.effectiveLabel(utt) ?? null;
    const record = await store.set(utt, code, { who, ...(note ? { note } : {}) });
    const out: LabelEditResult = this.undoState(who);
    if (record) out.change = this.change(utt, record);
    if (expected !== undefined && before !== expected) {
      const theirs = this.latestBy(utt, (r) => r.id !== record?.id);
      if (theirs && theirs.who !== who) out.conflict = this.conflict(utt, theirs, who, `${utt} had been changed to ${before ?? '(none)'} by ${theirs.who} at ${theirs.when} while you were choosing; your ${code} is now in force`);
    }
    return out;
  }

  async undo(who: string): Promise<LabelEditResult> {
    const r = await this.dataset.store.undo(who);
    return { ...(r ? { change: this.change(r.utt, r) } : {}), ...this.undoState(who) };
  }

  async redo(who: string): Promise<LabelEditResult> {
    const r = await this.dataset.store.redo(who);
    return { ...(r ? { change: this.change(r.utt, r) } : {}), ...this.undoState(who) };
  }

  /**
   * Reads what other processes (another window, the CLI, git) appended and reports each utterance whose effective
   * label changed; a change by someone other than `who` to an utterance `who` had corrected is a conflict.
   */
  async reload(who: string): Promise<LabelReloadResult> {
    const store = this.dataset.store;
    const before = new Map(store.effectiveLabels());
    const problemsBefore = store.problems.length;
    const recordsBefore = new Set(store.records().map((r) => r.id));
    const result = await store.reload();
    const after = store.effectiveLabels();
    const changes: LabelChange[] = [];
    const conflicts: LabelConflict[] = [];
    for (const [utt, label] of after) {
      if (before.get(utt) === label) continue;
      const latest = this.latestBy(utt, (r) => !recordsBefore.has(r.id)) ?? this.latestBy(utt, () => true);
      if (!latest) {
        // The sidecar was replaced and this utterance went back to its corpus label.
        const u = this.utterance(utt);
        const row = u ? this.row(u) : undefined;
        changes.push({ utt, label: label ?? null, className: row?.className ?? null, corpusLabel: row?.corpusLabel ?? null, by: { op: 'set', who: '(file replaced)', when: new Date().toISOString() } });
        continue;
      }
      changes.push(this.change(utt, latest));
      if (latest.who !== who && this.latestBy(utt, (r) => r.who === who && r.op === 'set')) {
        conflicts.push(this.conflict(utt, latest, who, `${latest.who} changed ${utt}, which you had corrected, to ${label ?? '(none)'} (${latest.when})`));
      }
    }
    const problems: FileProblem[] = (result.reset ? store.problems : store.problems.slice(problemsBefore)).map((p) => ({ file: p.file, message: `line ${p.line}: ${p.problem}` }));
    return { changes, conflicts, reset: result.reset, problems };
  }

  history(utt: string): LabelHistoryItem[] {
    return this.dataset.store.history(utt).map(({ record, undone }) =>
      record.op === 'set'
        ? { op: 'set', old: record.old, new: record.new, who: record.who, when: record.when, ...(record.note ? { note: record.note } : {}), undone }
        : { op: record.op, who: record.who, when: record.when, undone: false },
    );
  }

  async exportLabels(out: string, overwrite: boolean): Promise<{ file: string; rows: number }> {
    const lower = out.toLowerCase();
    const format = lower.endsWith('.json') ? 'json' : lower.endsWith('.csv') ? 'csv' : undefined;
    if (!format) throw new SerError('usage', out, 'the export file must end in .csv or .json');
    const utterances = this.dataset.utterances.map((u) => u.utterance);
    await writeLabelExport(this.fs, out, utterances, this.dataset.store, { format, overwrite });
    return { file: out, rows: utterances.length };
  }

  private latestBy(utt: string, keep: (r: LabelRecord) => boolean): LabelRecord | undefined {
    const h = this.dataset.store.history(utt);
    for (let i = h.length - 1; i >= 0; i--) if (keep(h[i].record)) return h[i].record;
    return undefined;
  }

  private conflict(utt: string, theirs: LabelRecord, who: string, message: string): LabelConflict {
    const mine = this.latestBy(utt, (r) => r.who === who && r.op === 'set') as SetRecord | undefined;
    return {
      utt,
      theirs: { who: theirs.who, when: theirs.when, label: this.dataset.store.effectiveLabel(utt) ?? null },
      ...(mine ? { mine: { when: mine.when, label: mine.new } } : {}),
      message,
    };
  }
}

function correctionOf(r: SetRecord) {
  return { who: r.who, when: r.when, ...(r.note ? { note: r.note } : {}) };
}

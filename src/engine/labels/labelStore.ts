/**
 * Label corrections for one dataset, kept apart from the corpus in `<datasetRoot>/.ser/labels.jsonl`.
 *
 * The sidecar is append-only: corrections, undos and redos are all records, so the store never rewrites or
 * truncates it (the user may keep it in git). Each append is one O_APPEND write plus fsync (see
 * FileSystem.appendDurable): once `set`/`undo`/`redo` resolve the record survives a kill, and appends of
 * several processes never interleave. Other processes' appends are picked up by `reload()`, which reads only
 * the bytes after the last complete line it has seen.
 */
import { asSerError, LabelStoreError, SerError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import { joinPath } from '../datasets/paths';
import { appendToSidecar, checkName, freshRecordId, randomRecordId, SerialQueue } from './appendOnlySidecar';
import { LabelHistory, type HistoryEntry } from './labelHistory';
import { LABEL_FORMAT_VERSION, serializeRecord, type LabelRecord, type SetRecord, type UndoRedoRecord } from './labelRecord';
import { parseSidecarChunk, type LabelProblem } from './sidecarParser';

/** The sidecar of the dataset at `datasetRoot`. */
export function labelSidecarPath(datasetRoot: string): string {
  return joinPath(datasetRoot, '.ser', 'labels.jsonl');
}

export interface LabelStoreOptions {
  /** Every utterance id of the dataset with its corpus label (undefined = unlabelled). */
  corpusLabels: Map<string, string | undefined> | Record<string, string | undefined>;
  /** Labels `set` accepts; absent = any non-empty label. Records already in the sidecar are never rejected. */
  allowedLabels?: Iterable<string>;
  /** Clock for the records' `when`; default the system clock. */
  now?: () => Date;
  /** Record id generator; default 12 random hex characters. */
  newId?: () => string;
}

/** An utterance whose effective label differs from the corpus. */
export interface Correction {
  utt: string;
  corpusLabel: string | undefined;
  label: string;
  /** The set record in force that gives `label`. */
  record: SetRecord;
}

/** What a reload found. */
export interface ReloadResult {
  /** Records read and applied by this reload. */
  newRecords: number;
  /** True when the sidecar had been replaced or shortened by someone else and was read again from the start. */
  reset: boolean;
}

export class LabelStore {
  /** The sidecar's path. */
  readonly file: string;
  private readonly corpus: Map<string, string | undefined>;
  private readonly allowed: Set<string> | undefined;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private hist = new LabelHistory();
  private damage: LabelProblem[] = [];
  private tailProblem: LabelProblem | undefined;
  /** Records of the unterminated last line, applied already; skipped once when that line is read again. */
  private provisional = new Set<string>();
  /** Bytes of complete lines read so far. */
  private offset = 0;
  private tailBytes = 0;
  private linesRead = 0;
  private lastSize = -1;
  private lastMtime = -1;
  /** Every read and append of this store, one at a time, so one process never reads its own half-applied state. */
  private readonly queue = new SerialQueue();
  private cachedLabels: { version: number; map: Map<string, string | undefined> } | undefined;

  private constructor(
    private readonly fs: FileSystem,
    readonly datasetRoot: string,
    options: LabelStoreOptions,
  ) {
    this.file = labelSidecarPath(datasetRoot);
    this.corpus = options.corpusLabels instanceof Map ? new Map(options.corpusLabels) : new Map(Object.entries(options.corpusLabels));
    this.allowed = options.allowedLabels === undefined ? undefined : new Set(options.allowedLabels);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomRecordId;
  }

  /** Opens the store of the dataset at `datasetRoot`, reading the sidecar if there is one (nothing is created yet). */
  static async open(fs: FileSystem, datasetRoot: string, options: LabelStoreOptions): Promise<LabelStore> {
    const store = new LabelStore(fs, datasetRoot, options);
    await store.reload();
    return store;
  }

  /** Damaged or unusable lines of the sidecar, in line order; the torn last line (if any) comes last. */
  get problems(): readonly LabelProblem[] {
    return this.tailProblem === undefined ? this.damage : [...this.damage, this.tailProblem];
  }

  /** Reads what other processes appended since the last read. */
  reload(): Promise<ReloadResult> {
    return this.queue.run(() => this.readNew());
  }

  /**
   * Records a correction of `utt` to `newLabel` by `who`. Resolves with the record once it is durable, or with
   * undefined when `newLabel` already is the effective label (nothing is written).
   */
  async set(utt: string, newLabel: string, by: { who: string; note?: string }): Promise<SetRecord | undefined> {
    this.checkUtterance(utt);
    checkName(newLabel, 'label');
    checkName(by.who, 'annotator name');
    if (this.allowed !== undefined && !this.allowed.has(newLabel)) {
      throw new SerError('usage', undefined, `unknown label "${newLabel}"; allowed: ${[...this.allowed].join(', ')}`);
    }
    if (by.note !== undefined && typeof by.note !== 'string') throw new SerError('usage', undefined, 'the note must be a string');
    return this.queue.run(async () => {
      await this.readNew();
      const old = this.effectiveLabel(utt);
      if (old === newLabel) return undefined;
      const record: SetRecord = {
        v: LABEL_FORMAT_VERSION,
        id: this.freshId(),
        op: 'set',
        utt,
        old: old ?? null,
        new: newLabel,
        who: by.who,
        when: this.now().toISOString(),
      };
      if (by.note !== undefined && by.note !== '') record.note = by.note;
      await this.append(record);
      return record;
    });
  }

  /** Withdraws `who`'s latest correction still in force; undefined when there is none. */
  async undo(who: string): Promise<UndoRedoRecord | undefined> {
    return this.undoRedo('undo', who);
  }

  /** Reinstates the correction `who` undid last (a new `set` by `who` clears this); undefined when there is none. */
  async redo(who: string): Promise<UndoRedoRecord | undefined> {
    return this.undoRedo('redo', who);
  }

  /** The correction `who`'s next undo would withdraw, as of the last read. */
  nextUndo(who: string): SetRecord | undefined {
    return this.hist.nextUndo(who);
  }

  /** The correction `who`'s next redo would reinstate, as of the last read. */
  nextRedo(who: string): SetRecord | undefined {
    return this.hist.nextRedo(who);
  }

  effectiveLabel(utt: string): string | undefined {
    this.checkUtterance(utt);
    const r = this.hist.decidingRecord(utt);
    return r === undefined ? this.corpus.get(utt) : r.new;
  }

  /** Every utterance of the corpus with its effective label. The map is shared until the next change: do not modify it. */
  effectiveLabels(): ReadonlyMap<string, string | undefined> {
    if (this.cachedLabels?.version !== this.hist.version) {
      const map = new Map(this.corpus);
      for (const utt of this.hist.touchedUtterances()) {
        const r = this.hist.decidingRecord(utt);
        if (r !== undefined && map.has(utt)) map.set(utt, r.new);
      }
      this.cachedLabels = { version: this.hist.version, map };
    }
    return this.cachedLabels.map;
  }

  /** The corpus label, untouched by corrections. */
  corpusLabel(utt: string): string | undefined {
    this.checkUtterance(utt);
    return this.corpus.get(utt);
  }

  /** The correction in force that decides `utt`'s label; undefined when the corpus label applies. */
  decidingRecord(utt: string): SetRecord | undefined {
    this.checkUtterance(utt);
    return this.hist.decidingRecord(utt);
  }

  /** Every record about `utt`, in file order. */
  history(utt: string): HistoryEntry[] {
    this.checkUtterance(utt);
    return this.hist.history(utt);
  }

  /** Utterances whose effective label differs from the corpus, in order of their first record. */
  corrections(): Correction[] {
    const out: Correction[] = [];
    for (const utt of this.hist.touchedUtterances()) {
      const record = this.hist.decidingRecord(utt);
      if (record === undefined || !this.corpus.has(utt)) continue;
      const corpusLabel = this.corpus.get(utt);
      if (record.new !== corpusLabel) out.push({ utt, corpusLabel, label: record.new, record });
    }
    return out;
  }

  /** Every good record of the sidecar, in file order. */
  records(): LabelRecord[] {
    return this.hist.records();
  }

  /** The record with id `id`, if the sidecar has it. */
  record(id: string): LabelRecord | undefined {
    return this.hist.get(id);
  }

  private async undoRedo(op: 'undo' | 'redo', who: string): Promise<UndoRedoRecord | undefined> {
    checkName(who, 'annotator name');
    return this.queue.run(async () => {
      await this.readNew();
      const target = op === 'undo' ? this.hist.nextUndo(who) : this.hist.nextRedo(who);
      if (target === undefined) return undefined;
      const record: UndoRedoRecord = {
        v: LABEL_FORMAT_VERSION,
        id: this.freshId(),
        op,
        target: target.id,
        utt: target.utt,
        who,
        when: this.now().toISOString(),
      };
      await this.append(record);
      return record;
    });
  }

  private freshId(): string {
    return freshRecordId(this.newId, (id) => this.hist.has(id));
  }

  private async append(record: LabelRecord): Promise<void> {
    // A torn last line would glue onto this record: start on a line of our own so the fragment stands alone.
    const line = (this.tailBytes > 0 ? '\n' : '') + serializeRecord(record);
    await appendToSidecar(this.fs, this.file, line);
    // Applied by reading the file back, so every process applies records in the same (file) order.
    await this.readNew();
  }

  private async readNew(): Promise<ReloadResult> {
    let st;
    try {
      st = await this.fs.stat(this.file);
    } catch (err) {
      throw asSerError(err, this.file);
    }
    if (st === undefined) {
      const had = this.offset > 0 || this.tailBytes > 0;
      if (had) this.resetState();
      return { newRecords: 0, reset: had };
    }
    if (!st.isFile) throw new LabelStoreError(this.file, 'is not a regular file');
    if (st.size === this.lastSize && st.mtimeMs === this.lastMtime) return { newRecords: 0, reset: false };
    let reset = false;
    let bytes = await this.readFrom(this.offset > 0 ? this.offset - 1 : 0, st.size);
    if (this.offset > 0 && (st.size < this.offset || bytes[0] !== 0x0a)) {
      // Shorter, or no newline where our last complete line ended: the file was replaced (e.g. a git checkout).
      this.resetState();
      reset = true;
      bytes = await this.readFrom(0, st.size);
    } else if (this.offset > 0) {
      bytes = bytes.subarray(1);
    }
    this.lastSize = st.size;
    this.lastMtime = st.mtimeMs;
    const chunk = parseSidecarChunk(bytes, this.file, this.linesRead + 1);
    const before = this.hist.size;
    const wasProvisional = this.provisional;
    this.provisional = new Set();
    const problems: LabelProblem[] = [...chunk.problems];
    for (const { record, line } of chunk.records) {
      if (wasProvisional.delete(record.id)) continue;
      const p = this.hist.apply(record, line);
      if (p !== undefined) problems.push({ file: this.file, line, kind: p.kind, problem: p.problem });
      else this.noteUnknownUtterance(record, line, problems);
    }
    this.offset += chunk.consumed;
    this.linesRead += chunk.lines;
    this.tailBytes = chunk.tailBytes;
    this.tailProblem = chunk.tailProblem;
    for (const { record, line } of chunk.tailRecords) {
      if (wasProvisional.delete(record.id)) {
        this.provisional.add(record.id);
        continue;
      }
      const p = this.hist.apply(record, line);
      if (p === undefined) {
        this.provisional.add(record.id);
        this.noteUnknownUtterance(record, line, problems);
      } else problems.push({ file: this.file, line, kind: p.kind, problem: p.problem });
    }
    problems.sort((a, b) => a.line - b.line);
    for (const p of problems) this.damage.push(p);
    return { newRecords: this.hist.size - before, reset };
  }

  private noteUnknownUtterance(record: LabelRecord, line: number, out: LabelProblem[]): void {
    if (this.corpus.has(record.utt) || this.hist.count(record.utt) !== 1) return;
    out.push({
      file: this.file,
      line,
      kind: 'unknown-utterance',
      problem: `utterance ${record.utt} is not in the corpus; its records are kept but change no label`,
    });
  }

  private async readFrom(from: number, size: number): Promise<Uint8Array> {
    try {
      return await this.fs.readRange(this.file, from, Math.max(0, size - from));
    } catch (err) {
      throw asSerError(err, this.file);
    }
  }

  private resetState(): void {
    this.hist = new LabelHistory();
    this.damage = [];
    this.tailProblem = undefined;
    this.provisional = new Set();
    this.offset = 0;
    this.tailBytes = 0;
    this.linesRead = 0;
    this.lastSize = -1;
    this.lastMtime = -1;
    this.cachedLabels = undefined;
  }

  private checkUtterance(utt: string): void {
    if (!this.corpus.has(utt)) throw new SerError('usage', undefined, `unknown utterance "${utt}"`);
  }
}

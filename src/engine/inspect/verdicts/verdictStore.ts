/**
 * Annotators' verdicts on suspects ("not an issue"), kept in `<datasetRoot>/.ser/verdicts.jsonl` beside the label
 * store. Append-only like the label store: a dismissal and its undo (a retraction) are both records, each appended
 * with one O_APPEND write and fsynced (FileSystem.appendDurable), so an acknowledged verdict survives a kill and two
 * processes never interleave within a record. Damaged lines are reported (see verdictParser.ts), never fatal.
 *
 * Verdicts are few (one per reviewed suspect), so a reload reads the whole file when its size or time changed.
 */
import { asSerError, SerError } from '../../errors';
import type { FileSystem } from '../../io/fileSystem';
import { joinPath } from '../../datasets/paths';
import { appendToSidecar, checkName, freshRecordId, randomRecordId, SerialQueue } from '../../labels/appendOnlySidecar';
import { parseVerdicts, type VerdictProblem } from './verdictParser';
import { serializeVerdict, VERDICT_FORMAT_VERSION, type Dismissal, type PairDismissal, type Retraction, type UtteranceDismissal, type VerdictRecord } from './verdictRecord';

/** The verdict sidecar of the dataset at `datasetRoot`. */
export function verdictSidecarPath(datasetRoot: string): string {
  return joinPath(datasetRoot, '.ser', 'verdicts.jsonl');
}

export interface VerdictStoreOptions {
  /** Clock for `when`; default the system clock. */
  now?: () => Date;
  /** Record ids; default 12 random hex characters. */
  newId?: () => string;
}

export interface VerdictAuthor {
  who: string;
  note?: string;
}

const SEP = '\u0000';

/** Pair key independent of the order the sides are given in. */
function pairKey(a: string, b: string, la: string, lb: string): string {
  return a < b ? [a, b, la, lb].join(SEP) : [b, a, lb, la].join(SEP);
}

export class VerdictStore {
  readonly file: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private all: VerdictRecord[] = [];
  private byId = new Map<string, VerdictRecord>();
  private retracted = new Set<string>();
  private utterances = new Map<string, UtteranceDismissal>();
  private pairs = new Map<string, PairDismissal>();
  private damage: VerdictProblem[] = [];
  private unterminated = false;
  private stamp = '';
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly fs: FileSystem,
    readonly datasetRoot: string,
    options: VerdictStoreOptions,
  ) {
    this.file = verdictSidecarPath(datasetRoot);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomRecordId;
  }

  /** Opens the dataset's verdicts (nothing is created until the first verdict). */
  static async open(fs: FileSystem, datasetRoot: string, options: VerdictStoreOptions = {}): Promise<VerdictStore> {
    const store = new VerdictStore(fs, datasetRoot, options);
    await store.reload();
    return store;
  }

  /** Damaged or unusable lines, in line order. */
  get problems(): readonly VerdictProblem[] {
    return this.damage;
  }

  /** Reads verdicts other processes appended. */
  reload(): Promise<void> {
    return this.queue.run(() => this.read());
  }

  /** `utt` is not an issue while it carries `label`. Returns the dismissal in force (an existing one is reused). */
  async dismissUtterance(utt: string, label: string, by: VerdictAuthor): Promise<UtteranceDismissal> {
    checkName(utt, 'utterance');
    checkName(label, 'label');
    checkAuthor(by);
    return this.queue.run(async () => {
      await this.read();
      const existing = this.utterances.get(utt + SEP + label);
      if (existing) return existing;
      const r: UtteranceDismissal = { v: VERDICT_FORMAT_VERSION, id: this.freshId(), op: 'dismiss', kind: 'utterance', utt, label, who: by.who, when: this.now().toISOString(), ...note(by) };
      await this.append(r);
      return r;
    });
  }

  /** The pair (a, b) is not an issue while they carry labels (labelA, labelB). */
  async dismissPair(a: string, b: string, labelA: string, labelB: string, by: VerdictAuthor): Promise<PairDismissal> {
    for (const [s, what] of [[a, 'utterance'], [b, 'utterance'], [labelA, 'label'], [labelB, 'label']] as const) checkName(s, what);
    if (a === b) throw new SerError('usage', undefined, 'a pair needs two different utterances');
    checkAuthor(by);
    return this.queue.run(async () => {
      await this.read();
      const existing = this.pairs.get(pairKey(a, b, labelA, labelB));
      if (existing) return existing;
      const [utt, other, label, otherLabel] = a < b ? [a, b, labelA, labelB] : [b, a, labelB, labelA];
      const r: PairDismissal = { v: VERDICT_FORMAT_VERSION, id: this.freshId(), op: 'dismiss', kind: 'pair', utt, other, label, otherLabel, who: by.who, when: this.now().toISOString(), ...note(by) };
      await this.append(r);
      return r;
    });
  }

  /** Withdraws dismissal `id`. Throws SerError 'usage' when there is no such dismissal in force. */
  async retract(id: string, who: string): Promise<Retraction> {
    checkName(who, 'annotator name');
    return this.queue.run(async () => {
      await this.read();
      const target = this.byId.get(id);
      if (target === undefined || target.op !== 'dismiss') throw new SerError('usage', this.file, `no dismissal with id ${id}`);
      if (this.retracted.has(id)) throw new SerError('usage', this.file, `dismissal ${id} was already retracted`);
      const r: Retraction = { v: VERDICT_FORMAT_VERSION, id: this.freshId(), op: 'retract', target: id, who, when: this.now().toISOString() };
      await this.append(r);
      return r;
    });
  }

  /** Retracts `who`'s latest dismissal still in force; undefined when there is none. */
  async undoLast(who: string): Promise<Retraction | undefined> {
    await this.reload();
    const mine = this.active().filter((d) => d.who === who);
    const last = mine[mine.length - 1];
    return last === undefined ? undefined : this.retract(last.id, who);
  }

  /** Dismissals in force, in file order. */
  active(): Dismissal[] {
    return this.all.filter((r): r is Dismissal => r.op === 'dismiss' && !this.retracted.has(r.id) && this.isCurrent(r));
  }

  /** Every good record, in file order. */
  records(): VerdictRecord[] {
    return [...this.all];
  }

  utteranceDismissed(utt: string, label: string): boolean {
    return this.utterances.has(utt + SEP + label);
  }

  pairDismissed(a: string, b: string, labelA: string, labelB: string): boolean {
    return this.pairs.has(pairKey(a, b, labelA, labelB));
  }

  /** A dismissal repeated for the same key counts once: the index holds the first in force. */
  private isCurrent(r: Dismissal): boolean {
    const held = r.kind === 'utterance' ? this.utterances.get(r.utt + SEP + r.label) : this.pairs.get(pairKey(r.utt, r.other, r.label, r.otherLabel));
    return held?.id === r.id;
  }

  private async read(): Promise<void> {
    let st;
    try {
      st = await this.fs.stat(this.file);
    } catch (err) {
      throw asSerError(err, this.file);
    }
    const stamp = st ? `${st.size}:${st.mtimeMs}` : 'none';
    if (stamp === this.stamp) return;
    let text = '';
    if (st) {
      if (!st.isFile) throw new SerError('io', this.file, 'is not a regular file');
      try {
        text = new TextDecoder().decode(await this.fs.readFile(this.file));
      } catch (err) {
        throw asSerError(err, this.file);
      }
    }
    this.apply(text);
    this.stamp = stamp;
  }

  private apply(text: string): void {
    const parsed = parseVerdicts(text, this.file);
    this.all = [];
    this.byId = new Map();
    this.retracted = new Set();
    this.utterances = new Map();
    this.pairs = new Map();
    this.damage = [...parsed.problems];
    this.unterminated = parsed.unterminated;
    for (const { record, line } of parsed.records) {
      if (this.byId.has(record.id)) {
        this.damage.push({ file: this.file, line, kind: 'duplicate-id', problem: `record id ${record.id} was used before; this record is ignored` });
        continue;
      }
      if (record.op === 'retract') {
        const target = this.byId.get(record.target);
        if (target === undefined || target.op !== 'dismiss') {
          this.damage.push({ file: this.file, line, kind: 'unknown-target', problem: `retraction ${record.id} names no earlier dismissal (${record.target})` });
          continue;
        }
        this.retracted.add(record.target);
        this.unindex(target);
      } else {
        this.index(record);
      }
      this.byId.set(record.id, record);
      this.all.push(record);
    }
    this.damage.sort((a, b) => a.line - b.line);
  }

  private index(d: Dismissal): void {
    if (d.kind === 'utterance') {
      const key = d.utt + SEP + d.label;
      if (!this.utterances.has(key)) this.utterances.set(key, d);
    } else {
      const key = pairKey(d.utt, d.other, d.label, d.otherLabel);
      if (!this.pairs.has(key)) this.pairs.set(key, d);
    }
  }

  /** Removes a retracted dismissal; another dismissal of the same key still in force takes its place. */
  private unindex(d: Dismissal): void {
    const same = (r: VerdictRecord): r is Dismissal =>
      r.op === 'dismiss' && r.id !== d.id && !this.retracted.has(r.id) && r.kind === d.kind && r.utt === d.utt && r.label === d.label &&
      (r.kind === 'utterance' || (d.kind === 'pair' && r.other === d.other && r.otherLabel === d.otherLabel));
    const next = this.all.find(same);
    if (d.kind === 'utterance') {
      const key = d.utt + SEP + d.label;
      if (next) this.utterances.set(key, next as UtteranceDismissal);
      else this.utterances.delete(key);
    } else {
      const key = pairKey(d.utt, d.other, d.label, d.otherLabel);
      if (next) this.pairs.set(key, next as PairDismissal);
      else this.pairs.delete(key);
    }
  }

  private freshId(): string {
    return freshRecordId(this.newId, (id) => this.byId.has(id));
  }

  private async append(r: VerdictRecord): Promise<void> {
    // A torn last line would swallow this record: start on a line of its own.
    const line = (this.unterminated ? '\n' : '') + serializeVerdict(r);
    await appendToSidecar(this.fs, this.file, line);
    // Applied by reading back, so every process applies records in file order.
    await this.read();
  }
}

function note(by: VerdictAuthor): { note?: string } {
  return by.note !== undefined && by.note !== '' ? { note: by.note } : {};
}

function checkAuthor(by: VerdictAuthor): void {
  checkName(by.who, 'annotator name');
  if (by.note !== undefined && typeof by.note !== 'string') throw new SerError('usage', undefined, 'the note must be a string');
}

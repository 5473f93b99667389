/**
 * The state the sidecar's records add up to, replayed in file order: which corrections are in force, each
 * annotator's undo and redo stacks, and every utterance's effective label.
 *
 * A set record is in force until an undo record withdraws it (and again after a redo). An utterance's effective
 * label is the `new` label of its last set record in force, or the corpus label when none is. Because undo
 * withdraws one record rather than restoring an old value, two annotators can undo their own changes in any
 * order and the other's change stays.
 */
import type { LabelRecord, SetRecord, UndoRedoRecord } from './labelRecord';

/** One record touching an utterance, for the editor's label history. */
export interface HistoryEntry {
  record: LabelRecord;
  /** 1-based sidecar line the record was read from. */
  line: number;
  /** For a set record: true while an undo has withdrawn it. Always false for undo/redo records. */
  undone: boolean;
}

interface Entry {
  record: LabelRecord;
  line: number;
}

export class LabelHistory {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private readonly inForce = new Set<string>();
  /** Indices into `entries` per utterance, file order. */
  private readonly byUtt = new Map<string, number[]>();
  /** Per utterance, the set record deciding its label (undefined: none in force, corpus label applies). */
  private readonly deciding = new Map<string, SetRecord | undefined>();
  private readonly undoStacks = new Map<string, string[]>();
  private readonly redoStacks = new Map<string, string[]>();
  /** Bumped on every applied record, so callers can cache derived views. */
  version = 0;

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): LabelRecord | undefined {
    return this.byId.get(id)?.record;
  }

  records(): LabelRecord[] {
    return this.entries.map((e) => e.record);
  }

  /**
   * Applies the next record of the file. Returns why it cannot be applied (it is then not kept), or undefined.
   * An undo of a record already withdrawn, or a redo of one in force, is kept in the history but changes nothing:
   * two windows of one annotator may race to write the same undo.
   */
  apply(record: LabelRecord, line: number): { kind: 'duplicate-id' | 'unknown-target' | 'invalid-record'; problem: string } | undefined {
    if (this.byId.has(record.id)) {
      const first = this.byId.get(record.id)!;
      return { kind: 'duplicate-id', problem: `record id ${record.id} was already used on line ${first.line}; this record is ignored` };
    }
    if (record.op !== 'set') {
      const target = this.byId.get(record.target)?.record;
      if (target === undefined || target.op !== 'set') {
        return { kind: 'unknown-target', problem: `${record.op} of ${record.target}, which is not a set record of this file; ignored` };
      }
      if (target.utt !== record.utt) {
        return {
          kind: 'invalid-record',
          problem: `${record.op} record ${record.id} names utterance ${record.utt} but its target ${target.id} is about ${target.utt}; ignored`,
        };
      }
    }
    const entry: Entry = { record, line };
    this.byId.set(record.id, entry);
    let list = this.byUtt.get(record.utt);
    if (list === undefined) this.byUtt.set(record.utt, (list = []));
    list.push(this.entries.length);
    this.entries.push(entry);
    if (record.op === 'set') {
      this.inForce.add(record.id);
      stack(this.undoStacks, record.who).push(record.id);
      this.redoStacks.set(record.who, []);
    } else {
      this.applyUndoRedo(record);
    }
    this.recompute(record.utt);
    this.version++;
    return undefined;
  }

  private applyUndoRedo(record: UndoRedoRecord): void {
    const target = this.byId.get(record.target)!.record as SetRecord;
    if (record.op === 'undo') {
      if (!this.inForce.delete(target.id)) return;
      remove(stack(this.undoStacks, target.who), target.id);
      stack(this.redoStacks, record.who).push(target.id);
    } else {
      if (this.inForce.has(target.id)) return;
      this.inForce.add(target.id);
      remove(stack(this.redoStacks, record.who), target.id);
      stack(this.undoStacks, target.who).push(target.id);
    }
  }

  private recompute(utt: string): void {
    const list = this.byUtt.get(utt) ?? [];
    for (let k = list.length - 1; k >= 0; k--) {
      const r = this.entries[list[k]].record;
      if (r.op === 'set' && this.inForce.has(r.id)) {
        this.deciding.set(utt, r);
        return;
      }
    }
    this.deciding.set(utt, undefined);
  }

  /** The set record in force that decides `utt`'s label; undefined when the corpus label applies. */
  decidingRecord(utt: string): SetRecord | undefined {
    return this.deciding.get(utt);
  }

  /** Utterances that have at least one record, in first-touched order. */
  touchedUtterances(): IterableIterator<string> {
    return this.byUtt.keys();
  }

  /** Number of records about `utt`. */
  count(utt: string): number {
    return this.byUtt.get(utt)?.length ?? 0;
  }

  history(utt: string): HistoryEntry[] {
    return (this.byUtt.get(utt) ?? []).map((i) => {
      const { record, line } = this.entries[i];
      return { record, line, undone: record.op === 'set' && !this.inForce.has(record.id) };
    });
  }

  /** The set record `who`'s next undo withdraws. */
  nextUndo(who: string): SetRecord | undefined {
    const s = this.undoStacks.get(who);
    return s && s.length > 0 ? (this.byId.get(s[s.length - 1])!.record as SetRecord) : undefined;
  }

  /** The set record `who`'s next redo reinstates. */
  nextRedo(who: string): SetRecord | undefined {
    const s = this.redoStacks.get(who);
    return s && s.length > 0 ? (this.byId.get(s[s.length - 1])!.record as SetRecord) : undefined;
  }
}

function stack(m: Map<string, string[]>, who: string): string[] {
  let s = m.get(who);
  if (s === undefined) m.set(who, (s = []));
  return s;
}

function remove(s: string[], id: string): void {
  const i = s.lastIndexOf(id);
  if (i >= 0) s.splice(i, 1);
}

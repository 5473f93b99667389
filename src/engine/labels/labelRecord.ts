/**
 * One line of the label sidecar (`<datasetRoot>/.ser/labels.jsonl`). Every line is a self-contained JSON object
 * with a fixed key order and no pretty-printing, so a git diff of the sidecar shows one line per correction.
 *
 *   {"v":1,"id":"3f9c0a7b12de","op":"set","utt":"Ses01F_impro01_F000","old":"neu","new":"ang","who":"ana","when":"2024-05-01T10:00:00.000Z","note":"shouting"}
 *   {"v":1,"id":"b81e44c09a13","op":"undo","target":"3f9c0a7b12de","utt":"Ses01F_impro01_F000","who":"ana","when":"2024-05-01T10:00:05.000Z"}
 */
import { nonEmptyString as str } from './appendOnlySidecar';

/** Format version written on every record; a reader skips (and reports) records of a newer version. */
export const LABEL_FORMAT_VERSION = 1;

/** The bytes every record line starts with; a JSON string value can never contain them (its quotes are escaped). */
export const RECORD_START = `{"v":${LABEL_FORMAT_VERSION},`;

/** A label correction: `utt` goes from `old` (the effective label when it was made; null = unlabelled) to `new`. */
export interface SetRecord {
  v: number;
  /** Random record id, 12 lowercase hex characters for records written by this store. */
  id: string;
  op: 'set';
  utt: string;
  old: string | null;
  new: string;
  /** Annotator name as given by the caller. */
  who: string;
  /** ISO 8601 UTC timestamp, e.g. "2024-05-01T10:00:00.000Z". */
  when: string;
  /** Free-text reason; absent when none was given. */
  note?: string;
}

/** Withdraws (`undo`) or reinstates (`redo`) the set record `target`, which concerns utterance `utt`. */
export interface UndoRedoRecord {
  v: number;
  id: string;
  op: 'undo' | 'redo';
  /** Id of the set record this one acts on. */
  target: string;
  utt: string;
  who: string;
  when: string;
}

export type LabelRecord = SetRecord | UndoRedoRecord;

/** The record as one sidecar line, newline included, keys always in the documented order. */
export function serializeRecord(r: LabelRecord): string {
  // Objects are rebuilt key by key so the line's key order never depends on how the caller built `r`.
  const o: Record<string, unknown> =
    r.op === 'set'
      ? { v: r.v, id: r.id, op: r.op, utt: r.utt, old: r.old, new: r.new, who: r.who, when: r.when }
      : { v: r.v, id: r.id, op: r.op, target: r.target, utt: r.utt, who: r.who, when: r.when };
  if (r.op === 'set' && r.note !== undefined && r.note !== '') o.note = r.note;
  return `${JSON.stringify(o)}\n`;
}

/** Either a record or why the parsed JSON value is not one (the reader reports it with the line number). */
export type RecordCheck = { record: LabelRecord } | { problem: string };

/** Checks a parsed JSON value against the record schema; unknown extra keys are ignored for forward compatibility. */
export function checkRecord(value: unknown): RecordCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  if (typeof o.v !== 'number' || !Number.isInteger(o.v) || o.v < 1) return { problem: 'no format version "v"' };
  if (o.v > LABEL_FORMAT_VERSION) {
    return { problem: `format version ${o.v} is newer than this reader (${LABEL_FORMAT_VERSION}); record skipped` };
  }
  const id = str(o, 'id');
  const utt = str(o, 'utt');
  const who = str(o, 'who');
  const when = str(o, 'when');
  if (id === undefined) return { problem: 'missing "id"' };
  if (utt === undefined) return { problem: `record ${id}: missing "utt"` };
  if (who === undefined) return { problem: `record ${id}: missing "who"` };
  if (when === undefined || Number.isNaN(Date.parse(when))) return { problem: `record ${id}: missing or invalid "when"` };
  if (o.op === 'set') {
    const nw = str(o, 'new');
    if (nw === undefined) return { problem: `record ${id}: missing "new" label` };
    if (o.old !== null && str(o, 'old') === undefined) return { problem: `record ${id}: "old" must be a label or null` };
    if (o.note !== undefined && typeof o.note !== 'string') return { problem: `record ${id}: "note" must be a string` };
    const record: SetRecord = { v: o.v, id, op: 'set', utt, old: o.old as string | null, new: nw, who, when };
    if (typeof o.note === 'string' && o.note !== '') record.note = o.note;
    return { record };
  }
  if (o.op === 'undo' || o.op === 'redo') {
    const target = str(o, 'target');
    if (target === undefined) return { problem: `record ${id}: missing "target"` };
    return { record: { v: o.v, id, op: o.op, target, utt, who, when } };
  }
  return { problem: `record ${id}: unknown op ${JSON.stringify(o.op)}` };
}

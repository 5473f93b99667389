/**
 * One line of the verdict sidecar (`<datasetRoot>/.ser/verdicts.jsonl`), beside the label store's labels.jsonl:
 * an annotator's "not an issue" on a suspect utterance or pair, or the retraction of one. Fixed key order, one
 * line per record, so a git diff shows one line per verdict.
 *
 *   {"v":1,"id":"5a1c9e0b22f3","op":"dismiss","kind":"utterance","utt":"Ses01F_impro01_F000","label":"neu","who":"ana","when":"2024-05-01T10:00:00.000Z"}
 *   {"v":1,"id":"77d0e4a1b9c2","op":"dismiss","kind":"pair","utt":"a","other":"b","label":"ang","otherLabel":"neu","who":"ana","when":"..."}
 *   {"v":1,"id":"0c3f5b7d9e11","op":"retract","target":"5a1c9e0b22f3","who":"ana","when":"..."}
 *
 * A dismissal records the labels it was given for: "this label is fine" says nothing about a label given later,
 * so a dismissal stops applying as soon as the effective label changes.
 */
import { nonEmptyString as str } from '../../labels/appendOnlySidecar';

export const VERDICT_FORMAT_VERSION = 1;

/** "Not an issue" for one utterance while it carries `label`. */
export interface UtteranceDismissal {
  v: number;
  /** 12 lowercase hex characters for records written here. */
  id: string;
  op: 'dismiss';
  kind: 'utterance';
  utt: string;
  label: string;
  who: string;
  /** ISO 8601 UTC. */
  when: string;
  note?: string;
}

/** "Not an issue" for a pair while its sides carry these labels; `utt` < `other` (code-unit order). */
export interface PairDismissal {
  v: number;
  id: string;
  op: 'dismiss';
  kind: 'pair';
  utt: string;
  other: string;
  label: string;
  otherLabel: string;
  who: string;
  when: string;
  note?: string;
}

/** Withdraws the dismissal `target` (undo). */
export interface Retraction {
  v: number;
  id: string;
  op: 'retract';
  target: string;
  who: string;
  when: string;
}

export type Dismissal = UtteranceDismissal | PairDismissal;
export type VerdictRecord = Dismissal | Retraction;

/** The record as one line, newline included, keys in the documented order whatever order the caller used. */
export function serializeVerdict(r: VerdictRecord): string {
  let o: Record<string, unknown>;
  if (r.op === 'retract') o = { v: r.v, id: r.id, op: r.op, target: r.target, who: r.who, when: r.when };
  else if (r.kind === 'utterance') o = { v: r.v, id: r.id, op: r.op, kind: r.kind, utt: r.utt, label: r.label, who: r.who, when: r.when };
  else o = { v: r.v, id: r.id, op: r.op, kind: r.kind, utt: r.utt, other: r.other, label: r.label, otherLabel: r.otherLabel, who: r.who, when: r.when };
  if (r.op === 'dismiss' && r.note !== undefined && r.note !== '') o.note = r.note;
  return `${JSON.stringify(o)}\n`;
}

/** A parsed JSON value checked against the schema: the record, or why it is not one. Unknown keys are ignored. */
export function checkVerdict(value: unknown): { record: VerdictRecord } | { problem: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  if (typeof o.v !== 'number' || !Number.isInteger(o.v) || o.v < 1) return { problem: 'no format version "v"' };
  if (o.v > VERDICT_FORMAT_VERSION) return { problem: `format version ${o.v} is newer than this reader (${VERDICT_FORMAT_VERSION}); record skipped` };
  const id = str(o, 'id');
  const who = str(o, 'who');
  const when = str(o, 'when');
  if (id === undefined) return { problem: 'missing "id"' };
  if (who === undefined) return { problem: `record ${id}: missing "who"` };
  if (when === undefined || Number.isNaN(Date.parse(when))) return { problem: `record ${id}: missing or invalid "when"` };
  if (o.op === 'retract') {
    const target = str(o, 'target');
    if (target === undefined) return { problem: `record ${id}: missing "target"` };
    return { record: { v: o.v, id, op: 'retract', target, who, when } };
  }
  if (o.op !== 'dismiss') return { problem: `record ${id}: unknown op ${JSON.stringify(o.op)}` };
  const utt = str(o, 'utt');
  const label = str(o, 'label');
  if (utt === undefined || label === undefined) return { problem: `record ${id}: missing "utt" or "label"` };
  if (o.note !== undefined && typeof o.note !== 'string') return { problem: `record ${id}: "note" must be a string` };
  const note = typeof o.note === 'string' && o.note !== '' ? { note: o.note } : {};
  if (o.kind === 'utterance') return { record: { v: o.v, id, op: 'dismiss', kind: 'utterance', utt, label, who, when, ...note } };
  if (o.kind === 'pair') {
    const other = str(o, 'other');
    const otherLabel = str(o, 'otherLabel');
    if (other === undefined || otherLabel === undefined) return { problem: `record ${id}: a pair needs "other" and "otherLabel"` };
    return { record: { v: o.v, id, op: 'dismiss', kind: 'pair', utt, other, label, otherLabel, who, when, ...note } };
  }
  return { problem: `record ${id}: unknown kind ${JSON.stringify(o.kind)}` };
}

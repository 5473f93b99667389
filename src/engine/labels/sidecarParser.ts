/**
 * Parses bytes of the label sidecar into records, reporting damaged lines instead of throwing.
 *
 * Damage the parser expects: a process killed inside a write (or a machine losing power) leaves a record without
 * its newline. Another process may then append its own record right after it, so the fragment and a good record
 * share one line. Every record begins with `{"v":<n>,` and no JSON string can contain that text (its quotes would
 * be escaped), so a damaged line is split at those starts and every good record in it is kept.
 */
import { RECORD_STARTS, snippet, tryJson } from './appendOnlySidecar';
import { checkRecord, type LabelRecord } from './labelRecord';

/** What kind of damage a line has. */
export type LabelProblemKind =
  | 'torn-tail'
  | 'fragment'
  | 'invalid-json'
  | 'invalid-record'
  | 'unknown-target'
  | 'duplicate-id'
  | 'unknown-utterance';

/** One damaged or unusable line of the sidecar; the store reports these and keeps every other record. */
export interface LabelProblem {
  /** The sidecar's path. */
  file: string;
  /** 1-based line number in the sidecar. */
  line: number;
  kind: LabelProblemKind;
  /** The problem in plain words. */
  problem: string;
}

/** A record and the 1-based line it was read from. */
export interface ParsedRecord {
  record: LabelRecord;
  line: number;
}

export interface ChunkParse {
  /** Good records of the complete lines, in file order. */
  records: ParsedRecord[];
  problems: LabelProblem[];
  /** Bytes of complete lines (up to and including the last newline). */
  consumed: number;
  /** Number of complete lines. */
  lines: number;
  /** Bytes after the last newline: a record still being written, or torn by a crash. */
  tailBytes: number;
  /** Good records found in the tail (a complete record whose newline is missing). */
  tailRecords: ParsedRecord[];
  /** Set when the tail is not empty: it is reported as torn until a newline completes it. */
  tailProblem?: LabelProblem;
}

const decoder = new TextDecoder('utf-8');

/** Good records and problems of one line (without its newline). */
export function parseLine(text: string, file: string, line: number): { records: ParsedRecord[]; problems: LabelProblem[] } {
  const records: ParsedRecord[] = [];
  const problems: LabelProblem[] = [];
  if (text.trim() === '') return { records, problems };
  const whole = tryJson(text);
  if (whole.ok) {
    const c = checkRecord(whole.value);
    if ('record' in c) records.push({ record: c.record, line });
    else problems.push({ file, line, kind: 'invalid-record', problem: c.problem });
    return { records, problems };
  }
  const starts: number[] = [];
  for (const m of text.matchAll(RECORD_STARTS)) starts.push(m.index ?? 0);
  if (starts.length === 0 || (starts.length === 1 && starts[0] === 0)) {
    problems.push({ file, line, kind: 'invalid-json', problem: `not valid JSON: ${whole.error} in ${snippet(text)}` });
    return { records, problems };
  }
  if (starts[0] > 0 && text.slice(0, starts[0]).trim() !== '') {
    problems.push({
      file,
      line,
      kind: 'fragment',
      problem: `incomplete record of ${starts[0]} characters (${snippet(text.slice(0, starts[0]))}) followed by another record on the same line; the fragment is ignored`,
    });
  }
  for (let k = 0; k < starts.length; k++) {
    const seg = text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : text.length);
    const parsed = tryJson(seg);
    const last = k === starts.length - 1;
    if (parsed.ok) {
      const c = checkRecord(parsed.value);
      if ('record' in c) records.push({ record: c.record, line });
      else problems.push({ file, line, kind: 'invalid-record', problem: c.problem });
    } else if (!last) {
      problems.push({
        file,
        line,
        kind: 'fragment',
        problem: `incomplete record (${snippet(seg)}) followed by another record on the same line; the fragment is ignored`,
      });
    } else {
      problems.push({ file, line, kind: 'invalid-json', problem: `not valid JSON: ${parsed.error} in ${snippet(seg)}` });
    }
  }
  return { records, problems };
}

/**
 * Parses `bytes`, which start at the beginning of line `firstLine` of `file`. Complete lines are parsed for good;
 * the bytes after the last newline (the tail) are parsed too, but the caller must read them again next time,
 * since they may still be growing.
 */
export function parseSidecarChunk(bytes: Uint8Array, file: string, firstLine: number): ChunkParse {
  const lastNl = bytes.lastIndexOf(0x0a);
  const consumed = lastNl + 1;
  const records: ParsedRecord[] = [];
  const problems: LabelProblem[] = [];
  let line = firstLine;
  if (consumed > 0) {
    // Newline is ASCII and never part of a multi-byte sequence, so decoding the whole run then splitting equals
    // decoding line by line; a torn multi-byte character only garbles its own fragment.
    const text = decoder.decode(bytes.subarray(0, lastNl));
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const end = nl < 0 ? text.length : nl;
      const one = parseLine(end > from && text.charCodeAt(end - 1) === 13 ? text.slice(from, end - 1) : text.slice(from, end), file, line);
      for (const r of one.records) records.push(r);
      for (const p of one.problems) problems.push(p);
      line++;
      if (nl < 0) break;
      from = nl + 1;
    }
  }
  const tailBytes = bytes.length - consumed;
  const result: ChunkParse = { records, problems, consumed, lines: line - firstLine, tailBytes, tailRecords: [] };
  if (tailBytes > 0) {
    const text = decoder.decode(bytes.subarray(consumed));
    if (text.trim() !== '') {
      const one = parseLine(text, file, line);
      result.tailRecords = one.records;
      const ids = one.records.map((r) => r.record.id).join(', ');
      const what =
        one.problems.length === 0
          ? `the last line has no final newline; its record ${ids} is applied`
          : `torn last record: ${tailBytes} bytes without a final newline (${snippet(text)})${ids ? `; record ${ids} in it is applied` : ''}`;
      result.tailProblem = { file, line, kind: 'torn-tail', problem: what };
    }
  }
  return result;
}

/**
 * Reads the verdict sidecar, keeping every good record and reporting damaged lines instead of throwing.
 *
 * The damage to expect is the label store's (see labels/sidecarParser.ts): a process killed inside a write leaves
 * a record without its newline, and the next appender's record may follow it on the same line. Every record starts
 * with `{"v":<n>,`, which no JSON string can contain unescaped, so a damaged line is split there and each complete
 * record in it is kept. A last line without a newline is applied when it parses and reported as torn when not.
 */
import { RECORD_STARTS, snippet, tryJson } from '../../labels/appendOnlySidecar';
import { checkVerdict, type VerdictRecord } from './verdictRecord';

export interface VerdictProblem {
  file: string;
  /** 1-based line. */
  line: number;
  kind: 'torn-tail' | 'fragment' | 'invalid-json' | 'invalid-record' | 'duplicate-id' | 'unknown-target';
  problem: string;
}

export interface ParsedVerdicts {
  records: { record: VerdictRecord; line: number }[];
  problems: VerdictProblem[];
  /** True when the text does not end with a newline (an append must start a new line first). */
  unterminated: boolean;
}

export function parseVerdicts(text: string, file: string): ParsedVerdicts {
  const out: ParsedVerdicts = { records: [], problems: [], unterminated: text.length > 0 && !text.endsWith('\n') };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, k) => {
    const line = k + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const last = k === lines.length - 1 && out.unterminated;
    if (text.trim() === '') return;
    const add = (value: unknown) => {
      const c = checkVerdict(value);
      if ('record' in c) out.records.push({ record: c.record, line });
      else out.problems.push({ file, line, kind: 'invalid-record', problem: c.problem });
    };
    const whole = tryJson(text);
    if (whole.ok) {
      add(whole.value);
      return;
    }
    const starts = [...text.matchAll(RECORD_STARTS)].map((m) => m.index ?? 0);
    if (starts.length === 0) {
      out.problems.push(
        last
          ? { file, line, kind: 'torn-tail', problem: `torn last record (${snippet(text)}), ignored` }
          : { file, line, kind: 'invalid-json', problem: `not valid JSON: ${whole.error} in ${snippet(text)}` },
      );
      return;
    }
    if (starts[0] > 0 && text.slice(0, starts[0]).trim() !== '') {
      out.problems.push({ file, line, kind: 'fragment', problem: `incomplete record ${snippet(text.slice(0, starts[0]))} followed by another record; the fragment is ignored` });
    }
    starts.forEach((s, i) => {
      const seg = text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length);
      const parsed = tryJson(seg);
      if (parsed.ok) add(parsed.value);
      else if (i === starts.length - 1 && last) out.problems.push({ file, line, kind: 'torn-tail', problem: `torn last record (${snippet(seg)}), ignored` });
      else out.problems.push({ file, line, kind: i === starts.length - 1 ? 'invalid-json' : 'fragment', problem: `not a complete record: ${parsed.error} in ${snippet(seg)}` });
    });
  });
  return out;
}

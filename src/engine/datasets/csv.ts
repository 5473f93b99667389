/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes with "" for a quote, line breaks inside
 * quotes allowed, CRLF / LF / CR row ends. A malformed row (a quote never closed, text after a closing quote)
 * is reported by its first line and skipped; parsing resumes on the next line so one bad quote cannot swallow
 * the rest of the file.
 */
import type { DatasetIssue } from './utterance';

export interface CsvRow {
  fields: string[];
  /** 1-based line the row starts on. */
  line: number;
}

export function parseCsv(text: string, file: string): { rows: CsvRow[]; errors: DatasetIssue[] } {
  const rows: CsvRow[] = [];
  const errors: DatasetIssue[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let pos = 0;
  let line = 1;
  // Line n's start offset, to resume after a malformed row.
  const nextLineStart = (from: number): number => {
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) return i + 1;
      if (c === 13) return s.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    }
    return n;
  };

  while (pos < n) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    let bad: string | undefined;
    let field = '';
    for (;;) {
      if (pos < n && s.charCodeAt(pos) === 34) {
        pos++;
        let closed = false;
        while (pos < n) {
          const q = s.indexOf('"', pos);
          if (q < 0) break;
          field += s.slice(pos, q);
          line += countBreaks(s, pos, q);
          if (s.charCodeAt(q + 1) === 34) {
            field += '"';
            pos = q + 2;
          } else {
            pos = q + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          bad = 'a quoted field is never closed';
          break;
        }
        if (pos < n) {
          const c = s.charCodeAt(pos);
          if (c !== 44 && c !== 10 && c !== 13) {
            bad = 'text follows a closing quote (quotes inside a field must be doubled: "")';
            break;
          }
        }
      } else {
        let e = pos;
        while (e < n) {
          const c = s.charCodeAt(e);
          if (c === 44 || c === 10 || c === 13) break;
          e++;
        }
        field = s.slice(pos, e);
        pos = e;
      }
      fields.push(field);
      field = '';
      if (pos >= n) break;
      const c = s.charCodeAt(pos);
      if (c === 44) {
        pos++;
        if (pos >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      pos += c === 13 && s.charCodeAt(pos + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    if (bad !== undefined) {
      errors.push({ file, message: `line ${rowLine}: ${bad}; the row is skipped` });
      pos = nextLineStart(rowStart);
      line = rowLine + 1;
      continue;
    }
    if (fields.length === 1 && fields[0].trim() === '') continue;
    rows.push({ fields, line: rowLine });
  }
  return { rows, errors };
}

function countBreaks(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) k++;
  }
  return k;
}

/**
 * Manifest parsers (CSV with a header row, or JSON Lines): one audio file per row with its label and optional
 * speaker, session, region and id. Pure (text in, records and problems out) so they can be fuzzed; a bad row is
 * reported with its line and skipped, the rest loads.
 */
import type { DatasetIssue } from './utterance';
import { parseCsv } from './csv';
import { parseFiniteNumber, quoteSnippet } from './parseNumber';

/** One manifest row. `path` as written (relative paths are relative to the manifest's folder). */
export interface ManifestRecord {
  path: string;
  /** The label as written; undefined when the row leaves it empty. */
  label?: string;
  speaker?: string;
  session?: string;
  /** Region within the audio file, seconds. */
  start?: number;
  end?: number;
  id?: string;
  /** 1-based line of the row. */
  line: number;
}

export interface ParsedManifest {
  records: ManifestRecord[];
  errors: DatasetIssue[];
}

type Key = 'path' | 'label' | 'speaker' | 'session' | 'start' | 'end' | 'id';

/** Column / key names accepted for each field, lower-case. */
const ALIASES: Record<Key, string[]> = {
  path: ['path', 'file', 'filename', 'file_name', 'filepath', 'file_path', 'audio', 'audio_path', 'audiopath', 'wav', 'wav_path'],
  label: ['label', 'emotion', 'class', 'category'],
  speaker: ['speaker', 'speaker_id', 'speakerid', 'spk', 'actor'],
  session: ['session', 'session_id', 'sessionid'],
  start: ['start', 'start_time', 'begin', 'offset'],
  end: ['end', 'end_time', 'stop'],
  id: ['id', 'utt', 'utt_id', 'utterance', 'utterance_id', 'name'],
};
const KEY_OF: Record<string, Key> = Object.fromEntries(
  (Object.keys(ALIASES) as Key[]).flatMap((k) => ALIASES[k].map((a) => [a, k] as const)),
);

/** The manifest field a column or key name stands for, if any. */
export function manifestKeyOf(name: string): Key | undefined {
  const k = name.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(KEY_OF, k) ? KEY_OF[k] : undefined;
}

type Raw = Partial<Record<Key, unknown>>;

/** Checks one row's values; returns the record or the problem. */
function toRecord(raw: Raw, line: number): ManifestRecord | string {
  const str = (k: Key): string | undefined | null => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return null;
  };
  const path = str('path');
  if (path === undefined) return 'the row has no path';
  if (path === null) return 'path is not a string';
  const rec: ManifestRecord = { path, line };
  for (const k of ['label', 'speaker', 'session', 'id'] as const) {
    const v = str(k);
    if (v === null) return `${k} is not a string or number`;
    if (v !== undefined) rec[k] = v;
  }
  for (const k of ['start', 'end'] as const) {
    const v = raw[k];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
    const t = typeof v === 'number' ? (Number.isFinite(v) ? v : undefined) : typeof v === 'string' ? parseFiniteNumber(v) : undefined;
    if (t === undefined || t < 0) return `${k} ${quoteSnippet(String(v), 30)} is not a time in seconds (a finite number >= 0)`;
    rec[k] = t;
  }
  if (rec.start !== undefined && rec.end !== undefined && rec.end <= rec.start) {
    return `end ${rec.end} s is not after start ${rec.start} s`;
  }
  return rec;
}

/** CSV manifest: the first row names the columns; a `path` column is required. */
export function parseCsvManifest(text: string, file: string): ParsedManifest {
  const { rows, errors } = parseCsv(text, file);
  const records: ManifestRecord[] = [];
  if (rows.length === 0) {
    errors.push({ file, message: 'the manifest has no header row' });
    return { records, errors };
  }
  const header = rows[0];
  const keys = header.fields.map(manifestKeyOf);
  if (!keys.includes('path')) {
    const found = header.fields.map((f) => quoteSnippet(f.trim(), 30)).join(', ');
    errors.push({ file, message: `line ${header.line}: the header row has no "path" column (found ${found})` });
    return { records, errors };
  }
  for (let r = 1; r < rows.length; r++) {
    const { fields, line } = rows[r];
    if (fields.length > keys.length && fields.slice(keys.length).some((f) => f.trim() !== '')) {
      errors.push({ file, message: `line ${line}: the row has ${fields.length} fields but the header names ${keys.length}; the row is skipped` });
      continue;
    }
    const raw: Raw = {};
    keys.forEach((k, i) => {
      if (k && raw[k] === undefined && i < fields.length) raw[k] = fields[i];
    });
    const rec = toRecord(raw, line);
    if (typeof rec === 'string') errors.push({ file, message: `line ${line}: ${rec}; the row is skipped` });
    else records.push(rec);
  }
  return { records, errors };
}

/** JSON Lines manifest: one object per line with a `path` key. */
export function parseJsonlManifest(text: string, file: string): ParsedManifest {
  const records: ManifestRecord[] = [];
  const errors: DatasetIssue[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = s.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '') continue;
    const line = i + 1;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch (err) {
      errors.push({ file, message: `line ${line}: not valid JSON (${(err as Error).message}); the row is skipped` });
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      errors.push({ file, message: `line ${line}: expected a JSON object, got ${Array.isArray(obj) ? 'an array' : typeof obj}; the row is skipped` });
      continue;
    }
    const raw: Raw = {};
    for (const [name, v] of Object.entries(obj)) {
      const k = manifestKeyOf(name);
      if (k && raw[k] === undefined) raw[k] = v;
    }
    const rec = toRecord(raw, line);
    if (typeof rec === 'string') errors.push({ file, message: `line ${line}: ${rec}; the row is skipped` });
    else records.push(rec);
  }
  return { records, errors };
}

/** Picks the parser by file name: .jsonl / .ndjson are JSON Lines, anything else CSV. */
export function parseManifest(text: string, file: string): ParsedManifest {
  return /\.(jsonl|ndjson)$/i.test(file) ? parseJsonlManifest(text, file) : parseCsvManifest(text, file);
}

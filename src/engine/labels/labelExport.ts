/**
 * Exports effective labels (corpus labels with corrections applied) as CSV or JSON, one row per utterance.
 * Columns: id, speaker, session, corpus_label, label, corrected, who, when, note. `corrected` says whether the
 * effective label differs from the corpus; who/when/note describe the correction in force that decides the
 * label, and are filled even when an annotator confirmed the corpus label after other changes.
 */
import { asSerError, SerError } from '../errors';
import type { FileSystem } from '../io/fileSystem';
import type { Utterance } from '../datasets/utterance';
import { resolveUnder } from '../datasets/paths';
import { labelSidecarPath, type LabelStore } from './labelStore';

/** One exported row; absent values are null. */
export interface LabelExportRow {
  id: string;
  speaker: string;
  session: string;
  corpus_label: string | null;
  label: string | null;
  corrected: boolean;
  who: string | null;
  when: string | null;
  note: string | null;
}

export const LABEL_EXPORT_COLUMNS: readonly (keyof LabelExportRow)[] = [
  'id',
  'speaker',
  'session',
  'corpus_label',
  'label',
  'corrected',
  'who',
  'when',
  'note',
];

export type LabelExportFormat = 'csv' | 'json';

/** Rows for `utterances` in their order; utterances the store does not know keep their corpus label. */
export function labelExportRows(utterances: readonly Utterance[], store: LabelStore): LabelExportRow[] {
  const labels = store.effectiveLabels();
  return utterances.map((u) => {
    const known = labels.has(u.id);
    const label = known ? labels.get(u.id) : u.label;
    const r = known ? store.decidingRecord(u.id) : undefined;
    return {
      id: u.id,
      speaker: u.speaker,
      session: u.session,
      corpus_label: u.label ?? null,
      label: label ?? null,
      corrected: label !== u.label,
      who: r?.who ?? null,
      when: r?.when ?? null,
      note: r?.note ?? null,
    };
  });
}

/** RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row and CRLF row ends. */
export function labelsToCsv(utterances: readonly Utterance[], store: LabelStore): string {
  const out: string[] = [LABEL_EXPORT_COLUMNS.join(',')];
  for (const row of labelExportRows(utterances, store)) {
    out.push(LABEL_EXPORT_COLUMNS.map((c) => {
      const v = row[c];
      return v === null ? '' : csvField(String(v));
    }).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}

/** A JSON array of row objects, one object per line. */
export function labelsToJson(utterances: readonly Utterance[], store: LabelStore): string {
  const rows = labelExportRows(utterances, store);
  return rows.length === 0 ? '[]\n' : `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

export interface LabelExportOptions {
  format: LabelExportFormat;
  /** Replace an existing file at the target; default false. The sidecar and corpus audio are never replaced. */
  overwrite?: boolean;
}

/**
 * Writes the export to `target` atomically. Refuses the label sidecar and any utterance's audio file always,
 * and any existing file unless `overwrite` is set, so an export can never destroy corpus data or corrections.
 */
export async function writeLabelExport(
  fs: FileSystem,
  target: string,
  utterances: readonly Utterance[],
  store: LabelStore,
  options: LabelExportOptions,
): Promise<void> {
  const t = resolveUnder('/', target);
  if (t === resolveUnder('/', labelSidecarPath(store.datasetRoot)) || t === resolveUnder('/', store.file)) {
    throw new SerError('usage', target, 'is the label sidecar; choose another export path');
  }
  for (const u of utterances) {
    if (resolveUnder('/', u.audioPath) === t) throw new SerError('usage', target, `is the audio of utterance ${u.id}; choose another export path`);
  }
  let st;
  try {
    st = await fs.stat(target);
  } catch (err) {
    throw asSerError(err, target);
  }
  if (st !== undefined && !st.isFile) throw new SerError('usage', target, 'exists and is not a file');
  if (st !== undefined && options.overwrite !== true) {
    throw new SerError('usage', target, 'already exists; pass overwrite to replace it');
  }
  const text = options.format === 'csv' ? labelsToCsv(utterances, store) : labelsToJson(utterances, store);
  try {
    await fs.writeFileAtomic(target, text);
  } catch (err) {
    throw asSerError(err, target);
  }
}

/**
 * How an utterance reads in the dataset tree and the label picker: the effective label (a correction marked, with
 * the corpus label), the current run's prediction and confidence, the evaluators' agreement (IEMOCAP), and its
 * suspect rank. Plain strings, so the wording is tested without VS Code.
 */
import type { UtteranceRow } from '../../shared/protocol';
import type { DatasetModel } from './datasetModel';

export type UtteranceMark = 'outside' | 'corrected' | 'suspect' | 'mispredicted' | 'plain';

export interface UtteranceText {
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  mark: UtteranceMark;
  /** For `when` clauses of context menus. */
  contextValue: string;
}

export function percent(x: number): string {
  return `${Math.round(100 * x)}%`;
}

/** "2/3" for a share of the evaluators' vote (shares can be fractional when an evaluator gave several codes). */
export function votesText(share: number, evaluators: number): string {
  const n = share * evaluators;
  return `${Number.isInteger(Math.round(n * 100) / 100) ? Math.round(n) : n.toFixed(1)}/${evaluators}`;
}

export function labelText(r: UtteranceRow): string {
  const shown = r.className !== null && r.label !== null && r.className !== r.label ? `${r.className} (${r.label})` : (r.label ?? '(none)');
  return r.correction ? `${shown} ✎ was ${r.corpusLabel ?? '(none)'}` : shown;
}

export function describeUtterance(r: UtteranceRow, m: DatasetModel): UtteranceText {
  const parts: string[] = [labelText(r)];
  if (r.className === null) parts.push('outside the class map');
  const p = m.prediction(r.id);
  if (p) parts.push(`${m.isMispredicted(r) ? '≠ ' : ''}pred ${p.predicted} ${percent(p.confidence)}`);
  const a = m.agreement(r);
  if (a) parts.push(`votes ${votesText(a.share, a.evaluators)}`);
  const rank = m.suspectRankOf(r.id);
  if (rank !== undefined) parts.push(`suspect #${rank}`);

  const lines: string[] = [`**${r.id}**`, ''];
  lines.push(`Label: **${r.label ?? '(none)'}**${r.className !== null && r.className !== r.label ? ` (class ${r.className})` : ''}${r.className === null ? ' — outside the class map, not used for training' : ''}`);
  if (r.correction) {
    lines.push(`Corrected from **${r.corpusLabel ?? '(none)'}** by ${r.correction.who}, ${r.correction.when}${r.correction.note ? ` — ${r.correction.note}` : ''}`);
  }
  if (p) {
    const probs = (m.overlay?.classes ?? []).map((c, i) => `${c} ${percent(p.probs[i] ?? 0)}`).join(', ');
    lines.push(`Prediction (out-of-fold, fold ${p.fold + 1}): **${p.predicted}** ${percent(p.confidence)} — ${probs}`);
  }
  if (a && r.votes) {
    const shares = Object.entries(r.votes.shares).sort((x, y) => y[1] - x[1]).map(([c, v]) => `${c} ${percent(v)}`).join(', ');
    lines.push(`Evaluators: ${votesText(a.share, a.evaluators)} for ${r.className ?? r.label} (${shares})${r.votes.split ? ' — split' : ''}`);
  }
  if (rank !== undefined) lines.push(`Suspect #${rank} in the current run`);
  lines.push(`Speaker ${r.speaker}, session ${r.session}${r.dialog ? `, dialog ${r.dialog}` : ''}${r.seconds ? `, ${r.seconds.toFixed(2)} s` : ''}`);

  const mark: UtteranceMark = r.className === null ? 'outside' : r.correction ? 'corrected' : rank !== undefined ? 'suspect' : m.isMispredicted(r) ? 'mispredicted' : 'plain';
  const ctx = ['ser.utterance'];
  if (r.correction) ctx.push('corrected');
  if (rank !== undefined) ctx.push('suspect');
  return { label: r.id, description: parts.join(' · '), tooltip: lines.join('  \n'), mark, contextValue: ctx.join('.') };
}

/** The label picker's entries: every class (with votes and the prediction), then the other labels the store accepts. */
export interface LabelChoice {
  /** What is stored (a class name is mapped to its code by the engine). */
  label: string;
  description: string;
  current: boolean;
  inClassMap: boolean;
}

export function labelChoices(r: UtteranceRow, m: DatasetModel): LabelChoice[] {
  const p = m.prediction(r.id);
  const out: LabelChoice[] = [];
  m.classes.forEach((c, i) => {
    const bits: string[] = [];
    if (i < 9) bits.push(`key ${i + 1}`);
    if (r.className === c) bits.push(r.correction ? `current (corrected; corpus ${r.corpusLabel ?? 'none'})` : 'current');
    if (r.correction && r.corpusLabel !== null && m.listing.codeToClass[r.corpusLabel] === c && r.className !== c) bits.push('corpus label');
    if (r.votes) bits.push(`votes ${votesText(r.votes.shares[c] ?? 0, r.votes.evaluators)}`);
    if (p) {
      const k = m.overlay?.classes.indexOf(c) ?? -1;
      if (k >= 0) bits.push(`${p.predicted === c ? 'predicted ' : 'model '}${percent(p.probs[k] ?? 0)}`);
    }
    out.push({ label: c, description: bits.join(' · '), current: r.className === c, inClassMap: true });
  });
  for (const l of m.listing.allowedLabels) {
    if (Object.prototype.hasOwnProperty.call(m.listing.codeToClass, l) || m.classes.includes(l)) continue;
    out.push({ label: l, description: `${r.label === l ? 'current · ' : ''}outside the class map (not used for training)`, current: r.label === l, inClassMap: false });
  }
  return out;
}

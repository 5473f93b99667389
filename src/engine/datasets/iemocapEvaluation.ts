/**
 * Parser of IEMOCAP's dialog/EmoEvaluation/<dialog>.txt. Pure (text in, records and problems out) so it can be
 * fuzzed. A block is a header line `[start - end]<TAB>id<TAB>code<TAB>[V, A, D]` followed by evaluator lines:
 * `C-E2:<TAB>Neutral; Anger;<TAB>(note)` (external), `C-F1:` / `C-M1:` (the actors themselves) and
 * `A-E3:<TAB>val 3; act 2; dom  2;<TAB>()` (dimensional). A bad header costs its block, a bad evaluator line
 * only that line; each problem names the file and line.
 */
import type { DatasetIssue, DimensionalVote, EvaluatorVote } from './utterance';
import { IEMOCAP_CODES, IEMOCAP_WORDS, iemocapWordToCode } from './labelAliases';
import { parseFiniteNumber, quoteSnippet } from './parseNumber';

/** One utterance block of an EmoEvaluation file. Times are seconds within the dialog recording. */
export interface IemocapRecord {
  id: string;
  start: number;
  end: number;
  /** The consensus code as written, lower-cased ('xxx' = no agreement). */
  code: string;
  vad: [number, number, number];
  votes: EvaluatorVote[];
  selfVotes: EvaluatorVote[];
  dimensionalVotes: DimensionalVote[];
  /** 1-based line of the block's header. */
  line: number;
}

export interface ParsedEvaluation {
  records: IemocapRecord[];
  errors: DatasetIssue[];
}

/** Session ("Ses01") and gender of an IEMOCAP utterance id, from its prefix and its LAST name block. */
export function iemocapSpeakerOf(id: string): { session: string; gender: 'F' | 'M' } | undefined {
  const ses = /^(Ses\d+)[FM]_/.exec(id);
  const last = /_([FM])\d+$/.exec(id);
  if (!ses || !last) return undefined;
  return { session: ses[1], gender: last[1] as 'F' | 'M' };
}

const HEADER = /^\[([^\]]*)\]\s*(\S+)\s+(\S+)\s*\[([^\]]*)\]\s*$/;
const TIMES = /^\s*(\S+?)\s*-\s*(\S+)\s*$/;
const VOTE = /^([CA])-([A-Za-z]+\d*)\s*:(.*)$/;
const CODES = new Set(IEMOCAP_CODES);
const KNOWN_WORDS = new Set(Object.keys(IEMOCAP_WORDS));

export function parseEmoEvaluation(text: string, file: string): ParsedEvaluation {
  const records: IemocapRecord[] = [];
  const errors: DatasetIssue[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r\n|\n|\r/);
  let current: IemocapRecord | undefined;
  let skipping = false;
  const problem = (line: number, msg: string) => errors.push({ file, message: `line ${line}: ${msg}` });
  const close = () => {
    if (current) records.push(current);
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const t = lines[i].replace(/^\uFEFF/, '').trim();
    if (t === '') {
      close();
      skipping = false;
      continue;
    }
    if (t.startsWith('%')) continue;
    if (t.startsWith('[')) {
      close();
      const head = parseHeader(t, n);
      if (typeof head === 'string') {
        problem(n, `${head}; the block is skipped`);
        skipping = true;
      } else if (seen.has(head.id)) {
        problem(n, `utterance ${head.id} is listed a second time; the repeat is skipped`);
        skipping = true;
      } else {
        seen.add(head.id);
        current = head;
        skipping = false;
      }
      continue;
    }
    if (skipping) continue;
    const vm = VOTE.exec(t);
    if (!vm) {
      problem(n, `unexpected line ${quoteSnippet(t)} (expected "[start - end] id code [V, A, D]" or an evaluator line)`);
      // Outside a block this was most likely a mangled header: its evaluator lines would only repeat the news.
      if (!current) skipping = true;
      continue;
    }
    if (!current) {
      problem(n, `evaluator line ${quoteSnippet(t)} outside an utterance block`);
      continue;
    }
    const r = vm[1] === 'C' ? addCategorical(current, vm[2], vm[3]) : addDimensional(current, vm[2], vm[3]);
    for (const msg of r) problem(n, msg);
  }
  close();
  return { records, errors };
}

function parseHeader(t: string, line: number): IemocapRecord | string {
  const m = HEADER.exec(t);
  if (!m) return `bad utterance header ${quoteSnippet(t)} (expected "[start - end]<TAB>id<TAB>code<TAB>[V, A, D]")`;
  const tm = TIMES.exec(m[1]);
  const start = tm ? parseFiniteNumber(tm[1]) : undefined;
  const end = tm ? parseFiniteNumber(tm[2]) : undefined;
  if (start === undefined || end === undefined || start < 0 || end < start) {
    return `bad time span [${m[1].slice(0, 40)}] (expected "[start - end]" in seconds, start <= end)`;
  }
  const id = m[2];
  if (!iemocapSpeakerOf(id)) {
    return `utterance id ${quoteSnippet(id)} does not name its speaker (expected SesNNx_..._F000 or ..._M000)`;
  }
  const code = m[3].toLowerCase();
  if (!CODES.has(code)) return `unknown emotion code ${quoteSnippet(m[3])} (expected one of ${IEMOCAP_CODES.join(' ')})`;
  const parts = m[4].split(',').map((s) => parseFiniteNumber(s));
  if (parts.length !== 3 || parts.some((v) => v === undefined)) {
    return `bad [V, A, D] ${quoteSnippet(`[${m[4]}]`)} (expected three numbers)`;
  }
  const vad = parts as [number, number, number];
  return { id, start, end, code, vad, votes: [], selfVotes: [], dimensionalVotes: [], line };
}

/** Splits "body (note)" into the body and the note; reports a note without its closing parenthesis. */
function splitNote(rest: string, problems: string[]): { body: string; note?: string } {
  const open = rest.indexOf('(');
  if (open < 0) return { body: rest };
  const tail = rest.slice(open + 1);
  const close = tail.lastIndexOf(')');
  if (close < 0) problems.push(`note ${quoteSnippet(rest.slice(open))} has no closing parenthesis`);
  const note = (close < 0 ? tail : tail.slice(0, close)).trim();
  return note === '' ? { body: rest.slice(0, open) } : { body: rest.slice(0, open), note };
}

function addCategorical(rec: IemocapRecord, evaluator: string, rest: string): string[] {
  const problems: string[] = [];
  const { body, note } = splitNote(rest, problems);
  const words = body.split(';').map((w) => w.trim()).filter((w) => w !== '');
  const labels: string[] = [];
  for (const w of words) {
    const code = iemocapWordToCode(w);
    if (code === undefined) continue;
    const head = w.includes(':') ? w.slice(0, w.indexOf(':')).trim() : w;
    if (!KNOWN_WORDS.has(head)) problems.push(`unknown emotion word ${quoteSnippet(w)} from ${evaluator} (kept as "${code}")`);
    labels.push(code);
  }
  if (labels.length === 0) {
    problems.push(`evaluator ${evaluator} gives no emotion`);
    return problems;
  }
  const vote: EvaluatorVote = note === undefined ? { evaluator, labels } : { evaluator, labels, note };
  // F1 / M1 are the actors rating themselves; E1..E6 the external evaluators.
  (/^[FM]/.test(evaluator) ? rec.selfVotes : rec.votes).push(vote);
  return problems;
}

const DIMS: Record<string, 'valence' | 'activation' | 'dominance'> = { val: 'valence', act: 'activation', dom: 'dominance' };

function addDimensional(rec: IemocapRecord, evaluator: string, rest: string): string[] {
  const problems: string[] = [];
  const { body, note } = splitNote(rest, problems);
  const vote: DimensionalVote = { evaluator };
  let any = false;
  for (const item of body.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([A-Za-z]+)\s*(.*)$/.exec(item);
    const key = m ? DIMS[m[1].toLowerCase()] : undefined;
    const v = m ? parseFiniteNumber(m[2]) : undefined;
    if (!key || v === undefined) {
      problems.push(`bad attribute ${quoteSnippet(item)} from ${evaluator} (expected "val N", "act N" or "dom N")`);
      continue;
    }
    vote[key] = v;
    any = true;
  }
  if (!any) {
    problems.push(`attribute line of ${evaluator} gives no value`);
    return problems;
  }
  if (note !== undefined) vote.note = note;
  rec.dimensionalVotes.push(vote);
  return problems;
}

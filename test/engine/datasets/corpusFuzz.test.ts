// Seeded fuzzing of the corpus text parsers: mutated EmoEvaluation files and CSV / JSONL manifests must never
// crash or hang a parser, and every problem must come back as an error naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmoEvaluation } from '../../../src/engine/datasets/iemocapEvaluation';
import { parseCsvManifest, parseJsonlManifest, type ParsedManifest } from '../../../src/engine/datasets/manifestParse';
import { emoEvaluationText, type IemocapDialogSpec } from '../../../src/engine/demo/iemocapLayoutWriter';
import type { DatasetIssue } from '../../../src/engine/datasets/utterance';
import { Prng } from '../../../src/engine/demo/prng';

const ITERATIONS = Number(process.env.SER_FUZZ_ITERATIONS ?? 10_000);
const WORDS = ['neu', 'ang', 'sad', 'hap', 'exc', 'fru', 'sur', 'fea', 'dis', 'oth'];


function baseEvaluation(r: Prng): string {
  const dialog = r.pick(['Ses01F_impro01', 'Ses03M_impro05a', 'Ses05M_script01_1b', 'Ses02F_script02_2']);
  const n = 1 + r.int(6);
  let t = r.next() * 5;
  const spec: IemocapDialogSpec = { session: 1, dialog, utterances: [] };
  for (let i = 0; i < n; i++) {
    const g = r.next() < 0.5 ? 'F' : 'M';
    const start = t;
    t += 0.5 + r.next() * 4;
    spec.utterances.push({
      id: `${dialog}_${g}${String(i).padStart(3, '0')}`,
      start, end: t, code: r.pick([...WORDS, 'xxx']),
      vad: [1 + r.next() * 4, 1 + r.next() * 4, 1 + r.next() * 4],
      votes: Array.from({ length: 1 + r.int(3) }, (_, k) => ({ evaluator: `E${k + 1}`, labels: Array.from({ length: 1 + r.int(2) }, () => r.pick(WORDS)), ...(r.next() < 0.3 ? { note: 'some (note)' } : {}) })),
      selfVotes: r.next() < 0.5 ? [{ evaluator: `${g}1`, labels: [r.pick(WORDS)] }] : [],
      dimVotes: [{ evaluator: 'E3', val: 1 + r.int(5), act: 1 + r.int(5), dom: 1 + r.int(5) }],
      transcript: '', audio: null,
    });
    t += r.next();
  }
  return emoEvaluationText(spec);
}

function baseRows(r: Prng): Record<string, string | number>[] {
  return Array.from({ length: 1 + r.int(8) }, (_, i) => ({
    path: r.pick([`a/${i}.wav`, `"q" ${i}.wav`, `x, y ${i}.wav`, `/abs/${i}.wav`]),
    label: r.pick(['angry', 'Happy', 'neu', 'sad', '']),
    speaker: `s${r.int(4)}`,
    ...(r.next() < 0.5 ? { start: Math.round(r.next() * 100) / 10, end: 20 + Math.round(r.next() * 100) / 10 } : {}),
  }));
}

function baseCsv(r: Prng): string {
  const q = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = baseRows(r);
  const eol = r.next() < 0.5 ? '\r\n' : '\n';
  return `path,label,speaker,start,end${eol}${rows.map((o) => [o.path, o.label, o.speaker, o.start ?? '', o.end ?? ''].map(q).join(',')).join(eol)}${eol}`;
}

function baseJsonl(r: Prng): string {
  return `${baseRows(r).map((o) => JSON.stringify(o)).join('\n')}\n`;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One random mutation of `s`; byte-level ones go through UTF-8 and back (invalid sequences become U+FFFD). */
function mutate(r: Prng, s: string): string {
  const lines = s.split('\n');
  switch (r.int(12)) {
    case 0: { // byte flips
      const b = enc.encode(s);
      for (let k = 0; k < 1 + r.int(4) && b.length > 0; k++) b[r.int(b.length)] ^= 1 << r.int(8);
      return dec.decode(b);
    }
    case 1: lines.splice(r.int(lines.length), 1); return lines.join('\n');
    case 2: { const i = r.int(lines.length); lines.splice(i, 0, lines[i]); return lines.join('\n'); }
    case 3: return s.slice(0, r.int(s.length + 1));
    case 4: return r.next() < 0.5 ? s.replace(/\t/g, '') : s.replace(/\t/, ' ');
    case 5: return s.replace(/\d+(\.\d+)?/, r.pick(['1e999', '99999999999999999999999999', '-0', '1e-400', '0x10', '.']));
    case 6: return s.replace(/\d+(\.\d+)?/, r.pick(['NaN', 'Infinity', '-Infinity', 'undefined', 'null']));
    case 7: { // unbalanced brackets / quotes / braces
      const ch = r.pick(['[', ']', '(', ')', '"', '{', '}']);
      const i = r.int(s.length + 1);
      return r.next() < 0.5 ? s.slice(0, i) + ch + s.slice(i) : s.replace(ch, '');
    }
    case 8: { // non-UTF-8 bytes
      const b = enc.encode(s);
      const i = r.int(b.length + 1);
      const bad = r.pick([[0xff], [0xfe, 0xff], [0xc3], [0x80, 0x80], [0xed, 0xa0, 0x80], [0x00]]);
      const out = new Uint8Array(b.length + bad.length);
      out.set(b.subarray(0, i)); out.set(bad, i); out.set(b.subarray(i), i + bad.length);
      return r.next() < 0.8 ? dec.decode(out) : Array.from(out, (x) => String.fromCharCode(x)).join('');
    }
    case 9: { const i = r.int(lines.length); [lines[i], lines[0]] = [lines[0], lines[i]]; return lines.join('\n'); }
    case 10: return s.replace(/\n/g, r.pick(['\r\n', '\r', '\n\n']));
    default: {
      const junk = Array.from({ length: r.int(40) }, () => String.fromCharCode(r.int(0x3000))).join('');
      lines.splice(r.int(lines.length + 1), 0, junk);
      return lines.join('\n');
    }
  }
}

function checkErrors(errors: DatasetIssue[], file: string, lineCount: number, where: string): void {
  for (const e of errors) {
    assert.equal(e.file, file, where);
    assert.ok(typeof e.message === 'string' && e.message.length > 0, where);
    const m = /^line (\d+):/.exec(e.message);
    if (m) assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= lineCount, `${where}: line ${m[1]} of ${lineCount}`);
  }
}

function checkManifest(p: ParsedManifest, file: string, text: string, where: string): void {
  const lineCount = text.split(/\r\n|\n|\r/).length;
  checkErrors(p.errors, file, lineCount, where);
  for (const rec of p.records) {
    assert.ok(rec.path.length > 0, where);
    for (const v of [rec.start, rec.end]) if (v !== undefined) assert.ok(Number.isFinite(v) && v >= 0, where);
    if (rec.start !== undefined && rec.end !== undefined) assert.ok(rec.end > rec.start, where);
  }
}

test(`${ITERATIONS} mutated EmoEvaluation, CSV and JSONL texts each: no crash, every problem named`, (t) => {
  const r = new Prng(20240601);
  let parsed = 0;
  let records = 0;
  let errors = 0;
  const crashes: string[] = [];
  const run = (kind: string, i: number, text: string, f: () => void) => {
    try {
      f();
    } catch (err) {
      crashes.push(`${kind} #${i}: ${(err as Error).message}\n${JSON.stringify(text.slice(0, 300))}`);
    }
  };
  for (let i = 0; i < ITERATIONS; i++) {
    let ev = baseEvaluation(r);
    let csv = baseCsv(r);
    let jsonl = baseJsonl(r);
    const k = 1 + r.int(4);
    for (let j = 0; j < k; j++) {
      ev = mutate(r, ev);
      csv = mutate(r, csv);
      jsonl = mutate(r, jsonl);
    }
    run('EmoEvaluation', i, ev, () => {
      const file = `/fuzz/Session1/dialog/EmoEvaluation/d${i}.txt`;
      const p = parseEmoEvaluation(ev, file);
      const lines = ev.split(/\r\n|\n|\r/);
      checkErrors(p.errors, file, lines.length, `ev #${i}`);
      // Every block header either became a record or was reported at its line.
      const reported = new Set(p.errors.map((e) => /^line (\d+):/.exec(e.message)?.[1]).filter(Boolean).map(Number));
      const recLines = new Set(p.records.map((x) => x.line));
      lines.forEach((l, n) => {
        if (l.replace(/^\uFEFF/, '').trim().startsWith('[')) assert.ok(recLines.has(n + 1) || reported.has(n + 1), `ev #${i}: header line ${n + 1} neither parsed nor reported`);
      });
      for (const x of p.records) {
        assert.ok(Number.isFinite(x.start) && Number.isFinite(x.end) && x.end >= x.start, `ev #${i}`);
        assert.ok(x.vad.every(Number.isFinite), `ev #${i}`);
        for (const v of x.dimensionalVotes) for (const d of [v.valence, v.activation, v.dominance]) if (d !== undefined) assert.ok(Number.isFinite(d));
      }
      parsed++; records += p.records.length; errors += p.errors.length;
    });
    run('CSV', i, csv, () => {
      const file = `/fuzz/m${i}.csv`;
      const p = parseCsvManifest(csv, file);
      checkManifest(p, file, csv, `csv #${i}`);
      parsed++; records += p.records.length; errors += p.errors.length;
    });
    run('JSONL', i, jsonl, () => {
      const file = `/fuzz/m${i}.jsonl`;
      const p = parseJsonlManifest(jsonl, file);
      checkManifest(p, file, jsonl, `jsonl #${i}`);
      const reported = new Set(p.errors.map((e) => /^line (\d+):/.exec(e.message)?.[1]).filter(Boolean).map(Number));
      const recLines = new Set(p.records.map((x) => x.line));
      jsonl.split(/\r\n|\n|\r/).forEach((l, n) => {
        if (l.trim() !== '') assert.ok(recLines.has(n + 1) || reported.has(n + 1), `jsonl #${i}: line ${n + 1} neither parsed nor reported`);
      });
      parsed++; records += p.records.length; errors += p.errors.length;
    });
  }
  t.diagnostic(`${ITERATIONS * 3} mutated corpus files (${ITERATIONS} EmoEvaluation, ${ITERATIONS} CSV, ${ITERATIONS} JSONL): ${parsed} parsed, ${records} records, ${errors} errors, ${crashes.length} crashes`);
  assert.deepEqual(crashes.slice(0, 5), []);
  assert.ok(errors > 0 && records > 0, 'the mutations must produce both good records and errors');
});

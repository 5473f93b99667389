import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iemocapSpeakerOf, parseEmoEvaluation } from '../../../src/engine/datasets/iemocapEvaluation';
import { parseTranscriptions } from '../../../src/engine/datasets/iemocapTranscript';

const F = '/c/Session1/dialog/EmoEvaluation/Ses01F_impro01.txt';

// Verbatim shape of a real release file: header, blank line, TAB-separated blocks, blank line between blocks.
const REAL = [
  '% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]',
  '',
  '[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]',
  'C-E2:\tNeutral;\t()',
  'C-E3:\tNeutral;\t()',
  'C-E4:\tNeutral;\t()',
  'C-F1:\tNeutral;\t(curious)',
  'A-E3:\tval 3; act 2; dom  2;\t()',
  'A-E4:\tval 2; act 3; dom  3;\t(mildly aggravated but staying polite, attitude)',
  'A-F1:\tval 3; act 2; dom  1;\t()',
  '',
  '[10.0100 - 11.3925]\tSes01F_impro01_M000\txxx\t[2.5000, 3.5000, 3.0000]',
  'C-E1:\tFrustration; Anger;\t()',
  'C-E3:\tSadness;\t()',
  'C-M1:\tOther:bored;\t(bored)',
  'A-M1:\tval 2; act 2; dom  4;\t()',
  '',
].join('\n');

test('parses the release format: votes, self votes, attributes with "dom  2", notes', () => {
  const { records, errors } = parseEmoEvaluation(REAL, F);
  assert.deepEqual(errors, []);
  assert.equal(records.length, 2);
  const [a, b] = records;
  assert.deepEqual({ id: a.id, start: a.start, end: a.end, code: a.code, vad: a.vad, line: a.line }, {
    id: 'Ses01F_impro01_F000', start: 6.2901, end: 8.2357, code: 'neu', vad: [2.5, 2.5, 2.5], line: 3,
  });
  assert.deepEqual(a.votes.map((v) => v.evaluator), ['E2', 'E3', 'E4']);
  assert.deepEqual(a.selfVotes, [{ evaluator: 'F1', labels: ['neu'], note: 'curious' }]);
  assert.deepEqual(a.dimensionalVotes[0], { evaluator: 'E3', valence: 3, activation: 2, dominance: 2 });
  assert.equal(a.dimensionalVotes[1].note, 'mildly aggravated but staying polite, attitude');
  assert.deepEqual(a.dimensionalVotes[2], { evaluator: 'F1', valence: 3, activation: 2, dominance: 1 });
  assert.equal(b.code, 'xxx');
  assert.deepEqual(b.votes[0], { evaluator: 'E1', labels: ['fru', 'ang'] });
  assert.deepEqual(b.selfVotes, [{ evaluator: 'M1', labels: ['oth'], note: 'bored' }]);
});

test('CRLF line ends and a BOM parse the same', () => {
  const r = parseEmoEvaluation(`\uFEFF${REAL.replace(/\n/g, '\r\n')}`, F);
  assert.deepEqual(r, parseEmoEvaluation(REAL, F));
});

test('a bad header skips its block only and names file and line', () => {
  const text = REAL.replace('[6.2901 - 8.2357]', '[6.2901 - ]');
  const { records, errors } = parseEmoEvaluation(text, F);
  assert.deepEqual(records.map((r) => r.id), ['Ses01F_impro01_M000']);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].file, F);
  assert.match(errors[0].message, /^line 3: bad time span/);
});

test('each header problem is named: code, V-A-D, id without speaker, reversed times, repeated id', () => {
  const cases: [string, RegExp][] = [
    [REAL.replace('\tneu\t', '\tzzz\t'), /line 3: unknown emotion code "zzz"/],
    [REAL.replace('[2.5000, 2.5000, 2.5000]', '[2.5000, NaN, 2.5000]'), /line 3: bad \[V, A, D\]/],
    [REAL.replace('[2.5000, 2.5000, 2.5000]', '[2.5, 2.5]'), /line 3: bad \[V, A, D\]/],
    [REAL.replace('Ses01F_impro01_F000', 'Ses01F_impro01_X000'), /line 3: utterance id "Ses01F_impro01_X000" does not name its speaker/],
    [REAL.replace('[6.2901 - 8.2357]', '[8.2 - 6.1]'), /line 3: bad time span/],
    [REAL.replace('[6.2901 - 8.2357]', '[1e999 - 2]'), /line 3: bad time span/],
    [REAL.replace('Ses01F_impro01_M000', 'Ses01F_impro01_F000'), /line 12: utterance Ses01F_impro01_F000 is listed a second time/],
    [REAL.replace('[6.2901 - 8.2357]\t', '6.2901 - 8.2357]\t'), /line 3: unexpected line/],
  ];
  for (const [text, re] of cases) {
    const { records, errors } = parseEmoEvaluation(text, F);
    assert.equal(records.length, 1, String(re));
    assert.ok(errors.some((e) => e.file === F && re.test(e.message)), `${re}: ${JSON.stringify(errors)}`);
  }
});

test('bad evaluator lines cost only themselves', () => {
  const text = REAL.replace('C-E3:\tNeutral;\t()', 'C-E3:\t;\t()')
    .replace('A-E3:\tval 3; act 2; dom  2;\t()', 'A-E3:\tval x; act 2; dom  2;\t()')
    .replace('C-F1:\tNeutral;\t(curious)', 'C-F1:\tNeutral;\t(curious')
    .replace('C-E4:\tNeutral;', 'C-E4:\tNeutrall;');
  const { records, errors } = parseEmoEvaluation(text, F);
  assert.equal(records.length, 2);
  const msgs = errors.map((e) => e.message);
  assert.ok(msgs.some((m) => /^line 5: evaluator E3 gives no emotion/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^line 8: bad attribute "val x"/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^line 7: note .* has no closing parenthesis/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^line 6: unknown emotion word "Neutrall"/.test(m)), msgs.join('\n'));
  const a = records[0];
  assert.deepEqual(a.votes.map((v) => v.evaluator), ['E2', 'E4']);
  assert.deepEqual(a.votes[1].labels, ['neutrall']);
  assert.deepEqual(a.dimensionalVotes[0], { evaluator: 'E3', activation: 2, dominance: 2 });
  assert.deepEqual(a.selfVotes, [{ evaluator: 'F1', labels: ['neu'], note: 'curious' }]);
});

test('an evaluator line outside a block is reported', () => {
  const { errors } = parseEmoEvaluation('% header\n\nC-E1:\tAnger;\t()\n', F);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /^line 3: evaluator line "C-E1:\\tAnger;\\t\(\)" outside an utterance block/);
});

test('speaker of an id is session + the letter of its last block', () => {
  assert.deepEqual(iemocapSpeakerOf('Ses01F_impro01_M000'), { session: 'Ses01', gender: 'M' });
  assert.deepEqual(iemocapSpeakerOf('Ses05M_script01_1b_F012'), { session: 'Ses05', gender: 'F' });
  assert.equal(iemocapSpeakerOf('Ses01F_impro01_MXX0'), undefined);
  assert.equal(iemocapSpeakerOf('impro01_M000'), undefined);
});

test('transcriptions: timed sentence lines only', () => {
  const m = parseTranscriptions([
    'Ses01F_impro01_F000 [006.2901-008.2357]: Excuse me.',
    'Ses01F_impro01_M000 [007.5712-010.4750]: Do you have your forms?',
    'Ses01F_impro01_MXX0 [050.0000-051.0000]: [LAUGHTER]',
    'M: untimed',
    '',
  ].join('\r\n'));
  assert.deepEqual([...m.entries()], [
    ['Ses01F_impro01_F000', 'Excuse me.'],
    ['Ses01F_impro01_M000', 'Do you have your forms?'],
  ]);
});

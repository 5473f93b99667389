import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { emoEvaluationText, transcriptionText, writeIemocapLayout, type IemocapDialogSpec } from '../../../src/engine/demo/iemocapLayoutWriter';
import { parseEmoEvaluation } from '../../../src/engine/datasets/iemocapEvaluation';
import { tempCorpusDir, toneWav } from '../../fixtures/corpora';

const DIALOG: IemocapDialogSpec = {
  session: 1,
  dialog: 'Ses01F_impro01',
  utterances: [
    {
      id: 'Ses01F_impro01_F000', start: 6.2901, end: 8.2357, code: 'neu', vad: [2.5, 2.5, 2.5],
      votes: [{ evaluator: 'E1', labels: ['neu', 'ang'] }],
      selfVotes: [{ evaluator: 'F1', labels: ['neu'], note: 'curious' }],
      dimVotes: [{ evaluator: 'E3', val: 3, act: 2, dom: 2 }],
      transcript: 'Excuse me.', audio: null,
    },
  ],
};

test('EmoEvaluation text is byte-exact IEMOCAP', () => {
  assert.equal(emoEvaluationText(DIALOG), [
    '% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]',
    '',
    '[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]',
    'C-E1:\tNeutral; Anger;\t()',
    'C-F1:\tNeutral;\t(curious)',
    'A-E3:\tval 3; act 2; dom  2;\t()',
    '',
    '',
  ].join('\n'));
  assert.equal(transcriptionText(DIALOG), 'Ses01F_impro01_F000 [006.2901-008.2357]: Excuse me.\n');
});

test('the writer round-trips through the parser', () => {
  const { records, errors } = parseEmoEvaluation(emoEvaluationText(DIALOG), 'x.txt');
  assert.deepEqual(errors, []);
  assert.deepEqual(records[0].votes, [{ evaluator: 'E1', labels: ['neu', 'ang'] }]);
  assert.deepEqual(records[0].selfVotes, [{ evaluator: 'F1', labels: ['neu'], note: 'curious' }]);
});

test('writes the release layout; null audio writes no wav; foreign ids are refused', async () => {
  const t = await tempCorpusDir();
  try {
    const withAudio: IemocapDialogSpec = {
      ...DIALOG,
      utterances: [...DIALOG.utterances, { ...DIALOG.utterances[0], id: 'Ses01F_impro01_M000', audio: toneWav(0.1, 3) }],
    };
    await writeIemocapLayout(t.fs, t.dir, [withAudio]);
    const s1 = join(t.dir, 'IEMOCAP_full_release', 'Session1');
    assert.ok((await t.fs.stat(join(s1, 'dialog', 'EmoEvaluation', 'Ses01F_impro01.txt')))?.isFile);
    assert.ok((await t.fs.stat(join(s1, 'dialog', 'transcriptions', 'Ses01F_impro01.txt')))?.isFile);
    assert.ok((await t.fs.stat(join(s1, 'sentences', 'wav', 'Ses01F_impro01', 'Ses01F_impro01_M000.wav')))?.isFile);
    assert.equal(await t.fs.stat(join(s1, 'sentences', 'wav', 'Ses01F_impro01', 'Ses01F_impro01_F000.wav')), undefined);
    await assert.rejects(
      writeIemocapLayout(t.fs, t.dir, [{ ...DIALOG, dialog: 'Ses01F_impro02' }]),
      (e: Error & { code?: string }) => e.code === 'usage' && /does not belong to dialog Ses01F_impro02/.test(e.message),
    );
  } finally {
    await t.cleanup();
  }
});

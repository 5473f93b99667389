import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classOf, defaultClassMap, parseClassMap } from '../../../src/engine/datasets/classMap';
import { SerError } from '../../../src/engine/errors';
import { selectUtterances } from '../../../src/engine/datasets/selection';
import type { Utterance } from '../../../src/engine/datasets/utterance';

const FOUR = { classes: ['ang', 'hap', 'neu', 'sad'], codeToClass: { ang: 'ang', hap: 'hap', exc: 'hap', neu: 'neu', sad: 'sad' } };

test('presets and explicit specs', () => {
  assert.deepEqual(parseClassMap('4class'), FOUR);
  assert.deepEqual(parseClassMap(' ang , hap + exc ,neu,sad '), FOUR);
  assert.deepEqual(parseClassMap('5class'), { classes: [...FOUR.classes, 'fru'], codeToClass: { ...FOUR.codeToClass, fru: 'fru' } });
  assert.deepEqual(parseClassMap('happy=hap+exc, angry = ang'), { classes: ['happy', 'angry'], codeToClass: { hap: 'happy', exc: 'happy', ang: 'angry' } });
  assert.deepEqual(parseClassMap('Angry,sadness'), { classes: ['ang', 'sad'], codeToClass: { ang: 'ang', sad: 'sad' } }, 'codes go through the alias table');
});

test('bad specs are usage errors with a clear message', () => {
  const cases: [string, RegExp][] = [
    ['', /it is empty/],
    ['ang,,sad', /entry 2 is empty/],
    ['ang,sad,', /entry 3 is empty/],
    ['ang,hap+ang', /code "ang" appears in both class "ang" and class "hap"/],
    ['hap+hap', /code "hap" appears twice in class "hap"/],
    ['x=ang,x=sad', /class "x" is given twice/],
    ['=ang', /needs a class name before "="/],
    ['hap+', /has an empty code/],
  ];
  for (const [spec, re] of cases) {
    assert.throws(() => parseClassMap(spec), (e: unknown) => e instanceof SerError && e.code === 'usage' && re.test(e.message), spec);
  }
});

test('defaults: 4 classes for the emotion corpora; manifests/folders use it only when two of the four occur', () => {
  assert.deepEqual(defaultClassMap('iemocap', ['whatever']), FOUR);
  // The acted corpora are used with every emotion they were recorded for (EmoDB's 7 here).
  const emodb = ['ang', 'bor', 'dis', 'fea', 'hap', 'sad', 'neu'];
  for (const f of ['emodb', 'ravdess', 'cremad'] as const) {
    assert.deepEqual(defaultClassMap(f, emodb), { classes: [...emodb].sort(), codeToClass: Object.fromEntries(emodb.map((c) => [c, c])) });
  }
  assert.deepEqual(defaultClassMap('manifest', ['ang', 'sad', 'whisper']), FOUR);
  assert.deepEqual(defaultClassMap('folders', ['whisper', 'ang', 'shout']), {
    classes: ['ang', 'shout', 'whisper'], codeToClass: { ang: 'ang', shout: 'shout', whisper: 'whisper' },
  });
});

test('classOf and selection: xxx, unlabelled and unmapped codes are out; subsets pick dialog types', () => {
  const map = parseClassMap('4class');
  assert.equal(classOf(map, 'exc'), 'hap');
  assert.equal(classOf(map, 'xxx'), undefined);
  assert.equal(classOf(map, undefined), undefined);
  assert.equal(classOf(map, 'constructor'), undefined);
  const u = (id: string, label: string | undefined, type?: string): Utterance => ({
    id, audioPath: `/${id}.wav`, speaker: 's', session: 's', label, ...(type ? { attributes: { type } } : {}),
  });
  const all = [u('a', 'exc', 'impro'), u('b', 'xxx', 'impro'), u('c', undefined), u('d', 'sad', 'script'), u('e', 'fru', 'impro')];
  assert.deepEqual(selectUtterances(all, map).map((s) => [s.utterance.id, s.className]), [['a', 'hap'], ['d', 'sad']]);
  assert.deepEqual(selectUtterances(all, map, 'improvised').map((s) => s.utterance.id), ['a']);
  assert.deepEqual(selectUtterances(all, map, 'scripted').map((s) => s.utterance.id), ['d']);
});

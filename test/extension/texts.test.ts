// What the tree, the label picker and the status bar say; where datasets are found; who the annotator is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { DatasetModel } from '../../src/extension/core/datasetModel';
import { describeUtterance, labelChoices, votesText } from '../../src/extension/core/utteranceText';
import { statusText, suggestsNativeSetup } from '../../src/extension/core/statusText';
import { datasetRoots, DATASET_MARKERS } from '../../src/extension/core/datasetDiscovery';
import { resolveAnnotator } from '../../src/extension/core/annotator';
import { iemocapListing, overlayFor } from './listingBuilder';

test('an utterance shows its label (a correction marked, with the corpus label), prediction, votes and suspect rank', () => {
  const l = iemocapListing({ sessions: 1, dialogs: 1, perDialog: 4 });
  const m = new DatasetModel(l);
  const [a, b] = l.utterances;
  assert.equal(describeUtterance(a, m).description, 'ang · votes 3/3');
  assert.equal(describeUtterance(a, m).mark, 'plain');
  m.setOverlay(overlayFor(l, 'sad'));
  m.applyChange({ utt: a.id, label: 'exc', className: 'hap', corpusLabel: 'ang', correction: { who: 'ana', when: '2026-01-02T03:04:05Z', note: 'laughs' }, by: { op: 'set', who: 'ana', when: '' } });
  const t = describeUtterance(m.row(a.id)!, m);
  assert.equal(t.description, 'hap (exc) ✎ was ang · ≠ pred ang 70% · votes 0/3');
  assert.equal(t.mark, 'corrected');
  assert.equal(t.contextValue, 'ser.utterance.corrected');
  assert.match(t.tooltip, /Corrected from \*\*ang\*\* by ana, 2026-01-02T03:04:05Z — laughs/);
  assert.match(t.tooltip, /Prediction \(out-of-fold, fold 1\): \*\*ang\*\* 70% — ang 70%, hap 10%, neu 10%, sad 10%/);
  m.setSuspects([{ id: b.id, score: 0.8, label: 'hap', suggested: 'sad', suggestedProbability: 0.7, category: 'likely-wrong' }]);
  const s = describeUtterance(b, m);
  assert.equal(s.mark, 'suspect');
  assert.match(s.description, /pred sad 70% · votes 3\/3 · suspect #1$/);
  assert.equal(votesText(2 / 3, 3), '2/3');
  assert.equal(votesText(0.5, 3), '1.5/3');
});

test('the label picker lists every class with key, votes and the model, then the labels outside the map', () => {
  const l = iemocapListing({ sessions: 1, dialogs: 1, perDialog: 3 });
  const m = new DatasetModel(l);
  m.setOverlay(overlayFor(l, 'sad'));
  const choices = labelChoices(l.utterances[0], m);
  assert.deepEqual(choices.filter((c) => c.inClassMap).map((c) => c.label), ['ang', 'hap', 'neu', 'sad']);
  assert.equal(choices[0].description, 'key 1 · current · votes 3/3 · predicted 70%');
  assert.equal(choices[3].description, 'key 4 · votes 0/3 · model 10%');
  const outside = choices.filter((c) => !c.inClassMap).map((c) => c.label);
  assert.ok(outside.includes('fru') && !outside.includes('exc'), 'exc is in the map (as hap); fru is not');
});

test('status bar: backend and device, the run UA, a running job, Restricted Mode', () => {
  const backend = { name: 'wasm' as const, device: 'WASM' as const, summary: 'wasm (WASM): SIMD, 1 thread [not used: node: not set up]', tried: [{ name: 'node', error: 'not set up' }] };
  const run = { runDir: '/d/r', kind: 'eval' as const, status: 'complete' as const, datasetRoot: '/d', createdAt: '', updatedAt: '', classes: [], utterances: 1, metrics: { UA: 61.234, WA: 60, macroF1: 59 }, hasPredictions: true, hasModel: false };
  const s = statusText({ backend, choice: 'auto', run, trusted: true });
  assert.equal(s.text, '$(pulse) SER: wasm · WASM · UA 61.2%');
  assert.match(s.tooltip, /Not used: node \(not set up\)/);
  assert.equal(s.tooltip.match(/not used/gi)?.length, 1, `the backends not used, once: ${s.tooltip}`);
  assert.match(s.tooltip, /Engine backend: wasm \(WASM\): SIMD, 1 thread\n/);
  assert.match(s.tooltip, /Click to select the engine backend/);
  const job = { id: 1, title: 'SER: Training demo', kind: 'train', started: 0, controller: new AbortController(), message: 'fold 2/5 · epoch 3/40' };
  assert.equal(statusText({ choice: 'auto', job, trusted: true }).text, '$(sync~spin) SER: fold 2/5 · epoch 3/40');
  assert.equal(statusText({ choice: 'node', trusted: false }).text, '$(pulse) SER: engine: node · restricted');
  assert.equal(statusText({ backend: { ...backend, name: 'node-gpu', device: 'GPU' }, choice: 'auto', trusted: true }).text, '$(rocket) SER: node-gpu · GPU');
  assert.deepEqual(['GPU', 'CPU native', 'WASM', 'CPU'].map(suggestsNativeSetup), [false, false, true, true]);
});

test('datasets are found from file names: each layout names its root; nested finds are one dataset', () => {
  const i = (glob: string) => DATASET_MARKERS.findIndex((m) => m.glob === glob);
  const w = join(sep, 'ws');
  const roots = datasetRoots([
    { marker: i('**/Session*/dialog/EmoEvaluation/*.txt'), file: join(w, 'demo', 'IEMOCAP_full_release', 'Session1', 'dialog', 'EmoEvaluation', 'Ses01F_impro01.txt') },
    { marker: i('**/.ser/labels.jsonl'), file: join(w, 'demo', 'IEMOCAP_full_release', '.ser', 'labels.jsonl') },
    { marker: i('**/wav/[0-9][0-9][a-z][0-9][0-9][A-Z]*.wav'), file: join(w, 'emodb', 'wav', '03a01Fa.wav') },
    { marker: i('**/Actor_[0-9][0-9]/*-*-*-*-*-*-*.wav'), file: join(w, 'ravdess', 'Actor_01', '03-01-05-01-02-01-01.wav') },
    { marker: i('**/AudioWAV/*_*_*_*.wav'), file: join(w, 'crema', 'AudioWAV', '1001_DFA_ANG_XX.wav') },
  ]);
  assert.deepEqual(roots, [join(w, 'crema'), join(w, 'emodb'), join(w, 'ravdess'), join(w, 'demo', 'IEMOCAP_full_release')]);
});

test('the annotator: the setting, else git user.name, else the OS user', async () => {
  assert.deepEqual(await resolveAnnotator({ setting: ' Ana ', gitUserName: async () => 'git', osUser: () => 'os' }), { name: 'Ana', from: 'setting' });
  assert.deepEqual(await resolveAnnotator({ setting: '', gitUserName: async () => 'Ana Git\n', osUser: () => 'os' }), { name: 'Ana Git', from: 'git' });
  assert.deepEqual(await resolveAnnotator({ setting: '', gitUserName: async () => { throw new Error('no git'); }, osUser: () => 'ana' }), { name: 'ana', from: 'os' });
  assert.deepEqual(await resolveAnnotator({ setting: '', gitUserName: async () => undefined, osUser: () => '' }), { name: 'unknown', from: 'os' });
});

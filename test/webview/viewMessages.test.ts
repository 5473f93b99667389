// The host's validators: every well-formed message of each view passes unchanged, anything else is rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromUtteranceView, parseUtteranceViewState } from '../../src/shared/views/utteranceMessages';
import { parseFromMapView, parseMapViewState } from '../../src/shared/views/mapMessages';
import { parseFromSuspectsView } from '../../src/shared/views/suspectsMessages';
import { parseFromPairView } from '../../src/shared/views/pairMessages';
import { parseFromTrainingView } from '../../src/shared/views/trainingMessages';
import { parseFromWavView } from '../../src/shared/views/wavMessages';
import { MAX_STRING } from '../../src/shared/views/validate';

const junk: unknown[] = [undefined, null, 0, 'ready', [], [{ type: 'ready' }], { type: 7 }, { type: 'nope' }, { type: '__proto__' }];

const cases: [string, (m: unknown) => unknown, unknown[], unknown[]][] = [
  [
    'utterance',
    parseFromUtteranceView,
    [{ type: 'ready' }, { type: 'undo' }, { type: 'setLabel', id: 'a', label: 'ang' }, { type: 'open', id: 'b' }, { type: 'showDialog', show: false }, { type: 'playNeighbour', id: 'c' }],
    [{ type: 'setLabel', id: 'a' }, { type: 'setLabel', id: '', label: 'ang' }, { type: 'setLabel', id: 'a', label: 3 }, { type: 'showDialog', show: 'yes' }, { type: 'open', id: 'x'.repeat(MAX_STRING + 1) }],
  ],
  [
    'map',
    parseFromMapView,
    [{ type: 'ready' }, { type: 'method', method: 'umap' }, { type: 'play', id: 'a' }, { type: 'open', id: 'a' }, { type: 'relabel', ids: ['a', 'b'], label: 'sad' }],
    [{ type: 'method', method: 'tsne' }, { type: 'relabel', ids: [], label: 'sad' }, { type: 'relabel', ids: ['a', 'a'], label: 'sad' }, { type: 'relabel', ids: ['a', 2], label: 'sad' }, { type: 'relabel', ids: 'a', label: 'sad' }],
  ],
  [
    'suspects',
    parseFromSuspectsView,
    [{ type: 'ready' }, { type: 'undo' }, { type: 'refresh' }, { type: 'setLabel', id: 'a', label: 'ang' }, { type: 'dismiss', id: 'a' }, { type: 'load', id: 'a' }, { type: 'open', id: 'a' }],
    [{ type: 'dismiss' }, { type: 'load', id: null }, { type: 'setLabel', id: 'a', label: '' }],
  ],
  [
    'pairs',
    parseFromPairView,
    [{ type: 'ready' }, { type: 'verdict', a: 'x', b: 'y', verdict: 'relabel-a' }, { type: 'verdict', a: 'x', b: 'y', verdict: 'fine' }, { type: 'load', id: 'x' }, { type: 'open', id: 'y' }, { type: 'undo' }, { type: 'refresh' }],
    [{ type: 'verdict', a: 'x', b: 'x', verdict: 'fine' }, { type: 'verdict', a: 'x', b: 'y', verdict: 'both' }, { type: 'verdict', a: 'x', verdict: 'fine' }],
  ],
  [
    'training',
    parseFromTrainingView,
    [{ type: 'ready' }, { type: 'cancel' }, { type: 'cell', trueLabel: 'ang', predicted: 'sad' }, { type: 'open', id: 'a' }],
    [{ type: 'cell', trueLabel: 'ang' }, { type: 'open' }],
  ],
  ['wav', parseFromWavView, [{ type: 'ready' }, { type: 'openUtterance' }], [{ type: 'open' }]],
];

for (const [view, parse, good, bad] of cases) {
  test(`${view}: well-formed messages pass as they are`, () => {
    for (const m of good) assert.deepEqual(parse(m), m);
  });
  test(`${view}: malformed messages are rejected`, () => {
    for (const m of [...junk, ...bad]) assert.equal(parse(m), undefined, JSON.stringify(m));
  });
}

test('validators copy only the known fields (nothing extra reaches the host)', () => {
  assert.deepEqual(parseFromUtteranceView({ type: 'setLabel', id: 'a', label: 'ang', extra: { evil: true } }), { type: 'setLabel', id: 'a', label: 'ang' });
  assert.deepEqual(parseFromPairView({ type: 'ready', a: 1 }), { type: 'ready' });
});

test('saved states are checked before a serializer uses them', () => {
  assert.equal(parseUtteranceViewState({ zoom: 3 }), undefined);
  assert.deepEqual(parseUtteranceViewState({ id: 'a', zoom: -1, rate: 9, dialog: 'x' }), { id: 'a', zoom: 0, rate: 1, dialog: false });
  assert.deepEqual(parseUtteranceViewState({ id: 'a', zoom: 200, rate: 1.5, dialog: true }), { id: 'a', zoom: 200, rate: 1.5, dialog: true });
  assert.deepEqual(parseMapViewState(null), undefined);
  assert.deepEqual(parseMapViewState({ method: 'tsne', colourBy: 'speaker' }), { method: 'pca', colourBy: 'speaker' });
});

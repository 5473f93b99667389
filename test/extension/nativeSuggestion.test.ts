// The native-engine suggestion on WebAssembly / plain JavaScript training: "Not Now" holds for the window, "Don't
// Ask Again" for good (global state), no answer asks again at the next training, and one at a time on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NATIVE_SUGGESTION_KEY, NativeSuggestion, type SuggestionAnswer } from '../../src/extension/core/nativeSuggestion';
import { MemoryState } from './helpers';

/** A suggestion whose user answers from `answers` in turn; `asked` counts the notifications shown. */
function scripted(state: MemoryState, answers: SuggestionAnswer[]) {
  const shown: string[] = [];
  const s = new NativeSuggestion(state, async (device) => {
    shown.push(device);
    return answers.shift();
  });
  return { s, shown };
}

test('"Not Now": not asked again in this window, asked again in the next one', async () => {
  const state = new MemoryState();
  const w1 = scripted(state, ['not-now']);
  assert.equal(await w1.s.offer('WASM'), 'not-now');
  assert.equal(await w1.s.offer('WASM'), 'skipped');
  assert.equal(await w1.s.offer('CPU'), 'skipped');
  assert.deepEqual(w1.shown, ['WASM']);
  assert.equal(state.get(NATIVE_SUGGESTION_KEY), undefined, '"Not Now" is not kept beyond the window');
  const w2 = scripted(state, [undefined]);
  assert.equal(await w2.s.offer('WASM'), undefined);
  assert.deepEqual(w2.shown, ['WASM']);
});

test('"Don\'t Ask Again" is kept in the global state: no window asks again', async () => {
  const state = new MemoryState();
  const w1 = scripted(state, ['never']);
  assert.equal(await w1.s.offer('WASM'), 'never');
  assert.equal(state.get(NATIVE_SUGGESTION_KEY), true);
  assert.equal(await w1.s.offer('WASM'), 'skipped');
  const w2 = scripted(state, []);
  assert.equal(await w2.s.offer('CPU'), 'skipped');
  assert.deepEqual([w1.shown.length, w2.shown.length], [1, 0]);
});

test('a user who never answered is asked again at the next training; never twice on screen at once', async () => {
  const state = new MemoryState();
  let answer!: (a: SuggestionAnswer) => void;
  let shown = 0;
  const s = new NativeSuggestion(state, () => {
    shown++;
    return new Promise<SuggestionAnswer>((r) => (answer = r));
  });
  const first = s.offer('WASM');
  assert.equal(await s.offer('WASM'), 'skipped', 'the first notification is still on screen');
  answer(undefined); // closed without an answer
  assert.equal(await first, undefined);
  const second = s.offer('WASM');
  answer('setup');
  assert.equal(await second, 'setup');
  assert.equal(shown, 2);
});

test('native and GPU training is never told to set up the native engine', async () => {
  const { s, shown } = scripted(new MemoryState(), ['setup', 'setup']);
  assert.equal(await s.offer('CPU native'), 'skipped');
  assert.equal(await s.offer('GPU'), 'skipped');
  assert.deepEqual(shown, []);
});

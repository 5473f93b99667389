import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { speechWav } from './audioFixtures';
import { skipBrowser, ViewHarness } from './harness';
import { CLASSES, suspect } from './viewFixtures';

// page.evaluate callbacks run in the browser; the test files are type-checked with Node types only (no DOM lib),
// so the page's globals are declared here, for this module alone.
declare const window: any, document: any, getComputedStyle: any, requestAnimationFrame: (cb: (t: number) => void) => number;
type HTMLElement = any;
type HTMLCanvasElement = any;

describe('suspects list', { skip: skipBrowser }, () => {
  let h: ViewHarness;
  let audio: string;
  before(async () => {
    h = await ViewHarness.start();
    audio = h.addFile('/data/suspect.wav', speechWav(1.5, { seed: 4 }));
  });
  after(async () => h?.close());

  test('keyboard review: j/k move an ARIA listbox, digits relabel, s accepts, n dismisses, Enter opens, Ctrl+Z undoes', async () => {
    const v = await h.open('suspects');
    await v.waitForPosted({ type: 'ready' });
    const suspects = Array.from({ length: 20 }, (_, i) => suspect(i + 1));
    await v.send({ type: 'suspects', classes: CLASSES, list: { suspects, scored: 812, dismissed: 3 } });
    const listbox = v.page.getByRole('listbox', { name: 'Suspects' });
    await listbox.waitFor();
    assert.equal(await v.page.getByRole('option').count(), 20);
    await v.waitForPosted({ type: 'load', id: suspects[0].id });
    // The host answers the load with details and audio.
    await v.send({ type: 'detail', detail: { id: suspects[0].id, label: 'hap', corpusLabel: 'hap', speaker: 'Ses01F', session: 'Ses01', transcript: 'I told you already.', history: [], prediction: { classes: CLASSES, probs: [0.1, 0.2, 0.7, 0], predicted: 'neu' } } });
    await v.send({ type: 'audio', id: suspects[0].id, source: { kind: 'uri', uri: audio } });

    const selected = async (): Promise<string> => {
      const active = await listbox.getAttribute('aria-activedescendant');
      const option = v.page.locator(`ser-suspects-view [role="option"][aria-selected="true"]`);
      assert.equal(await option.getAttribute('id'), active, 'aria-activedescendant names the selected option');
      return (await option.getAttribute('aria-label')) ?? '';
    };
    assert.match(await selected(), /^1\. /);
    await v.page.waitForTimeout(300);
    await v.screenshot('suspects-dark');

    await v.page.keyboard.press('j');
    await v.page.keyboard.press('j');
    assert.match(await selected(), /^3\. /);
    await v.waitForPosted({ type: 'load', id: suspects[2].id });
    await v.page.keyboard.press('k');
    assert.match(await selected(), /^2\. /);
    await v.page.keyboard.press('ArrowDown');
    assert.match(await selected(), /^3\. /);

    await v.page.keyboard.press('2');
    await v.waitForPosted({ type: 'setLabel', id: suspects[2].id, label: 'hap' });
    assert.match(await selected(), /^4\. /, 'a verdict moves on');
    await v.page.keyboard.press('n');
    await v.waitForPosted({ type: 'dismiss', id: suspects[3].id });
    assert.match(await selected(), /^5\. /);
    await v.page.keyboard.press('s');
    await v.waitForPosted({ type: 'setLabel', id: suspects[4].id, label: suspects[4].suggested });
    await v.page.keyboard.press('Enter');
    await v.waitForPosted({ type: 'open', id: suspects[5].id });
    await v.page.keyboard.press('Control+z');
    await v.waitForPosted({ type: 'undo' });
    assert.deepEqual(await v.state(), { activeId: suspects[5].id });

    // The host's refresh drops the dismissed suspect; review stays on the same one.
    await v.send({ type: 'suspects', classes: CLASSES, list: { suspects: suspects.filter((_, i) => i !== 3).map((s, i) => ({ ...s, rank: i + 1 })), scored: 812, dismissed: 4 } });
    await v.page.waitForFunction(() => document.querySelectorAll('ser-suspects-view').length === 1);
    assert.match(await selected(), new RegExp(suspects[5].id));
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.errors, []);
    await v.close();
  });

  test('restores the suspect under review from the saved state; empty and failed lists say so', async () => {
    const v = await h.open('suspects', { theme: 'high-contrast', state: { activeId: suspect(7).id } });
    await v.waitForPosted({ type: 'ready' });
    await v.send({ type: 'suspects', classes: CLASSES, list: { suspects: Array.from({ length: 10 }, (_, i) => suspect(i + 1)), scored: 100, dismissed: 0 } });
    await v.waitForPosted({ type: 'load', id: suspect(7).id });
    await v.page.waitForTimeout(150);
    await v.screenshot('suspects-high-contrast');
    await v.send({ type: 'suspects', classes: CLASSES, list: { suspects: [], scored: 100, dismissed: 10 } });
    await v.page.getByText('No suspects').waitFor();
    await v.send({ type: 'error', error: { action: 'loading the suspects', message: 'no run is open' } });
    await v.page.getByRole('alert').waitFor();
    await v.close();
  });
});

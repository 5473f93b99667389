// package.json's contributions against the code: every command registered and in the SER category, menus and
// keys naming real commands, activation events for every layout the discovery knows, trust and walkthrough files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_MARKERS } from '../../src/extension/core/datasetDiscovery';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const c = pkg.contributes;
const sources = readdirSync(join(root, 'src', 'extension'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('views'))
  .map((f) => readFileSync(join(root, 'src', 'extension', f), 'utf8'))
  .join('\n');
const registered = new Set([...sources.matchAll(/cmd\('(ser\.[\w.]+)'/g)].map((m) => m[1]));
const contributed = new Set<string>(c.commands.map((x: { command: string }) => x.command));

test('the commands the issue asks for are contributed, in the SER category', () => {
  const titles = new Set(c.commands.map((x: { title: string }) => x.title));
  for (const t of [
    'Open Dataset...', 'Extract Features', 'Train Model', 'Retrain with Corrections', 'Evaluate (speaker-independent)', 'Cancel',
    'Show Training Dashboard', 'Show Embedding Map', 'Show Suspects', 'Review Mislabeled Pairs', 'Next Suspect', 'Previous Suspect',
    'Set Label...', 'Undo Label Change', 'Redo Label Change', 'Export Labels...', 'Select Engine Backend...', 'Open Run...', 'Set Up Native Engine...',
  ]) assert.ok(titles.has(t), t);
  for (const x of c.commands) assert.equal(x.category, 'SER', x.command);
});

test('contributed and registered commands are the same set', () => {
  assert.deepEqual([...contributed].sort(), [...registered].sort());
});

test('menus and keybindings name contributed commands; palette hides only argument-only helpers', () => {
  for (const [menu, items] of Object.entries(c.menus as Record<string, { command: string }[]>)) {
    for (const i of items) assert.ok(contributed.has(i.command), `${menu}: ${i.command}`);
  }
  const hidden = c.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
  assert.deepEqual(hidden.sort(), ['ser.openUtterance', 'ser.setLabelByIndex']);
  for (const k of c.keybindings) assert.ok(contributed.has(k.command), k.command);
  const digits = c.keybindings.filter((k: { command: string }) => k.command === 'ser.setLabelByIndex');
  for (const view of ['review', 'datasets']) {
    const mine = digits.filter((k: { when: string }) => k.when === `focusedView == 'ser.${view}'`);
    assert.deepEqual(mine.map((k: { key: string; args: { index: number; view: string } }) => [k.key, k.args.index, k.args.view]), Array.from({ length: 9 }, (_, i) => [String(i + 1), i + 1, view]));
  }
  for (const k of c.keybindings) assert.match(k.when, /focusedView == 'ser\.(review|datasets)'/, 'review keys only where the review has focus');
  assert.ok(c.keybindings.some((k: { key: string; command: string }) => k.key === 'j' && k.command === 'ser.nextSuspect'));
  assert.ok(c.keybindings.some((k: { key: string; command: string }) => k.key === 'k' && k.command === 'ser.previousSuspect'));
});

test('activation: the extension\'s views and commands (implicit), every dataset layout, restored panels', () => {
  for (const m of DATASET_MARKERS) assert.ok(pkg.activationEvents.includes(`workspaceContains:${m.glob}`), m.glob);
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  assert.equal(pkg.main, './dist/extension.js');
  assert.deepEqual(c.views.ser.map((v: { id: string }) => v.id), ['ser.datasets', 'ser.review']);
  assert.equal(c.viewsContainers.activitybar[0].id, 'ser');
});

test('trust and virtual workspaces are declared with the settings that matter', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.ok(u.description.length > 40);
  for (const s of u.restrictedConfigurations) assert.ok(c.configuration.properties[s], s);
  assert.ok(u.restrictedConfigurations.includes('ser.training.configFile'));
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
});

test('the walkthrough goes from opening a dataset to reviewing suspects, with its media present', () => {
  const w = c.walkthroughs[0];
  const ids = w.steps.map((s: { id: string }) => s.id);
  assert.ok(ids.indexOf('ser.walkthrough.open') < ids.indexOf('ser.walkthrough.suspects'));
  for (const s of w.steps) {
    assert.ok(existsSync(join(root, s.media.markdown)), s.media.markdown);
    assert.match(s.description, /\(command:ser\.[\w.]+\)/, s.id);
  }
});

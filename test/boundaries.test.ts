// The architecture's boundaries, enforced: a file that crosses one fails this test (a lint rule in test form).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '..');

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(root, dir, f), 'utf8') }));
}

/** Module specifiers of runtime imports (type-only imports are erased and cross nothing at run time). */
function runtimeImports(text: string): string[] {
  const specs: string[] = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    if (m[1]) continue;
    specs.push(m[2] ?? m[3]);
  }
  return specs;
}

function offenders(dir: string, bad: (spec: string, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const { file, text } of sources(dir)) {
    for (const spec of runtimeImports(text)) if (bad(spec, file)) out.push(`${file} imports ${spec}`);
  }
  return out;
}

test('only src/extension imports vscode', () => {
  for (const dir of ['src/engine', 'src/shared', 'src/cli', 'src/worker', 'src/webview']) {
    assert.deepEqual(offenders(dir, (s) => s === 'vscode'), [], dir);
  }
});

test('src/shared has no runtime imports outside itself and no Node modules', () => {
  assert.deepEqual(offenders('src/shared', (s) => !s.startsWith('./')), []);
});

test('the engine touches no DOM, no vscode, prints nothing to the console', () => {
  const found: string[] = [];
  for (const { file, text } of sources('src/engine')) {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const pat of [/\bdocument\./, /\bwindow\./, /\bconsole\.(log|warn|error|info|debug)\(/]) {
      if (pat.test(code)) found.push(`${file}: ${pat}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the engine does not import the host, the CLI, the worker or the webviews', () => {
  const bad = (s: string, file: string) => {
    if (!s.startsWith('.')) return false;
    const target = relative(root, join(root, file, '..', s)).split(sep).join('/');
    return /^src\/(extension|cli|worker|webview)\//.test(target);
  };
  assert.deepEqual(offenders('src/engine', bad), []);
});

test('webviews use neither Node modules nor the engine', () => {
  const bad = (s: string, file: string) => {
    if (s.startsWith('node:') || ['fs', 'path', 'child_process', 'os'].includes(s)) return true;
    if (!s.startsWith('.')) return false;
    const target = relative(root, join(root, file, '..', s)).split(sep).join('/');
    return /^src\/(engine|extension|cli|worker)\//.test(target);
  };
  assert.deepEqual(offenders('src/webview', bad), []);
});

test('the import scanner itself sees runtime imports and skips type-only ones', () => {
  const specs = runtimeImports(`import * as vscode from 'vscode';\nimport type { X } from '../engine/x';\nexport { y } from './y';\nconst z = require('node:fs');`);
  assert.deepEqual(specs, ['vscode', './y', 'node:fs']);
});

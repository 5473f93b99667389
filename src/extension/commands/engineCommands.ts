/** The engine backend: pick one, set up the native engine, and learn which one the engine would use. */
import * as vscode from 'vscode';
import type { Ext } from '../ext';
import { checkTrusted } from '../ui';
import type { BackendChoice } from '../../shared/trainTypes';

const CHOICES: { value: BackendChoice; label: string; detail: string }[] = [
  { value: 'auto', label: 'Automatic', detail: 'the best one present: GPU, then native CPU, then WebAssembly, then plain JavaScript' },
  { value: 'node-gpu', label: 'GPU (tfjs-node-gpu, CUDA)', detail: 'needs an NVIDIA driver, CUDA 12.5+ and the GPU native engine' },
  { value: 'node', label: 'CPU native (tfjs-node)', detail: 'TensorFlow on all cores; needs the native engine (SER: Set Up Native Engine...)' },
  { value: 'wasm', label: 'WebAssembly', detail: 'built in, no setup; several times slower than native' },
  { value: 'cpu', label: 'CPU (JavaScript)', detail: 'built in, deterministic, slowest (tests)' },
];

/** Asks the engine which backend it would train on (loads TensorFlow.js in the jobs process, never in the host). */
export async function checkBackend(ext: Ext): Promise<void> {
  try {
    const b = await ext.jobsEngine.request('backendCheck', { backend: ext.settings().backend }, { timeoutMs: 120_000 });
    ext.setBackend(b);
    ext.log.info(`backend: ${b.summary}`);
  } catch (err) {
    ext.log.warn(`backend check failed: ${(err as Error).message}`);
  }
}

export async function selectBackend(ext: Ext): Promise<void> {
  const current = ext.settings().backend;
  const failures = new Map((ext.backend?.tried ?? []).map((t) => [t.name, t.error] as const));
  type Item = vscode.QuickPickItem & { value?: BackendChoice; setup?: boolean };
  const items: Item[] = CHOICES.map((c) => ({
    label: `${c.value === current ? '$(check) ' : ''}${c.label}`,
    description: ext.backend?.name === c.value ? `in use: ${ext.backend.device}` : failures.has(c.value) ? `not available: ${failures.get(c.value)}` : '',
    detail: c.detail,
    value: c.value,
  }));
  items.push({ label: '$(tools) Set Up Native Engine...', detail: 'build tfjs-node against TensorFlow 2.21 into the editor\'s storage (offline from a pip wheel)', setup: true });
  const pick = await vscode.window.showQuickPick(items, { title: `SER: engine backend${ext.backend ? ` (now ${ext.backend.name}, ${ext.backend.device})` : ''}`, matchOnDetail: true });
  if (!pick) return;
  if (pick.setup) return setupNative(ext);
  if (!pick.value || pick.value === current) return;
  const cfg = vscode.workspace.getConfiguration('ser');
  const target = cfg.inspect('engine.backend')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update('engine.backend', pick.value, target);
}

/** Called when ser.engine.backend changes: the jobs process picks backends once, so it starts afresh. */
export async function backendSettingChanged(ext: Ext): Promise<void> {
  if (ext.jobsEngine.busy === 0) ext.jobsEngine.restart('the backend setting changed');
  ext.setBackend(undefined);
  if (vscode.workspace.isTrusted) await checkBackend(ext);
}

export async function setupNative(ext: Ext): Promise<void> {
  checkTrusted('Setting up the native engine');
  const flavor = await vscode.window.showQuickPick(
    [
      { label: 'CPU', description: 'tfjs-node against TensorFlow 2.21 (Linux x86-64 / arm64, macOS, Windows)', value: 'cpu' as const },
      { label: 'GPU (CUDA)', description: 'tfjs-node-gpu against the CUDA build of TensorFlow 2.21 (Linux, NVIDIA)', value: 'gpu' as const },
    ],
    { title: 'SER: set up which native engine?' },
  );
  if (!flavor) return;
  const result = await ext.jobs.run('setup', `SER: setting up the native engine (${flavor.label})`, (signal, report) =>
    ext.jobsEngine.request(
      'setupNative',
      { flavor: flavor.value, baseDir: ext.nativeDir },
      {
        signal,
        onProgress: (p) => {
          if (p.type === 'step') {
            report(`[${p.index}/${p.total}] ${p.message}${p.status === 'running' ? ' ...' : ''}`, (p.index - (p.status === 'running' ? 1 : 0)) / p.total);
            ext.log.info(`native setup: [${p.index}/${p.total}] ${p.status}: ${p.message}`);
          } else if (p.type === 'warning') ext.log.warn(`native setup: ${p.message}`);
          else ext.log.info(`native setup: ${p.message}`);
        },
      },
    ),
  );
  ext.log.info(`native setup: ${result.reused ? 'already set up' : 'set up'} in ${result.engineDir} (${result.seconds.toFixed(0)} s)`);
  // The picker runs once per process: a fresh jobs process finds the new engine.
  ext.jobsEngine.restart('a native engine was set up');
  await checkBackend(ext);
  void vscode.window.showInformationMessage(`SER: native engine ${result.reused ? 'was already set up' : 'is set up'}${ext.backend ? `; training now runs on ${ext.backend.name} (${ext.backend.device})` : ''}.`);
}

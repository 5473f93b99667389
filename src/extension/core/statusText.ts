/**
 * The status bar item's text and tooltip: the engine backend and its device (GPU / CPU native / WASM / CPU), the
 * current run's UA, and while a job runs, what it is doing. Plain strings, tested without VS Code.
 */
import type { BackendCheck, RunBrief } from '../../shared/protocol';
import type { RunningJob } from './jobRunner';
import { withoutNotUsed } from '../../shared/backendText';

export interface StatusInput {
  backend?: Pick<BackendCheck, 'name' | 'device' | 'summary'> & { tried?: BackendCheck['tried'] };
  /** The backend setting (auto or a named one). */
  choice: string;
  run?: RunBrief;
  job?: RunningJob;
  trusted: boolean;
}

export function statusText(s: StatusInput): { text: string; tooltip: string } {
  const device = s.backend ? `${s.backend.name} · ${s.backend.device}` : s.choice === 'auto' ? 'engine: auto' : `engine: ${s.choice}`;
  const ua = s.run?.metrics ? ` · UA ${s.run.metrics.UA.toFixed(1)}%` : '';
  const icon = s.job ? '$(sync~spin)' : s.backend?.device === 'GPU' ? '$(rocket)' : '$(pulse)';
  const text = s.job ? `${icon} SER: ${s.job.message || s.job.title}` : `${icon} SER: ${device}${ua}${s.trusted ? '' : ' · restricted'}`;
  const lines = [
    // The summary's own "[not used: ...]" tail would repeat the line below, which has the full reasons.
    s.backend ? `Engine backend: ${s.backend.tried?.length ? withoutNotUsed(s.backend.summary) : s.backend.summary}` : `Engine backend: ${s.choice} (known once the engine has run)`,
    ...(s.backend?.tried?.length ? [`Not used: ${s.backend.tried.map((t) => `${t.name} (${t.error})`).join('; ')}`] : []),
    s.run ? `Current run: ${s.run.runDir}${s.run.metrics ? ` — UA ${s.run.metrics.UA.toFixed(2)}%, WA ${s.run.metrics.WA.toFixed(2)}%` : ''} (${s.run.status})` : 'No run open',
    ...(s.job ? [`Running: ${s.job.title} — ${s.job.message}`] : []),
    ...(s.trusted ? [] : ['Restricted Mode: reading and listening only (no training, no label changes)']),
    'Click to select the engine backend',
  ];
  return { text, tooltip: lines.join('\n') };
}

/** True when training would be slow enough that the native engine is worth suggesting. */
export function suggestsNativeSetup(device: string | undefined): boolean {
  return device === 'WASM' || device === 'CPU';
}

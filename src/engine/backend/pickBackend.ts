/**
 * The picker: tries candidates best first, records why each one that failed did, and returns the first that loads,
 * initialises and computes. Loaders are injected, so the order and the fallback are tested with fakes.
 */
import { SerError } from '../errors';
import * as tf from './tfjs';
import type { BackendCandidate, BackendChoice, BackendFailure, BackendInfo, LoadedBackend } from './types';

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

/** A tiny computation on the fresh backend: a backend that registers but cannot run kernels fails here, not later. */
function smokeTest(): void {
  const v = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2])).dataSync());
  if (v[0] !== 1 || v[1] !== 2 || v[2] !== 3 || v[3] !== 4) throw new Error(`computes wrong results (${Array.from(v).join(',')})`);
}

export async function pickBackend(choice: BackendChoice, candidates: readonly BackendCandidate[]): Promise<BackendInfo> {
  const wanted = choice === 'auto' ? candidates : candidates.filter((c) => c.name === choice);
  const tried: BackendFailure[] = [];
  for (const candidate of wanted) {
    let loaded: LoadedBackend | undefined;
    try {
      loaded = await candidate.load();
      // setBackend resolves false (and tfjs warns) when the backend's initialisation throws.
      if (!(await tf.setBackend(loaded.tfBackendName))) throw new Error(`tf.setBackend('${loaded.tfBackendName}') failed to initialise it`);
      await tf.ready();
      const refined = (await loaded.confirm?.()) ?? {};
      smokeTest();
      const info: BackendInfo = {
        name: candidate.name,
        tfBackendName: loaded.tfBackendName,
        device: refined.device ?? loaded.device,
        detail: refined.detail ?? loaded.detail,
        tried,
        summary: '',
      };
      info.summary = describeBackend(info);
      return info;
    } catch (err) {
      tried.push({ name: candidate.name, error: message(err), ...(candidate.from ? { from: candidate.from } : {}) });
      try {
        loaded?.discard?.();
      } catch {
        // Discarding is best effort; the failure already recorded is the one to report.
      }
    }
  }
  const what = choice === 'auto' ? 'no TensorFlow.js backend could be used' : `the ${choice} backend could not be used`;
  const reasons = tried.length ? tried.map((t) => `${t.name}: ${t.error}`).join('; ') : 'no candidates';
  throw new SerError('unsupported', undefined, `${what}: ${reasons}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The gist of a failure for one-line displays: up to its first parenthesis or semicolon, at most 60 characters. */
function shortReason(error: string): string {
  const cut = error.split(/ \(|;/)[0];
  return cut.length > 60 ? `${cut.slice(0, 57)}...` : cut;
}

/** One line for people: what computes, how, and which better backends were skipped and why (shortened). */
export function describeBackend(info: Omit<BackendInfo, 'summary'>): string {
  const d = info.detail;
  const parts: string[] = [];
  if (d.tensorflowVersion) parts.push(`TensorFlow ${d.tensorflowVersion}`);
  parts.push(`${plural(d.threads, 'thread')}${info.device === 'CPU native' || info.device === 'GPU' ? (d.threadsConfigured ? '' : ' (default)') : ''}`);
  if (d.simd !== undefined) parts.push(d.simd ? 'SIMD' : 'no SIMD');
  if (d.backendPackage) parts.push(d.loadedFrom ? `${d.backendPackage} from ${d.loadedFrom}` : d.backendPackage);
  else parts.push(`tfjs ${d.tfjsVersion}`);
  let line = `${info.tfBackendName} (${info.device}): ${parts.join(', ')}`;
  if (info.tried.length) {
    const skipped = info.tried.map((t) => `${t.name}: ${shortReason(t.error)}`);
    line += ` [not used: ${skipped.join('; ')}]`;
  }
  return line;
}

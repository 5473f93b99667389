/** Messages between the host and the training dashboard. */
import type { EvalSummary, TrainEvent, TrainSummary } from '../trainTypes';
import type { ViewError } from './audioSource';
import type { UtteranceBrief } from './viewTypes';
import { asMessage, isText } from './validate';

export interface RunHeader {
  title: string;
  kind: 'train' | 'evaluate';
  runDir: string;
  /** When the run started, ms since the epoch (host clock). */
  startedAt: number;
}

export type RunResult = { kind: 'evaluate'; summary: EvalSummary } | { kind: 'train'; summary: TrainSummary };

/** Host -> dashboard. A freshly loaded dashboard gets 'run', every event so far, then the end if there was one. */
export type ToTrainingView =
  /** Starts (or restarts) the dashboard; `now` is the host's clock when sent, to correct for a webview clock that differs (remote hosts). */
  | { type: 'run'; run: RunHeader; now: number }
  /** Events in the order they happened (batched by the host, about ten batches a second at most). */
  | { type: 'events'; events: TrainEvent[] }
  | { type: 'finished'; result: RunResult; endedAt: number }
  | { type: 'failed'; message: string; cancelled: boolean; endedAt: number }
  /** The utterances of a confusion-matrix cell (answer to 'cell'). */
  | { type: 'cell'; trueLabel: string; predicted: string; utterances: UtteranceBrief[] }
  | { type: 'error'; error: ViewError };

/** Dashboard -> host. */
export type FromTrainingView =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'cell'; trueLabel: string; predicted: string }
  | { type: 'open'; id: string };

export function parseFromTrainingView(raw: unknown): FromTrainingView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return { type: m.type };
    case 'cell':
      return isText(m.trueLabel, 200) && isText(m.predicted, 200) ? { type: 'cell', trueLabel: m.trueLabel, predicted: m.predicted } : undefined;
    case 'open':
      return isText(m.id) ? { type: 'open', id: m.id } : undefined;
    default:
      return undefined;
  }
}

/**
 * How `ser train` and `ser eval` show TrainEvents on stderr: the backend once, feature extraction as a progress
 * line, one line per epoch (or per fold with --quiet), warnings as they come. stdout is kept for results.
 */
import type { TrainEvent } from '../shared/trainTypes';
import { ProgressDisplay, formatSeconds } from './progressDisplay';

export class TrainEventPrinter {
  private features: ProgressDisplay | undefined;

  constructor(
    private readonly err: { write(s: string): unknown; isTTY?: boolean },
    private readonly verbose: boolean,
  ) {}

  show(e: TrainEvent): void {
    switch (e.type) {
      case 'backend':
        this.err.write(`backend: ${e.backend.name} (${e.backend.device}) ${e.backend.detail}\n`);
        for (const t of e.backend.tried ?? []) this.err.write(`  (${t.name} not used: ${t.error})\n`);
        return;
      case 'features':
        this.features ??= new ProgressDisplay(this.err, 'features');
        this.features.update(e.done, e.total, `cached ${e.cached} computed ${e.computed} failed ${e.failed}`);
        if (e.done === e.total) this.features.finish();
        return;
      case 'fold-start':
        this.err.write(`${prefix(e.variant)}fold ${e.fold + 1}/${e.folds} (${e.name}): train ${e.train}, validation ${e.validation}, test ${e.test}\n`);
        return;
      case 'step':
        return;
      case 'epoch':
        if (this.verbose) {
          const v = e.validation ? `  validation UA ${e.validation.UA.toFixed(1)} WA ${e.validation.WA.toFixed(1)}` : '';
          this.err.write(`${prefix(e.variant)}  epoch ${e.epoch}/${e.epochs}  ce ${e.ce.toFixed(4)}  contrastive ${e.contrastive.toFixed(4)}${v}  ${formatSeconds(e.elapsedSeconds)}\n`);
        }
        return;
      case 'fold-done':
        this.err.write(`${prefix(e.variant)}fold ${e.fold + 1} (${e.name}) ${e.resumed ? 'already done' : 'done'}: UA ${e.UA.toFixed(2)} WA ${e.WA.toFixed(2)} macro-F1 ${e.macroF1.toFixed(2)} (best epoch ${e.bestEpoch}, ${formatSeconds(e.seconds)})\n`);
        return;
      case 'log':
        this.err.write(`${e.level === 'warn' ? 'warning: ' : ''}${e.message}\n`);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }
}

const prefix = (variant?: string) => (variant ? `[${variant}] ` : '');

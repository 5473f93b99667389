/**
 * Progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise (CI logs stay short).
 */
export class ProgressDisplay {
  private lastLine = 0;
  private lastWidth = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: { write(s: string): unknown; isTTY?: boolean },
    private readonly label: string,
    private readonly everyMs = 3000,
  ) {}

  update(done: number, total: number, detail = ''): void {
    const now = Date.now();
    const tty = this.out.isTTY === true;
    if (!tty && now - this.lastLine < this.everyMs && done < total) return;
    if (tty && now - this.lastLine < 100 && done < total) return;
    this.lastLine = now;
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 && done < total ? ` eta ${formatSeconds((elapsed * (total - done)) / done)}` : '';
    const line = `${this.label} ${done}/${total} (${pct}%) ${formatSeconds(elapsed)}${eta}${detail ? ` ${detail}` : ''}`;
    if (tty) {
      this.out.write(`\r${line.padEnd(this.lastWidth)}`);
      this.lastWidth = line.length;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the rewritten line so later output starts on its own line. */
  finish(): void {
    if (this.out.isTTY === true && this.lastWidth > 0) this.out.write('\n');
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  // Round once, then split: rounding the seconds part alone could print "15m60s".
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  if (m < 60) return `${m}m${(total - m * 60).toString().padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, '0')}m`;
}

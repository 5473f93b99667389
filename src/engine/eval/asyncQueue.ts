/**
 * Events pushed by callbacks (fold workers, feature extraction) turned into an async iterable for a generator to
 * re-yield while the work that produces them is still running.
 */
export class AsyncQueue<T> {
  private items: T[] = [];
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  /** Yields pushed items as they arrive until `work` settles, then whatever is left. Never throws for `work`. */
  async *drainUntil(work: Promise<unknown>): AsyncGenerator<T> {
    let settled = false;
    const done = work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    for (;;) {
      while (this.items.length > 0) yield this.items.shift()!;
      if (settled) return;
      await Promise.race([done, new Promise<void>((r) => (this.wake = r))]);
      this.wake = undefined;
    }
  }
}

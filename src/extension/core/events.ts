/**
 * A minimal event emitter with VS Code's Event signature, so the extension's services fire events that panels
 * subscribe to as vscode.Event, while staying testable in plain Node (no `vscode` import here).
 */

export interface DisposableLike {
  dispose(): void;
}

/** Same shape as vscode.Event<T>. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]) => DisposableLike;

export class Emitter<T> implements DisposableLike {
  private listeners: ((e: T) => unknown)[] = [];

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.listeners.push(bound);
    const d = { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== bound)) };
    disposables?.push(d);
    return d;
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // One failing listener must not keep the others from hearing the event.
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}

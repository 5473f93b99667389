import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onThemeChange } from './theme';

/**
 * Re-renders a view element when VS Code switches theme, while the element is connected: the colours it reads from
 * the theme variables at render time (category colours) would otherwise stay those of the old theme. A lit
 * controller, so the views do not each repeat the watch/unwatch pair in their connected/disconnected callbacks.
 */
export class ThemeWatch implements ReactiveController {
  private unwatch: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unwatch = onThemeChange(this.host.ownerDocument, () => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }
}

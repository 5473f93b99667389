import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Sends the keydown events of the element's window to `onKey` while the element is connected, so a view's
 * shortcuts work wherever the focus is in its page. A lit controller, so the views do not each repeat the
 * add/remove pair in their connected/disconnected callbacks.
 */
export class WindowKeys implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly onKey: (e: KeyboardEvent) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.ownerDocument.defaultView?.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    this.host.ownerDocument.defaultView?.removeEventListener('keydown', this.onKey);
  }
}

/** Wires a view element to the page: host messages in, `ready` out once it is listening, and a way to take it down. */

/** A view element: takes the host's messages. */
export interface MessageReceiver<To> extends HTMLElement {
  receive(message: To): void;
}

/** What a mount returns: the element, and `dispose` to remove it and its message listener. */
export interface Mounted<El> {
  element: El;
  dispose(): void;
}

/**
 * Appends `element` to `root`, forwards `events`' message events to it and then says `ready` (so nothing the host
 * sends in answer can arrive before the listener is in place).
 */
export function mountElement<To extends { type: string }, El extends MessageReceiver<To>>(
  root: HTMLElement,
  element: El,
  events: Window,
  sayReady: () => void,
): Mounted<El> {
  const onMessage = (e: MessageEvent): void => {
    const m: unknown = e.data;
    if (typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string') element.receive(m as To);
  };
  events.addEventListener('message', onMessage);
  root.append(element);
  sayReady();
  return {
    element,
    dispose: () => {
      events.removeEventListener('message', onMessage);
      element.remove();
    },
  };
}

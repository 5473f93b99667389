import type { FromUtteranceView, ToUtteranceView, UtteranceViewState } from '../../shared/views/utteranceMessages';
import type { HostApi } from '../hostApi';
import { htmlClipPlayer, type ClipPlayer } from '../common/clipPlayer';
import { mountElement, type Mounted } from '../common/mount';
import { UtteranceViewElement } from './utteranceApp';

/** Mounts the utterance view with its dependencies injected (tests pass a fake host and player). */
export function mountUtteranceView(
  root: HTMLElement,
  host: HostApi<FromUtteranceView, UtteranceViewState>,
  events: Window,
  player: ClipPlayer = htmlClipPlayer(root.ownerDocument),
): Mounted<UtteranceViewElement> {
  const el = new UtteranceViewElement();
  el.host = host;
  el.player = player;
  const mounted = mountElement<ToUtteranceView, UtteranceViewElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
  return { element: el, dispose: () => (mounted.dispose(), player.dispose()) };
}

import type { FromMapView, MapViewState, ToMapView } from '../../shared/views/mapMessages';
import type { HostApi } from '../hostApi';
import { htmlClipPlayer, type ClipPlayer } from '../common/clipPlayer';
import { mountElement, type Mounted } from '../common/mount';
import { MapViewElement } from './mapApp';

/** Mounts the embedding map with its dependencies injected. */
export function mountMapView(root: HTMLElement, host: HostApi<FromMapView, MapViewState>, events: Window, player: ClipPlayer = htmlClipPlayer(root.ownerDocument)): Mounted<MapViewElement> {
  const el = new MapViewElement();
  el.host = host;
  el.player = player;
  const mounted = mountElement<ToMapView, MapViewElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
  return { element: el, dispose: () => (mounted.dispose(), player.dispose()) };
}

import type { FromSuspectsView, SuspectsViewState, ToSuspectsView } from '../../shared/views/suspectsMessages';
import type { HostApi } from '../hostApi';
import { mountElement, type Mounted } from '../common/mount';
import { SuspectsViewElement } from './suspectsApp';

/** Mounts the suspects list with its host injected. */
export function mountSuspectsView(root: HTMLElement, host: HostApi<FromSuspectsView, SuspectsViewState>, events: Window): Mounted<SuspectsViewElement> {
  const el = new SuspectsViewElement();
  el.host = host;
  return mountElement<ToSuspectsView, SuspectsViewElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
}

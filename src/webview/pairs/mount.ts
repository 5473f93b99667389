import type { FromPairView, PairViewState, ToPairView } from '../../shared/views/pairMessages';
import type { HostApi } from '../hostApi';
import { mountElement, type Mounted } from '../common/mount';
import { PairReviewElement } from './pairApp';

/** Mounts the pair review with its host injected. */
export function mountPairView(root: HTMLElement, host: HostApi<FromPairView, PairViewState>, events: Window): Mounted<PairReviewElement> {
  const el = new PairReviewElement();
  el.host = host;
  return mountElement<ToPairView, PairReviewElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
}

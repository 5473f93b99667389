import type { FromWavView, ToWavView } from '../../shared/views/wavMessages';
import type { HostApi } from '../hostApi';
import { mountElement, type Mounted } from '../common/mount';
import { WavViewElement, type WavViewState } from './wavApp';

/** Mounts the .wav editor view with its host injected. */
export function mountWavView(root: HTMLElement, host: HostApi<FromWavView, WavViewState>, events: Window): Mounted<WavViewElement> {
  const el = new WavViewElement();
  el.host = host;
  return mountElement<ToWavView, WavViewElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
}

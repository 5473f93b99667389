import type { FromTrainingView, ToTrainingView } from '../../shared/views/trainingMessages';
import type { HostApi } from '../hostApi';
import { mountElement, type Mounted } from '../common/mount';
import { TrainingDashboardElement, type TrainingViewState } from './dashboardApp';

/** Mounts the training dashboard with its host (and, for tests, its clock) injected. */
export function mountTrainingView(root: HTMLElement, host: HostApi<FromTrainingView, TrainingViewState>, events: Window, clock?: () => number): Mounted<TrainingDashboardElement> {
  const el = new TrainingDashboardElement();
  el.host = host;
  if (clock) el.clockNow = clock;
  return mountElement<ToTrainingView, TrainingDashboardElement>(root, el, events, () => host.postMessage({ type: 'ready' }));
}

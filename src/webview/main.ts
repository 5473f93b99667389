/** Webview entry (dist/webview.js): mounts the view named by <body data-view> and wires it to the host. */
import type { FromSummaryView, ScanSummary, ToSummaryView } from '../shared/protocol';
import { vscodeHostApi, type HostApi } from './hostApi';
import { DatasetSummaryElement } from './datasetSummary';

interface SummaryState {
  summary?: ScanSummary;
}

export function mountSummaryView(root: HTMLElement, host: HostApi<FromSummaryView, SummaryState>, events: Window): DatasetSummaryElement {
  const el = new DatasetSummaryElement();
  // Restore what was shown before the panel was hidden, until the host sends a fresh summary.
  el.summary = host.getState()?.summary;
  el.addEventListener('rescan', () => host.postMessage({ type: 'rescan' }));
  el.addEventListener('open-file', (e) => host.postMessage({ type: 'openFile', file: (e as CustomEvent<string>).detail }));
  events.addEventListener('message', (e: MessageEvent<ToSummaryView>) => {
    const m = e.data;
    switch (m?.type) {
      case 'summary':
        el.summary = m.summary;
        el.busy = '';
        host.setState({ summary: m.summary });
        return;
      case 'busy':
        el.busy = m.message;
        return;
      default:
        return; // not ours
    }
  });
  root.append(el);
  host.postMessage({ type: 'ready' });
  return el;
}

if (document.body.dataset.view === 'summary') {
  mountSummaryView(document.body, vscodeHostApi<FromSummaryView, SummaryState>(), window);
}

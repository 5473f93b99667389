/** The dataset summary webview: class balance, speakers, hours and the files that could not be read. */
import * as vscode from 'vscode';
import { parseFromSummaryView, type ScanSummary, type ToSummaryView } from '../shared/protocol';
import { Disposable } from './dispose';
import { webviewHtml } from './webviewHtml';

export class SummaryPanel extends Disposable {
  private static current: SummaryPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private queued: ToSummaryView[] = [];

  static show(extensionUri: vscode.Uri, summary: ScanSummary, rescan: () => void): void {
    const existing = SummaryPanel.current;
    if (existing) {
      existing.rescan = rescan;
      existing.summary = summary;
      existing.panel.reveal();
      existing.post({ type: 'summary', summary });
      return;
    }
    SummaryPanel.current = new SummaryPanel(extensionUri, summary, rescan);
  }

  private constructor(extensionUri: vscode.Uri, private summary: ScanSummary, private rescan: () => void) {
    super();
    this.panel = this.register(
      vscode.window.createWebviewPanel('ser.datasetSummary', 'SER: Dataset', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
        retainContextWhenHidden: false,
      }),
    );
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, 'summary', 'SER: Dataset');
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.register(this.panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.post({ type: 'summary', summary });
  }

  private post(message: ToSummaryView): void {
    if (!this.ready) {
      // The webview drops messages sent before its script runs; keep only the latest summary.
      this.queued = [...this.queued.filter((q) => q.type !== message.type), message];
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const m = parseFromSummaryView(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const q = this.queued;
        this.queued = [];
        q.forEach((x) => void this.panel.webview.postMessage(x));
        return;
      }
      case 'rescan':
        this.rescan();
        return;
      case 'openFile':
        // Only files the summary itself listed: a webview message is not trusted to name arbitrary paths.
        if (!this.summary.errors.some((e) => e.file === m.file)) return;
        void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(m.file));
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  override dispose(): void {
    if (SummaryPanel.current === this) SummaryPanel.current = undefined;
    super.dispose();
  }
}

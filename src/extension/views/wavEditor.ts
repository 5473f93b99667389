import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFromWavView, type FromWavView, type ToWavView } from '../../shared/views/wavMessages';
import { audioBytes } from './audioHandover';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';
import { ViewPanel } from './viewPanel';

export const WAV_EDITOR_VIEW_TYPE = 'ser.wavPreview';

/**
 * Registers the read-only .wav editor (waveform, spectrogram, timeline, zoom, speed). The file goes to the webview
 * as bytes, so the webview needs no access to the file's folder. With `data`, a file that is a dataset utterance
 * shows its label and opens the utterance view.
 */
export function registerWavEditor(context: vscode.ExtensionContext, data?: ViewData): vscode.Disposable {
  return vscode.window.registerCustomEditorProvider(WAV_EDITOR_VIEW_TYPE, new WavEditorProvider(context, data), {
    supportsMultipleEditorsPerDocument: true,
    webviewOptions: { retainContextWhenHidden: false },
  });
}

class WavEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly data: ViewData | undefined,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const uri = document.uri;
    const utteranceId = (): string | undefined => (uri.scheme === 'file' ? this.data?.utteranceForFile?.(uri.fsPath) : undefined);
    const send = async (): Promise<void> => {
      const { bytes, mime } = await audioBytes(uri);
      const id = utteranceId();
      const detail = id ? await this.data?.utteranceDetail(id) : undefined;
      view.postIfReady({
        type: 'file',
        name: path.basename(uri.path),
        source: { kind: 'bytes', bytes, mime },
        ...(id ? { utterance: { id, label: detail?.label ?? null } } : {}),
      });
    };
    const view: ViewPanel<ToWavView, FromWavView> = new ViewPanel(
      this.context,
      { datasetRoot: undefined, log: this.data?.log },
      { viewType: WAV_EDITOR_VIEW_TYPE, bundle: 'wav', parse: parseFromWavView },
      path.basename(uri.path),
      {
        onReady: send,
        onMessage: (m) => {
          switch (m.type) {
            case 'openUtterance': {
              const id = utteranceId();
              if (id && this.data) UtteranceView.show(this.context, this.data, id, vscode.ViewColumn.Beside);
              return;
            }
            default: {
              const never: never = m.type;
              return never;
            }
          }
        },
        error: (error) => ({ type: 'error', error }),
      },
      panel,
    );
    if (this.data) {
      view.own(this.data.onDidChangeLabels((e) => {
        const id = utteranceId();
        if (id && (e.ids.length === 0 || e.ids.includes(id)) && view.isReady) void view.guard('refreshing the label', send);
      }));
    }
    if (uri.scheme === 'file') {
      // A rewritten file (a re-synthesised demo, an edit elsewhere) is shown anew.
      const watcher = view.own(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.basename(uri.path))));
      view.own(watcher.onDidChange(() => view.isReady && void view.guard('reloading the file', send)));
    }
  }
}

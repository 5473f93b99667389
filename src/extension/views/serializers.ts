import * as vscode from 'vscode';
import { EmbeddingMapView } from './embeddingMapView';
import { PairReviewView } from './pairReviewView';
import { SuspectsView } from './suspectsView';
import { TrainingDashboard } from './trainingDashboard';
import { UtteranceView } from './utteranceView';
import type { ViewData } from './viewData';

/**
 * Restores the review panels VS Code kept open across a window reload. The state each webview saved is untrusted
 * and checked by the view's restore (an utterance view without a valid id is closed).
 */
export function registerViewSerializers(context: vscode.ExtensionContext, data: ViewData): vscode.Disposable {
  const serializer = (restore: (panel: vscode.WebviewPanel, state: unknown) => unknown): vscode.WebviewPanelSerializer => ({
    deserializeWebviewPanel: async (panel, state) => {
      restore(panel, state);
    },
  });
  return vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(UtteranceView.viewType, serializer((p, s) => UtteranceView.restore(context, data, p, s))),
    vscode.window.registerWebviewPanelSerializer(EmbeddingMapView.viewType, serializer((p, s) => EmbeddingMapView.restore(context, data, p, s))),
    vscode.window.registerWebviewPanelSerializer(SuspectsView.viewType, serializer((p) => SuspectsView.restore(context, data, p))),
    vscode.window.registerWebviewPanelSerializer(PairReviewView.viewType, serializer((p) => PairReviewView.restore(context, data, p))),
    vscode.window.registerWebviewPanelSerializer(TrainingDashboard.viewType, serializer((p) => TrainingDashboard.restore(context, data, p))),
  );
}

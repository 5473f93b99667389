import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { viewPage } from './views/viewPage';

/**
 * The HTML shell of the dataset summary webview (dist/webview.js): the review views' page (strict CSP with a
 * per-load nonce, only the extension's bundled script, styles from VS Code's theme variables), without a style
 * sheet and without the audio sources it does not need.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  return viewPage({ nonce, cspSource: webview.cspSource, script: script.toString(), view, title, audio: false });
}

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { viewPage } from './viewPage';

/**
 * The HTML shell of a review view: a strict CSP with a per-load nonce, the view's own bundle (dist/views/<view>.js)
 * and the shared theme sheet (media/views.css). Audio is fetched by wavesurfer (connect-src) and played from a
 * blob URL or a webview URI (media-src); styles allow 'unsafe-inline' because lit and wavesurfer style their
 * shadow roots with <style> elements, while scripts only run with the nonce.
 */
export function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'views', `${view}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'views.css'));
  return viewPage({ nonce, cspSource: webview.cspSource, script: script.toString(), style: style.toString(), view, title });
}

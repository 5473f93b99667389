/**
 * The HTML page of every SER Studio webview (the review views and the dataset summary), without vscode, so the
 * webview tests serve exactly what the panels do and the CSP is written in one place.
 */

export interface ViewPageParts {
  /** Per-load nonce: the only script that runs is the one carrying it. */
  nonce: string;
  /** The webview's cspSource (where its resources are served from). */
  cspSource: string;
  /** URL of the view's bundle. */
  script: string;
  /** URL of the style sheet; none: the page links none. */
  style?: string;
  /** Which view the bundle mounts (<body data-view>). */
  view: string;
  title: string;
  /** Extra markup for the test harness (its fake acquireVsCodeApi); the panels pass none. */
  head?: string;
  /**
   * The page loads and plays audio (default true, the review views): wavesurfer fetches it (connect-src) and plays
   * it from a blob URL or a webview URI; the CSP also allows data: media and blob: images. False (the dataset
   * summary) allows none of these.
   */
  audio?: boolean;
}

export function viewPage(p: ViewPageParts): string {
  const audio = p.audio ?? true;
  const csp = [
    "default-src 'none'",
    `img-src ${p.cspSource} data:${audio ? ' blob:' : ''}`,
    `media-src ${p.cspSource} blob:${audio ? ' data:' : ''}`,
    ...(audio ? [`connect-src ${p.cspSource}`] : []),
    `style-src ${p.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${p.nonce}'`,
    `font-src ${p.cspSource}`,
  ].join('; ');
  const head = [
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    ...(p.style === undefined ? [] : [`<link rel="stylesheet" href="${escapeHtml(p.style)}">`]),
    `<title>${escapeHtml(p.title)}</title>`,
    ...(p.head === undefined ? [] : [p.head]),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
${head.join('\n')}
</head>
<body data-view="${escapeHtml(p.view)}">
<script nonce="${p.nonce}" src="${escapeHtml(p.script)}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The HTML page of a review view, without vscode, so the webview tests serve exactly what the panels do. */

/** `head` is extra markup for the test harness (its fake acquireVsCodeApi); the panels pass none. */
export function viewPage(p: { nonce: string; cspSource: string; script: string; style: string; view: string; title: string; head?: string }): string {
  const csp = [
    "default-src 'none'",
    `img-src ${p.cspSource} data: blob:`,
    `media-src ${p.cspSource} blob: data:`,
    `connect-src ${p.cspSource}`,
    `style-src ${p.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${p.nonce}'`,
    `font-src ${p.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(p.style)}">
<title>${escapeHtml(p.title)}</title>
${p.head ?? ''}
</head>
<body data-view="${escapeHtml(p.view)}">
<script nonce="${p.nonce}" src="${escapeHtml(p.script)}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

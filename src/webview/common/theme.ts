/**
 * Colours for canvases (which cannot use CSS variables): VS Code's theme variables resolved to concrete colours,
 * with fallbacks for a page outside VS Code. Categories get stable colours: emotion codes their customary hue
 * from VS Code's chart palette, anything else (speakers, sessions) a generated hue.
 */

/** The page's theme kind, from the class VS Code puts on <body>. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(doc: Document): ThemeKind {
  const c = doc.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

const FALLBACK: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-focusBorder': '#007fd4',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': '#cccccc80',
  '--vscode-editorCursor-foreground': '#aeafad',
  '--vscode-textLink-foreground': '#3794ff',
};

/** The value of CSS variable `name` on `el` (the theme's colour), or a fallback. */
export function cssVar(el: Element, name: string, fallback = FALLBACK[name] ?? '#888888'): string {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

/** Emotion codes and the chart colour they customarily get. */
const EMOTION_VARS: Record<string, string> = {
  ang: '--vscode-charts-red',
  anger: '--vscode-charts-red',
  angry: '--vscode-charts-red',
  hap: '--vscode-charts-yellow',
  happy: '--vscode-charts-yellow',
  happiness: '--vscode-charts-yellow',
  exc: '--vscode-charts-orange',
  neu: '--vscode-charts-foreground',
  neutral: '--vscode-charts-foreground',
  sad: '--vscode-charts-blue',
  sadness: '--vscode-charts-blue',
  fru: '--vscode-charts-purple',
  fea: '--vscode-charts-purple',
  fear: '--vscode-charts-purple',
  sur: '--vscode-charts-green',
  surprise: '--vscode-charts-green',
  dis: '--vscode-charts-green',
  disgust: '--vscode-charts-green',
  correct: '--vscode-charts-green',
  wrong: '--vscode-charts-red',
};
const ORDER = ['--vscode-charts-red', '--vscode-charts-blue', '--vscode-charts-yellow', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-orange'];

/**
 * Colours for `names` in order. Known emotion names take their chart colour; the rest take the chart colours not
 * yet used, then generated hues (golden angle) light enough for the theme.
 */
export function categoryColours(el: Element, names: readonly string[]): string[] {
  const kind = themeKind(el.ownerDocument);
  const used = new Set<string>();
  const out: (string | undefined)[] = names.map((n) => {
    const v = EMOTION_VARS[n.toLowerCase()];
    if (!v || used.has(v)) return undefined;
    used.add(v);
    return cssVar(el, v);
  });
  const free = ORDER.filter((v) => !used.has(v));
  let hue = 0;
  const light = kind === 'light' || kind === 'high-contrast-light';
  return out.map((c) => {
    if (c) return c;
    const v = names.length <= ORDER.length ? free.shift() : undefined;
    if (v) return cssVar(el, v);
    hue = (hue + 137.508) % 360;
    return `hsl(${hue.toFixed(0)} ${light ? '65%' : '70%'} ${light ? '38%' : '62%'})`;
  });
}

const resolved = new Map<string, [number, number, number, number]>();

/** A colour as [r, g, b, a] bytes, whatever CSS form it came in (resolved by a 1x1 canvas, then cached). */
export function rgba(doc: Document, colour: string): [number, number, number, number] {
  const hit = resolved.get(colour);
  if (hit) return hit;
  const c = doc.createElement('canvas');
  c.width = c.height = 1;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = '#000';
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  const out: [number, number, number, number] = [d[0], d[1], d[2], d[3]];
  if (resolved.size > 1000) resolved.clear();
  resolved.set(colour, out);
  return out;
}

/**
 * Calls `changed` when VS Code switches theme (it swaps the body's class and the theme variables on <html>);
 * returns the function that stops watching. Canvases must redraw then: they hold resolved colours.
 */
export function onThemeChange(doc: Document, changed: () => void): () => void {
  const observer = new MutationObserver(() => {
    resolved.clear();
    changed();
  });
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}

/**
 * '/'-joined path helpers for the engine, which cannot assume node:path (it runs behind an injected FileSystem).
 * Windows drive paths pass through: node accepts '/' after "C:\\data".
 */

export function joinPath(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p === '') continue;
    if (out === '' || isAbsolutePath(p)) out = p;
    else out = out.endsWith('/') || out.endsWith('\\') ? out + p : `${out}/${p}`;
  }
  return out;
}

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** The last path component. */
export function baseName(p: string): string {
  const t = trimSlashes(p);
  const i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
  return i < 0 ? t : t.slice(i + 1);
}

/** Everything before the last path component ('' when there is none). */
export function dirName(p: string): string {
  const t = trimSlashes(p);
  const i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
  if (i < 0) return '';
  return i === 0 ? t.slice(0, 1) : t.slice(0, i);
}

/** `p` relative to `root` when it lies under it, else `p` unchanged. */
export function relativeTo(root: string, p: string): string {
  const r = trimSlashes(root);
  if (p.startsWith(`${r}/`) || p.startsWith(`${r}\\`)) return p.slice(r.length + 1);
  return p;
}

/** Resolves `rel` against `dir`, folding "." and ".." segments and accepting '\\' separators. */
export function resolveUnder(dir: string, rel: string): string {
  const joined = isAbsolutePath(rel) ? rel : joinPath(dir, rel);
  const lead = /^([A-Za-z]:[\\/]|\/+|\\\\)/.exec(joined)?.[0] ?? '';
  const out: string[] = [];
  for (const seg of joined.slice(lead.length).split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (lead === '') out.push('..');
    } else out.push(seg);
  }
  return lead.replace(/\/+$/, '/') + out.join('/');
}

function trimSlashes(p: string): string {
  let e = p.length;
  while (e > 1 && (p[e - 1] === '/' || p[e - 1] === '\\')) e--;
  return p.slice(0, e);
}

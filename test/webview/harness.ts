/**
 * The webview test harness: builds the view bundles with esbuild into a temp dir, serves each view's real page
 * (src/extension/views/viewPage.ts, same CSP) on 127.0.0.1 with a fake `acquireVsCodeApi` that records what the
 * view posts and keeps its state, and drives it in headless Chromium through playwright-core. Host messages are
 * injected with `send` (typed arrays travel as tagged values and are revived in the page).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { viewPage } from '../../src/extension/views/viewPage';
import { themeMarkup, type TestTheme } from './vscodeTheme';

// page.evaluate callbacks run in the browser; this file is type-checked without the DOM lib.
declare const window: any, requestAnimationFrame: (cb: (t: number) => void) => number;

export const CHROMIUM = process.env.SER_CHROMIUM ?? '/usr/bin/chromium';
/** False, or why the browser tests are skipped. */
export const skipBrowser: false | string = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: webview browser tests skipped (install Debian's chromium or set SER_CHROMIUM)`;

const root = join(__dirname, '..', '..');
export const resultsDir = join(root, 'test-results', 'webview');

/** Builds every src/webview/entries/*.ts the way esbuild.mjs does, into `outdir`/views. */
export async function buildViews(outdir: string): Promise<void> {
  const entriesDir = join(root, 'src', 'webview', 'entries');
  const entryPoints = readdirSync(entriesDir).filter((f) => f.endsWith('.ts')).map((f) => ({ in: join(entriesDir, f), out: `views/${f.slice(0, -3)}` }));
  await esbuild.build({ entryPoints, outdir, bundle: true, platform: 'browser', target: 'es2022', format: 'iife', logLevel: 'error', sourcemap: 'inline' });
}

/** Runs in the page before the view: the fake VS Code API, CSP violation log, and the message reviver. */
const FAKE_VSCODE = `
// tsx compiles the tests with keepNames: functions nested in page.evaluate callbacks call its __name helper.
window.__name = (f) => f;
window.__posted = [];
window.__csp = [];
window.__state = JSON.parse(document.currentScript.dataset.state || 'null');
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi called twice');
  acquired = true;
  return {
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  };
};
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
const revive = (v) => {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    if ('__typed' in v) {
      const C = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array }[v.__typed];
      if (v.b64 !== undefined) { const s = atob(v.b64); const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return new C(b.buffer); }
      return C.from(v.values);
    }
    const o = {};
    for (const k of Object.keys(v)) o[k] = revive(v[k]);
    return o;
  }
  return v;
};
window.__revive = revive;
// Resolves once the view has taken the message: window.postMessage delivers in a later task, so without this a key
// pressed right after send() could reach the view before the message it depends on. The view's listener was added
// at mount, before this one, so it has run when this one runs; the timeout lets lit's update microtasks settle.
window.__send = (m) => new Promise((resolve) => {
  const taken = () => { window.removeEventListener('message', taken); setTimeout(resolve, 0); };
  window.addEventListener('message', taken);
  window.postMessage(revive(m), '*');
});
`;

/** A typed array as it crosses page.evaluate (revived in the page). */
export function typed(kind: 'u8' | 'u16' | 'u32' | 'f32', a: ArrayLike<number> | Uint8Array): { __typed: string; b64: string } {
  const C = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array }[kind];
  const arr = a instanceof C ? a : C.from(a as ArrayLike<number>);
  return { __typed: kind, b64: Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).toString('base64') };
}

export class ViewHarness {
  private files = new Map<string, { body: Buffer; type: string }>();

  private constructor(
    private readonly dir: string,
    private readonly server: Server,
    readonly origin: string,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<ViewHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'ser-webview-'));
    await buildViews(dir);
    let harness: ViewHarness | undefined;
    const server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const f = harness?.lookup(path);
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      const range = req.headers.range && /^bytes=(\d+)-(\d*)$/.exec(req.headers.range);
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Number(range[2]) : f.body.length - 1;
        res.writeHead(206, { 'Content-Type': f.type, 'Content-Range': `bytes ${start}-${end}/${f.body.length}`, 'Accept-Ranges': 'bytes', 'Content-Length': end - start + 1 });
        res.end(f.body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': f.body.length, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' });
      res.end(f.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    });
    harness = new ViewHarness(dir, server, `http://127.0.0.1:${port}`, browser);
    return harness;
  }

  /** Serves `body` at `path` (e.g. "/data/a.wav"). */
  addFile(path: string, body: Uint8Array | string, type = 'audio/wav'): string {
    this.files.set(path, { body: Buffer.from(body), type });
    return `${this.origin}${path}`;
  }

  /** Opens `view` with the fake host; `state` is what getState returns at start. */
  async open(view: string, options: { theme?: TestTheme; state?: unknown; width?: number; height?: number; deviceScaleFactor?: number } = {}): Promise<ViewPage> {
    const nonce = randomBytes(12).toString('base64');
    const theme = themeMarkup(options.theme ?? 'dark');
    const head = `<style nonce="${nonce}">${theme.style}</style>\n<script nonce="${nonce}" data-state="${escapeAttr(JSON.stringify(options.state ?? null))}">${FAKE_VSCODE}</script>`;
    const page = viewPage({ nonce, cspSource: this.origin, script: `${this.origin}/views/${view}.js`, style: `${this.origin}/media/views.css`, view, title: view, head }).replace('<body ', `<body class="${theme.bodyClass}" `);
    const path = `/page/${view}-${randomBytes(4).toString('hex')}.html`;
    this.addFile(path, page, 'text/html; charset=utf-8');
    const p = await this.browser.newPage({ viewport: { width: options.width ?? 1100, height: options.height ?? 760 }, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await p.goto(`${this.origin}${path}`);
    return new ViewPage(p, errors);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private lookup(path: string): { body: Buffer; type: string } | undefined {
    const f = this.files.get(path);
    if (f) return f;
    if (path.startsWith('/views/') && path.endsWith('.js')) {
      const file = join(this.dir, path);
      if (existsSync(file)) return { body: readFileSync(file), type: 'text/javascript' };
    }
    if (path === '/media/views.css') return { body: readFileSync(join(root, 'media', 'views.css')), type: 'text/css' };
    return undefined;
  }
}

export class ViewPage {
  constructor(
    readonly page: Page,
    /** Uncaught errors and console errors of the page. */
    readonly errors: string[],
  ) {}

  /** Injects a host message (typed arrays as `typed(...)`); resolves once the view has received it. */
  async send(message: unknown): Promise<void> {
    await this.page.evaluate((m) => (window as unknown as { __send(m: unknown): Promise<void> }).__send(m), message as object);
  }

  /** Resolves after the page has drawn `n` more animation frames: what a view schedules with rAF has run by then. */
  async frames(n = 2): Promise<void> {
    await this.page.evaluate((k) => new Promise<void>((resolve) => {
      const step = (left: number): void => void (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
      step(k);
    }), n);
  }

  /** Everything the view posted to the host so far. */
  posted<T = { type: string }>(): Promise<T[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted) as Promise<T[]>;
  }

  /** Waits until the view posted a message matching `match` (fields compared with ===); returns it. */
  async waitForPosted<T = Record<string, unknown>>(match: Record<string, unknown>, timeout = 15000): Promise<T> {
    const handle = await this.page.waitForFunction(
      (want) => (window as unknown as { __posted: Record<string, unknown>[] }).__posted.find((m) => Object.entries(want).every(([k, v]) => JSON.stringify(m[k]) === JSON.stringify(v))),
      match,
      { timeout },
    );
    return (await handle.jsonValue()) as T;
  }

  /** The text of the first element matching `selector`, shadow roots included (innerText stops at them). */
  deepText(selector: string): Promise<string> {
    // A string, not a function: tsx's keepNames would wrap a nested function in a __name helper the page lacks.
    return this.page.evaluate(`(() => {
      const walk = (n) => {
        if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
        let s = '';
        if (n.shadowRoot) s += walk(n.shadowRoot);
        for (const c of n.childNodes) s += walk(c);
        if (['DIV', 'LI', 'TR', 'H1', 'H2'].includes(n.tagName)) s += '\\n';
        return s;
      };
      const root = document.querySelector(${JSON.stringify(selector)});
      return root ? walk(root) : '';
    })()`);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
  }

  state<T>(): Promise<T> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state) as Promise<T>;
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  }

  /** Saves a PNG under test-results/webview/. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${name}.png`);
    writeFileSync(file, await this.page.screenshot({ fullPage: false }));
    return file;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

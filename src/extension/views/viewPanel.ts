import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { AudioSource, ViewError } from '../../shared/views/audioSource';
import { audioSource } from './audioHandover';
import { viewHtml } from './viewHtml';
import type { AudioRef, ViewData } from './viewData';

/** A view's identity: its panel type (for the serializer), its bundle and how its messages are checked. */
export interface ViewSpec<From> {
  /** WebviewPanel viewType, e.g. "ser.utterance". */
  viewType: string;
  /** Bundle name: dist/views/<bundle>.js. */
  bundle: string;
  /** Validates a message from the webview; undefined = rejected. */
  parse(raw: unknown): From | undefined;
}

/** Messages a panel may hold back while its webview loads; later ones with the same key replace earlier ones. */
const MAX_QUEUED = 200;

/**
 * One webview panel and its message plumbing, shared by every review view:
 *  - strict CSP, scripts only, local resources limited to dist/, media/ and the dataset root;
 *  - the webview says `ready` (on first load and again after it was hidden and destroyed); until then posts are
 *    queued, and on every `ready` the owner's `onReady` re-sends the current state, so a reloaded view restores itself;
 *  - every incoming message goes through `spec.parse` and unknown or malformed ones are dropped (and logged);
 *  - a handler that throws or rejects is reported in the view as an error, never left unhandled.
 */
export class ViewPanel<To extends { type: string }, From extends { type: string }> extends Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private queue: { key: string; message: To }[] = [];
  /** The dataset root among this webview's resource roots (fixed when the panel was made; a later dataset's audio goes as bytes). */
  private readonly allowedRoot: string | undefined;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    context: vscode.ExtensionContext,
    private readonly data: Pick<ViewData, 'datasetRoot' | 'log'>,
    private readonly spec: ViewSpec<From>,
    title: string,
    private readonly handlers: {
      /** The webview (re)loaded: post everything it should show. */
      onReady(): void | Promise<void>;
      /** A validated message other than `ready`. */
      onMessage(message: Exclude<From, { type: 'ready' }>): void | Promise<void>;
      /** Turns a failed handler into a message for the view. */
      error(error: ViewError): To;
    },
    /** A panel VS Code restored after a reload (WebviewPanelSerializer); otherwise a new one is created. */
    restored?: vscode.WebviewPanel,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
    /** A new panel opens without taking the focus (e.g. from a tree the user goes on navigating with the keyboard). */
    preserveFocus = false,
  ) {
    super();
    this.allowedRoot = data.datasetRoot;
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
      enableScripts: true,
      enableFindWidget: false,
      retainContextWhenHidden: false,
      localResourceRoots: localRoots(context.extensionUri, data.datasetRoot),
    };
    this.panel = restored ?? vscode.window.createWebviewPanel(spec.viewType, title, { viewColumn: column, preserveFocus }, options);
    if (restored) {
      this.panel.webview.options = options;
      this.panel.title = title;
    }
    this.register(this.disposedEmitter);
    this.panel.webview.html = viewHtml(this.panel.webview, context.extensionUri, spec.bundle, title);
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.register(
      this.panel.onDidChangeViewState(() => {
        // A hidden webview without retainContextWhenHidden is destroyed; it says `ready` again when shown.
        if (!this.panel.visible) this.ready = false;
      }),
    );
    this.register(this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
  }

  /** Ties `d` to this panel's lifetime. */
  own<T extends vscode.Disposable>(d: T): T {
    return this.register(d);
  }

  /** `ref` as this webview can load it: a webview URI under its dataset root, else the bytes. */
  audioSource(ref: AudioRef): Promise<AudioSource> {
    return audioSource(this.panel.webview, this.allowedRoot, ref);
  }

  get webview(): vscode.Webview {
    return this.panel.webview;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /**
   * Sends `message` now, or queues it until the webview is ready. A queued message with the same `key` (default:
   * its type) is replaced, so a burst of updates while loading collapses to the latest.
   */
  post(message: To, key: string = message.type): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.queue = this.queue.filter((q) => q.key !== key);
      this.queue.push({ key, message });
      if (this.queue.length > MAX_QUEUED) this.queue.shift();
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /** Posts only while the webview is ready (answers to its requests; a reloaded view asks again). */
  postIfReady(message: To): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  /** Shows the panel in its column; with `preserveFocus` the focus stays where it is (a tree, an editor). */
  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  setTitle(title: string): void {
    this.panel.title = title;
  }

  /** Runs `work`, showing its failure in the view as `action` failed. */
  async guard(action: string, work: () => unknown): Promise<void> {
    try {
      await work();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.data.log?.warn(`${this.spec.viewType}: ${action} failed: ${message}`);
      this.postIfReady(this.handlers.error({ action, message }));
    }
  }

  private receive(raw: unknown): void {
    const m = this.spec.parse(raw);
    if (!m) {
      this.data.log?.warn(`${this.spec.viewType}: ignored a malformed message from the webview`);
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      void this.guard('loading the view', async () => {
        await this.handlers.onReady();
        for (const q of queued) this.postIfReady(q.message);
      });
      return;
    }
    void this.guard(describe(m.type), () => this.handlers.onMessage(m as Exclude<From, { type: 'ready' }>));
  }

  override dispose(): void {
    if (this.disposed) return;
    this.disposedEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }
}

/** The folders a review webview may load from: the extension's bundles and styles, and the open dataset. */
export function localRoots(extensionUri: vscode.Uri, datasetRoot: string | undefined): vscode.Uri[] {
  const roots = [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
  if (datasetRoot) roots.push(vscode.Uri.file(datasetRoot));
  return roots;
}

function describe(type: string): string {
  return type.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

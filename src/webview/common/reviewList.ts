import { html, nothing, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import type { ViewError } from '../../shared/views/audioSource';
import type { ToReviewList } from '../../shared/views/reviewListMessages';
import { isTyping, isUndo, plain } from './keys';
import { WindowKeys } from './windowKeys';

/** Moving through the list faster than this (ms) loads only where it stops. */
const LOAD_DELAY = 120;

/** What a review list element tells the shared part; the callbacks are where the two lists differ. */
export interface ReviewListOptions<Item> {
  /** The status line until the first list comes ('Loading the …'). */
  busy: string;
  /** id of the list's heading, which names the listbox. */
  headingId: string;
  /** Options get the ids `${optionPrefix}-${index}`, which aria-activedescendant names. */
  optionPrefix: string;
  /** The listed items; undefined until the host sent a list. */
  items(): readonly Item[] | undefined;
  /** The same item across the host's refreshes: keys the verdicts, the loaded item and the kept selection. */
  keyOf(item: Item): string;
  /** The active item changed: keep it in the webview state across hide/show. */
  saveActive(item: Item): void;
  /** The selection left the loaded item: drop or stop what belongs to it before the next one loads. */
  leave(): void;
  /** Ask the host for the item's details and audio; `refresh` when the list came again and answers may be stale. */
  load(item: Item, refresh: boolean): void;
  /** Ctrl+Z. */
  undo(): void;
  /** The element's own shortcuts, tried after undo and j/k once a list is shown; true when `e` was one of them. */
  key(e: KeyboardEvent): boolean;
}

/**
 * The part the review lists (suspects, mislabelled pairs) have in common: the selection in an ARIA listbox, the
 * verdicts given in this session, the host's busy and error status, the debounced load of the item under review
 * and the undo and j/k keys. A lit controller, so each element keeps its own typed messages, exhaustive switch and
 * rendering of an item, and the two lists cannot drift apart in how they move, load and announce.
 */
export class ReviewList<Item> implements ReactiveController {
  private activeAt = 0;
  /** What the reviewer decided per item key in this session (shown in the list until the host's refresh drops it). */
  private reviewed = new Map<string, string>();
  private busyWith: string;
  private failed: ViewError | undefined;
  private loadTimer: ReturnType<typeof setTimeout> | undefined;
  private loadedKey: string | undefined;
  private readonly keys: WindowKeys;

  constructor(
    private readonly host: LitElement,
    private readonly options: ReviewListOptions<Item>,
  ) {
    this.busyWith = options.busy;
    host.addController(this);
    this.keys = new WindowKeys(host, (e) => this.onKey(e));
  }

  hostDisconnected(): void {
    if (this.loadTimer) clearTimeout(this.loadTimer);
  }

  /** Index of the item under review. */
  get active(): number {
    return this.activeAt;
  }

  /** The failed host request to show, if any. */
  get error(): ViewError | undefined {
    return this.failed;
  }

  current(): Item | undefined {
    return this.options.items()?.[this.activeAt];
  }

  /** The verdict given on `item` in this session, if any. */
  verdictOn(item: Item): string | undefined {
    return this.reviewed.get(this.options.keyOf(item));
  }

  /** The host's busy or error message. */
  status(m: Extract<ToReviewList, { type: 'busy' | 'error' }>): void {
    switch (m.type) {
      case 'busy':
        this.busyWith = m.message;
        break;
      case 'error':
        this.failed = m.error;
        this.busyWith = '';
        break;
      default: {
        const never: never = m;
        return never;
      }
    }
    this.host.requestUpdate();
  }

  /**
   * The element took a new list: selects the item keyed `keep` if it is still listed, else stays at the same place
   * (the item under review was decided and left the list), and focuses the listbox.
   */
  listed(keep: string | undefined, refresh: boolean): void {
    const items = this.options.items() ?? [];
    this.busyWith = '';
    this.failed = undefined;
    this.host.requestUpdate();
    const at = keep ? items.findIndex((x) => this.options.keyOf(x) === keep) : -1;
    this.setActive(at >= 0 ? at : Math.min(this.activeAt, Math.max(0, items.length - 1)), refresh);
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('[role="listbox"]')?.focus({ preventScroll: true }));
  }

  /** The key of the item under review, to keep it selected across a new list. */
  activeKey(): string | undefined {
    const cur = this.current();
    return cur === undefined ? undefined : this.options.keyOf(cur);
  }

  /** Selects item `i` (clamped), and loads it once the selection stays there (at once for the first). */
  setActive(i: number, refresh = false): void {
    const n = this.options.items()?.length ?? 0;
    if (n === 0) return;
    this.activeAt = Math.max(0, Math.min(n - 1, i));
    this.host.requestUpdate();
    const item = this.current()!;
    this.options.saveActive(item);
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector(`#${this.options.optionPrefix}-${this.activeAt}`)?.scrollIntoView({ block: 'nearest' }));
    const key = this.options.keyOf(item);
    if (key === this.loadedKey && !refresh) return;
    if (key !== this.loadedKey) this.options.leave();
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(() => {
      this.loadTimer = undefined;
      this.loadedKey = key;
      this.options.load(item, refresh);
    }, this.loadedKey === undefined ? 0 : LOAD_DELAY);
  }

  /** Records `verdict` on the item under review and moves on to the next one without a verdict, if any. */
  markAndAdvance(verdict: string): void {
    const cur = this.current();
    if (cur === undefined) return;
    this.reviewed = new Map(this.reviewed).set(this.options.keyOf(cur), verdict);
    this.host.requestUpdate();
    const items = this.options.items() ?? [];
    for (let j = this.activeAt + 1; j < items.length; j++) {
      if (!this.reviewed.has(this.options.keyOf(items[j]))) {
        this.setActive(j);
        return;
      }
    }
  }

  /** The list's heading, with `summary` (counts) under it once a list came. */
  header(title: string, summary: TemplateResult | undefined): TemplateResult {
    return html`<header>
      <h2 id=${this.options.headingId} style="margin:0">${title}</h2>
      ${summary ? html`<div class="muted">${summary}</div>` : nothing}
    </header>`;
  }

  /**
   * The items as a listbox of options, each labelled and drawn by `option` (given the verdict on it, if any); with no
   * items, a status line: what the host is busy with, else `empty` once a list came.
   */
  listbox(empty: string, option: (item: Item, done: string | undefined) => { label: string; content: TemplateResult }): TemplateResult {
    const items = this.options.items();
    const prefix = this.options.optionPrefix;
    return items && items.length
      ? html`<ul role="listbox" tabindex="0" aria-labelledby=${this.options.headingId} aria-activedescendant=${`${prefix}-${this.activeAt}`}>
          ${items.map((x, i) => {
            const done = this.verdictOn(x);
            const o = option(x, done);
            return html`<li role="option" id=${`${prefix}-${i}`} aria-selected=${i === this.activeAt ? 'true' : 'false'} class=${done ? 'done' : ''}
              aria-label=${o.label} @click=${() => this.setActive(i)}>${o.content}</li>`;
          })}
        </ul>`
      : html`<div class="status" role="status">${this.busyWith || (items ? empty : '')}</div>`;
  }

  private onKey(e: KeyboardEvent): void {
    if (isUndo(e)) {
      e.preventDefault();
      this.options.undo();
      return;
    }
    if (isTyping(e) || !this.options.items()) return;
    let handled = true;
    if (plain(e, 'j') || plain(e, 'ArrowDown')) this.setActive(this.activeAt + 1);
    else if (plain(e, 'k') || plain(e, 'ArrowUp')) this.setActive(this.activeAt - 1);
    else handled = this.options.key(e);
    if (handled) e.preventDefault();
  }
}

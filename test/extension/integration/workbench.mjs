// Driving the VS Code workbench (code-server in Debian's Chromium) with playwright-core: the command palette,
// quick picks, tree views, notifications, webview frames and screenshots. Reusable by the end-to-end suite.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { until } from '../../fixtures/until.mjs';

export const CHROMIUM = process.env.SER_E2E_CHROMIUM || '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Autoplay without a gesture: a play started by a key pressed in a webview still plays in the nested frame.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeout` ms. */
export function waitFor(what, fn, { timeout = 30_000, interval = 250 } = {}) {
  return until(what, fn, timeout, interval);
}

export class Workbench {
  constructor(page, shotsDir) {
    this.page = page;
    this.shotsDir = shotsDir;
    this.shots = [];
    mkdirSync(shotsDir, { recursive: true });
  }

  static async open(browser, url, folder, shotsDir) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    const wb = new Workbench(page, shotsDir);
    // Let the workbench restore and the extension host start.
    await page.waitForSelector('.part.activitybar', { timeout: 60_000 });
    return wb;
  }

  /** A numbered PNG of the window (or of `clip`, CSS pixels) in the screenshots folder. */
  async screenshot(name, { clip } = {}) {
    const file = join(this.shotsDir, `${String(this.shots.length + 1).padStart(2, '0')}-${name}.png`);
    // No hover tooltip over what is shown: the pointer rests on an empty spot of the status bar.
    const bar = await this.page.locator('.part.statusbar').boundingBox().catch(() => null);
    if (bar) {
      await this.page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
      await this.page.waitForTimeout(400); // a tooltip shown a moment ago fades out
    }
    await this.page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    this.shots.push(file);
    return file;
  }

  /**
   * Runs a command from the palette by its full title ("SER: Set Label..."). A webview that is still loading may
   * take the focus back and close the palette; then it is opened again (up to three times).
   */
  async runCommand(title) {
    let last;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.tryCommand(title);
        return;
      } catch (err) {
        last = err;
        if (/is not in the palette/.test(err.message)) throw err;
        await this.page.waitForTimeout(500);
      }
    }
    throw last;
  }

  async tryCommand(title) {
    const page = this.page;
    await this.closeQuickInput();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // Keys pressed while a webview (an iframe) has focus stay in it: click an empty spot of the status bar first.
    await this.focusWorkbench();
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(`>${title}`, { timeout: 3_000 });
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 10_000 });
    // The first row whose label is exactly the title (fuzzy matching may rank others first).
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const label = (await rows.nth(i).locator('.label-name').first().innerText().catch(() => '')).trim();
      if (label === title) {
        await rows.nth(i).click({ timeout: 3_000 });
        // The palette closes (or a command's own quick pick replaces it, with an input not starting with '>').
        await waitFor(`the palette to give way to ${title}`, async () => !(await input.isVisible().catch(() => false)) || !(await input.inputValue().catch(() => '>')).startsWith('>'), { timeout: 10_000 });
        return;
      }
    }
    throw new Error(`command "${title}" is not in the palette (rows: ${(await rows.allInnerTexts()).join(' | ')})`);
  }

  /** Takes the keyboard focus out of any webview, back to the workbench (an empty spot of the status bar). */
  async focusWorkbench() {
    const bar = this.page.locator('.part.statusbar');
    const box = await bar.boundingBox();
    if (box) await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  async quickInputVisible() {
    return this.page.locator('.quick-input-widget').isVisible();
  }

  async closeQuickInput() {
    if (await this.quickInputVisible()) await this.page.keyboard.press('Escape');
  }

  /** The rows of the open quick pick, as text. */
  async quickPickRows() {
    await this.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
    return this.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
  }

  /** Chooses the quick pick row whose label (icons aside) is `label`. */
  async pick(label) {
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const text = (await rows.nth(i).locator('.label-name').first().innerText().catch(() => '')).trim();
      if (text === label) {
        await rows.nth(i).click();
        return;
      }
    }
    throw new Error(`no quick pick row "${label}" (rows: ${(await rows.allInnerTexts()).join(' | ')})`);
  }

  /** Opens a view container from the activity bar by its title ("SER Studio"). */
  async showContainer(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    // Clicking the item of the container already shown would hide the side bar: look at the side bar's title first.
    const shown = await this.page.locator('.part.sidebar .composite.title .title-label', { hasText: title }).first().isVisible().catch(() => false);
    const checked = await item.getAttribute('aria-checked').catch(() => null);
    const expanded = await item.getAttribute('aria-expanded').catch(() => null);
    if (!shown && checked !== 'true' && expanded !== 'true') await item.click();
  }

  /** Drags the side bar's edge so that it is `width` CSS pixels wide (long tree rows stay readable). */
  async setSidebarWidth(width) {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The pane of a view by its title ("Datasets"). */
  pane(title) {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}\\b`, 'i') }) }).first();
  }

  /** Every visible row of a tree view as "label  description" (two spaces between). */
  async treeRows(title) {
    return this.pane(title)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((r) => {
          const name = r.querySelector('.label-name')?.textContent?.trim() ?? '';
          const desc = r.querySelector('.label-description')?.textContent?.trim() ?? '';
          return desc ? `${name}  ${desc}` : name;
        }),
      );
  }

  /** The tree row of `title` whose text contains `text`. */
  treeRow(title, text) {
    return this.pane(title).locator('.monaco-list-row', { hasText: text }).first();
  }

  /** Expands a collapsed tree row (click on its twistie). */
  async expand(title, text) {
    const row = this.treeRow(title, text);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** Messages of the visible notifications. */
  async notifications() {
    return this.page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item').allInnerTexts();
  }

  /** The visible notification toast whose text matches `re`. */
  toast(re) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: re }).first();
  }

  /** Clicks the button `label` ("Cancel", "Show Report", ...) of the toast whose text matches `re`. */
  async clickNotificationButton(re, label) {
    const toast = this.toast(re);
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: label }).first().click();
  }

  /** Closes every editor; an unsaved untitled one (a report) is discarded ("Don't Save"). */
  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
    const shown = () => dontSave.first().waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false);
    for (let i = 0; i < 5 && (await shown()); i++) {
      await dontSave.first().click();
      await this.page.waitForTimeout(300);
    }
  }

  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  async statusBarTexts() {
    return this.page.locator('.statusbar .statusbar-item').allInnerTexts();
  }

  /** Text of every webview frame (the panels' DOM lives in nested iframes). */
  async webviewTexts() {
    const out = [];
    for (const f of this.page.frames()) {
      if (f === this.page.mainFrame()) continue;
      const t = await frameText(f);
      if (t.trim()) out.push(t);
    }
    return out;
  }

  /**
   * The webview frame whose text matches `re` and, when given, holds an element matching `selector` (shadow roots
   * searched too), waiting up to `timeout` ms. Playwright locators on it pierce the panels' shadow roots.
   */
  async webviewFrame(what, re, { selector, timeout = 60_000 } = {}) {
    return waitFor(
      what,
      async () => {
        for (const f of this.page.frames()) {
          if (f === this.page.mainFrame()) continue;
          if (!re.test(await frameText(f))) continue;
          if (!selector || (await f.locator(selector).count().catch(() => 0)) > 0) return f;
        }
        return undefined;
      },
      { timeout },
    );
  }
}

/** A frame's text, shadow roots included ('' when it is gone): the panels are lit components. */
export async function frameText(frame) {
  return frame
    .evaluate(() => {
      const parts = [];
      const walk = (n) => {
        if (n.nodeType === 3) parts.push(n.textContent);
        if (n.shadowRoot) walk(n.shadowRoot);
        for (const c of n.childNodes) if (c.nodeName !== 'SCRIPT' && c.nodeName !== 'STYLE') walk(c);
      };
      if (document.body) walk(document.body);
      return parts.join(' ').replace(/\s+/g, ' ');
    })
    .catch(() => '');
}

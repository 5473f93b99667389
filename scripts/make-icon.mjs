#!/usr/bin/env node
// Rasterises media/icon.svg into media/icon.png (128 x 128, transparent corners), the marketplace icon: vsce accepts
// only PNG icons. Run after editing the SVG and commit both; packaging never regenerates it. Uses Chromium through
// playwright-core (Debian's /usr/bin/chromium, or $CHROMIUM): same browser, same pixels.
//   node scripts/make-icon.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const executablePath = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!executablePath) {
  console.error('make-icon: no Chromium found (install Debian\'s chromium or set $CHROMIUM)');
  process.exit(1);
}
const svg = readFileSync(join(root, 'media', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, args: ['--force-color-profile=srgb', '--disable-lcd-text', '--font-render-hinting=none'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${SIZE}px;height:${SIZE}px" `)}</body></html>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  writeFileSync(join(root, 'media', 'icon.png'), png);
  console.log(`make-icon: media/icon.png (${SIZE} x ${SIZE}, ${png.length} bytes) from media/icon.svg with ${executablePath}`);
} finally {
  await browser.close();
}

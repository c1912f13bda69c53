// Takes the README's picture of the playground: builds the page, trains the 3-class spiral for a while in headless
// Chromium and saves docs/playground.png. Run it with `npx tsx scripts/playground-screenshot.ts` (needs a Chromium).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../test/playground/chromium.js';
import { serveStatic } from '../test/playground/static-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const executablePath = findChromium();
if (!executablePath) {
  console.error('playground-screenshot: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)');
  process.exit(2);
}
const outDir = mkdtempSync(join(tmpdir(), 'strata-playground-'));
const built = spawnSync(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'playground/vite.config.ts',
    '--outDir',
    outDir,
    '--logLevel',
    'error',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (built.status !== 0) process.exit(1);
const { url, server } = await serveStatic(outDir);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1620, height: 900 } });
  await page.goto(`${url}?data=spiral3&noise=0.1&layers=12tanh,10tanh,8tanh&speed=fast&showTest=1`);
  await page.waitForFunction(() => document.querySelector('#backend')?.textContent !== '');
  await page.click('#play');
  await page.waitForFunction(
    () => (window as unknown as { playground: { epoch(): number } }).playground.epoch() >= 300,
    undefined,
    { timeout: 60_000 },
  );
  await page.click('#play');
  await page.waitForTimeout(500);
  const file = join(root, 'docs', 'playground.png');
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1620, height: 900 } });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  server.close();
  rmSync(outDir, { recursive: true, force: true });
}

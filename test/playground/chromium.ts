// Finds a Chromium for the browser tests: $CHROMIUM, /usr/bin/chromium, or chromium on the PATH. Never downloads one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findChromium(): string | null {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return null;
}

/** The launch flags of ../shared/ECOSYSTEM.md (headless, no sandbox in containers, nothing phoning home). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Headless Debian chromium, driven by playwright-core, as the workbench client (the role Electron plays
// for test-electron): without a connected client the server never starts an extension host.
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Offline machine: anything that phones home only adds delays and log noise. --no-sandbox: we run as root.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
];

export async function launchChromium(
  profileDir: string,
  env: NodeJS.ProcessEnv,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  // launch() refuses --user-data-dir; a persistent context gets a fresh profile dir instead.
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
    viewport,
    // The launcher shuts everything down in order on signals.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

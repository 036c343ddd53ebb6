import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Debian chromium the e2e suite drives (installed with `apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when the browser is installed; otherwise the suite skips with a message. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Launches headless chromium without network side traffic. WebGL falls back to SwiftShader by itself;
 * `--enable-unsafe-swiftshader` keeps that fallback allowed in newer versions.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
    ],
  });
}

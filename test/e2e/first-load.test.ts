/**
 * Issue 18: the viewer's first load moves ≤ 0.5 MB. A byte count (what the service sends for a fixed build
 * and the demo data), not a timing, so it is stable on a busy machine. `bench/first-load.ts` prints the
 * same measurement per file.
 */
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from './browser.js';
import { measureFirstLoad } from './first-load.js';
import { startTestServer, type TestServer } from './server.js';

const describeIfChromium = hasChromium() ? describe : describe.skip;

describeIfChromium('viewer first load', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('when a browser opens the map for the first time, then at most 0.5 MB moves, the scripts and style sheets brotli-compressed', async () => {
    const loaded = await measureFirstLoad(browser, server.baseUrl);
    const wire = loaded.reduce((s, r) => s + r.wire, 0);
    expect(loaded.map((r) => r.path)).toEqual(expect.arrayContaining(['/', 'app.js', 'vendor/maplibre-gl.mjs']));
    const big = loaded.filter((r) => r.identity >= 1024 && /\.(m?js|css)$|^\/$/.test(r.path.split('?')[0]));
    expect(big.filter((r) => r.encoding !== 'br').map((r) => r.path)).toEqual([]);
    expect(wire).toBeLessThanOrEqual(500_000);
  });
});

/**
 * What the viewer's first load moves over the wire: opens the map in a fresh Chromium context (which sends
 * `Accept-Encoding: gzip, deflate, br, zstd`) until the buurt layer is drawn and the network is idle, and
 * measures each response the service sent. Used by `bench/first-load.ts` (prints) and
 * `test/e2e/first-load.test.ts` (asserts the ≤ 0.5 MB of issue 18).
 */
import { get } from 'node:http';
import type { Browser } from 'playwright-core';

/** One response of the first load. */
export interface LoadedResponse {
  /** Path relative to the service's base URL. */
  path: string;
  encoding: string;
  /** Bytes on the wire: encoded body plus headers. */
  wire: number;
  /** Encoded body bytes as the service sends them to a browser. */
  encoded: number;
  /** Body bytes without any encoding. */
  identity: number;
}

/** Body bytes of `url` as sent for this `Accept-Encoding` (not decoded). */
function rawBodyBytes(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => {
        n += chunk.length;
      });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

/** Opens the viewer at `baseUrl` once and returns what its first load moved, per response. */
export async function measureFirstLoad(browser: Browser, baseUrl: string): Promise<LoadedResponse[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const responses: Promise<{ url: string; encoding: string; wire: number }>[] = [];
    page.on('requestfinished', (req) => {
      responses.push(
        (async () => {
          const sizes = await req.sizes();
          const res = await req.response();
          return {
            url: req.url(),
            encoding: (await res?.headerValue('content-encoding')) ?? 'identity',
            wire: sizes.responseBodySize + sizes.responseHeadersSize,
          };
        })(),
      );
    });
    await page.goto(baseUrl);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const loaded = (await Promise.all(responses)).filter((r) => r.url.startsWith(baseUrl));
    return Promise.all(
      loaded.map(async (r) => {
        // Chromium reports module-worker scripts without their body, so the body is also fetched here as
        // Chromium asked for it; the wire figure takes the larger of the two.
        const [encoded, identity] = await Promise.all([rawBodyBytes(r.url, 'gzip, deflate, br, zstd'), rawBodyBytes(r.url, 'identity')]);
        return { path: r.url.slice(baseUrl.length) || '/', encoding: r.encoding, wire: Math.max(r.wire, encoded), encoded, identity };
      }),
    );
  } finally {
    await context.close();
  }
}

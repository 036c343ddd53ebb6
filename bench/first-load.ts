/**
 * Viewer first load in bytes: opens the map in headless Chromium (which sends `Accept-Encoding: gzip,
 * deflate, br`) until the buurt layer is drawn, and sums what came over the wire (encoded body and
 * headers, per response) by kind; then the same files fetched without `Accept-Encoding` as the
 * uncompressed baseline. Target: ≤ 0.5 MB. Run: `npx tsx bench/first-load.ts`.
 */
import { get } from 'node:http';
import { hasChromium, launchChromium } from '../test/e2e/browser.js';
import { startTestServer } from '../test/e2e/server.js';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';

parseCliOrExit(
  defineCli({
    name: 'first-load',
    usage: 'npx tsx bench/first-load.ts',
    summary: 'Bytes the viewer moves on its first load in headless Chromium, compressed against uncompressed (target ≤ 0.5 MB).',
  }),
  () => undefined,
);

const TARGET_BYTES = 500_000;
const mb = (n: number): string => `${(n / 1e6).toFixed(3)} MB`;

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

async function main(): Promise<void> {
  if (!hasChromium()) {
    console.log('first load: SKIPPED (/usr/bin/chromium not installed)');
    return;
  }
  const server = await startTestServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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
    await page.goto(server.baseUrl);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const loaded = (await Promise.all(responses)).filter((r) => r.url.startsWith(server.baseUrl));
    let wire = 0;
    let body = 0;
    let plain = 0;
    console.log('first load of the viewer (headless Chromium, 1280×800, demo data)');
    for (const r of loaded) {
      // Chromium reports module-worker scripts without their body, so the body is also fetched here as
      // Chromium asked for it; the total takes the larger of the two.
      const [encoded, identity] = await Promise.all([rawBodyBytes(r.url, 'gzip, deflate, br'), rawBodyBytes(r.url, 'identity')]);
      const bytes = Math.max(r.wire, encoded);
      wire += bytes;
      body += encoded;
      plain += identity;
      console.log(
        `  ${(r.url.slice(server.baseUrl.length) || '/').padEnd(40)} ${r.encoding.padEnd(8)} ${String(bytes).padStart(9)} B  ${String(identity).padStart(9)} B uncompressed`,
      );
    }
    console.log(
      `  ${loaded.length} responses: ${mb(wire)} on the wire with headers (${mb(body)} encoded bodies), ${mb(plain)} uncompressed bodies; ratio ${(body / plain).toFixed(2)}`,
    );
    console.log(`  target ≤ ${mb(TARGET_BYTES)}: ${wire <= TARGET_BYTES ? 'OK' : 'OVER'}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

/**
 * Viewer first load in bytes: opens the map in headless Chromium (which sends `Accept-Encoding: gzip,
 * deflate, br, zstd`) until the buurt layer is drawn, and sums what came over the wire (encoded body and
 * headers, per response) by kind; then the same files fetched without `Accept-Encoding` as the
 * uncompressed baseline. Target: ≤ 0.5 MB (asserted by test/e2e/first-load.test.ts). Run:
 * `npx tsx bench/first-load.ts`.
 */
import { hasChromium, launchChromium } from '../test/e2e/browser.js';
import { measureFirstLoad } from '../test/e2e/first-load.js';
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

async function main(): Promise<void> {
  if (!hasChromium()) {
    console.log('first load: SKIPPED (/usr/bin/chromium not installed)');
    return;
  }
  const server = await startTestServer();
  const browser = await launchChromium();
  try {
    const loaded = await measureFirstLoad(browser, server.baseUrl);
    console.log('first load of the viewer (headless Chromium, 1280×800, demo data)');
    for (const r of loaded) {
      console.log(
        `  ${r.path.padEnd(40)} ${r.encoding.padEnd(8)} ${String(r.wire).padStart(9)} B  ${String(r.identity).padStart(9)} B uncompressed`,
      );
    }
    const sum = (f: (r: (typeof loaded)[number]) => number) => loaded.reduce((s, r) => s + f(r), 0);
    const [wire, body, plain] = [sum((r) => r.wire), sum((r) => r.encoded), sum((r) => r.identity)];
    console.log(
      `  ${loaded.length} responses: ${mb(wire)} on the wire with headers (${mb(body)} encoded bodies), ${mb(plain)} uncompressed bodies; ratio ${(body / plain).toFixed(2)}`,
    );
    console.log(`  target ≤ ${mb(TARGET_BYTES)}: ${wire <= TARGET_BYTES ? 'OK' : 'OVER'}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

/**
 * Viewer benchmark: JS bundle size without MapLibre (gzipped; target < 150 kB) and time from navigation to
 * the first drawn buurt layer on localhost in headless Chromium (target < 2 s).
 * Run: `npx tsx bench/viewer-bundle.ts`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasChromium, launchChromium } from '../test/e2e/browser.js';
import { startTestServer } from '../test/e2e/server.js';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';

parseCliOrExit(
  defineCli({
    name: 'viewer-bundle',
    usage: 'npx tsx bench/viewer-bundle.ts',
    summary: 'Viewer bundle size without MapLibre (gzipped, target < 150 kB) and time to the first drawn buurt layer (target < 2 s).',
  }),
  () => undefined,
);

const BUNDLE_TARGET_KB = 150;
const RENDER_TARGET_MS = 2000;
const RUNS = 5;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

async function gzSize(path: string): Promise<{ raw: number; gz: number }> {
  const buf = await readFile(path);
  return { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    const dist = server.distDir;
    const app = await gzSize(join(dist, 'app.js'));
    const css = await gzSize(join(dist, 'app.css'));
    const maplibre = await gzSize(join(dist, 'vendor', 'maplibre-gl.mjs'));
    const worker = await gzSize(join(dist, 'vendor', 'maplibre-gl-worker.mjs'));
    console.log('viewer bundle (gzip -9)');
    console.log(
      `  app.js (excluding maplibre)   ${kb(app.raw).padStart(10)} raw  ${kb(app.gz).padStart(10)} gz   target < ${BUNDLE_TARGET_KB} kB: ${app.gz / 1024 < BUNDLE_TARGET_KB ? 'OK' : 'OVER'}`,
    );
    console.log(`  app.css                       ${kb(css.raw).padStart(10)} raw  ${kb(css.gz).padStart(10)} gz`);
    console.log(`  vendor/maplibre-gl.mjs        ${kb(maplibre.raw).padStart(10)} raw  ${kb(maplibre.gz).padStart(10)} gz`);
    console.log(`  vendor/maplibre-gl-worker.mjs ${kb(worker.raw).padStart(10)} raw  ${kb(worker.gz).padStart(10)} gz`);

    if (!hasChromium()) {
      console.log('time to first render: SKIPPED (/usr/bin/chromium not installed)');
      return;
    }
    const browser = await launchChromium();
    try {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(server.baseUrl);
        await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
        times.push((await page.evaluate(() => window.__mapFirstRenderMs)) ?? NaN);
        await context.close();
      }
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.log(`time to first render (localhost, ${RUNS} fresh contexts, navigation start → buurt layer drawn)`);
      console.log(`  runs ms: ${times.map((t) => Math.round(t)).join(', ')}`);
      console.log(
        `  first (cold) ${Math.round(times[0])} ms, median ${Math.round(median)} ms   target < ${RENDER_TARGET_MS} ms: ${median < RENDER_TARGET_MS ? 'OK' : 'OVER'}`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

await main();

/**
 * The national overview in real Chromium: on a small synthetic country (several gemeenten, written by
 * `generate-country` and served by the embedded store), zooming out switches the map from buurten to
 * wijken to gemeenten at the zooms of `service/domain/tile-zooms.ts`, and a click on a gemeente or wijk
 * opens its published aggregate, suppressed figures shown as such. No request leaves the test server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateCountry } from '../../seeds/country.js';
import { OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';
import { BUURT_PALETTE, NO_DATA_COLOR } from '../../viewer/src/metrics.js';
import { OUT, describeIfChromium, useHarness } from './harness.js';
import { shareNear } from './pixels.js';

interface Area {
  code: string;
  [key: string]: unknown;
  byPeriod: { count: number | null }[];
  byClass: { count: number | null }[];
}

/** The figures the area card shows, each null when the service withholds it. */
const SHOWN = [
  'dwellings',
  'meanProbability',
  'meanProbabilitySurvey',
  'expectedProblems',
  'riskClass',
  'shareDE',
  'sharePre1945',
  'surveyed',
  'restored',
];
const withheld = (a: Area): number =>
  SHOWN.filter((k) => a[k] === null).length + [...a.byPeriod, ...a.byClass].filter((c) => c.count === null).length;

describeIfChromium('national overview: gemeenten and wijken by zoom', () => {
  const work = mkdtempSync(join(tmpdir(), 'fr-overview-'));
  const hx = useHarness({
    env: async () => {
      // Five gemeenten of two buurten each (GM0479 and GM5001–GM5004), side by side on the national grid.
      await generateCountry({ addresses: 12_000, out: join(work, 'country'), seed: 7, buurtenPerGemeente: 2 });
      return { DATASET_DIR: join(work, 'country') };
    },
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A point inside the first buurt of `gemeente` (a buurt code holds its gemeente's number) (the mean of its outline's corners; the schematic buurten are convex). */
  async function pointIn(gemeente: string): Promise<{ lon: number; lat: number }> {
    const { features } = await hx.getJson<{
      features: { properties: { code: string }; geometry: { coordinates: number[][][] } }[];
    }>('v1/buurten');
    const ring = features.find((f) => `GM${f.properties.code.slice(2, 6)}` === gemeente)!.geometry.coordinates[0].slice(0, -1);
    return { lon: ring.reduce((s, c) => s + c[0], 0) / ring.length, lat: ring.reduce((s, c) => s + c[1], 0) / ring.length };
  }

  /** Opens the map at `zoom` on a point, recording tile requests and refusing every request to another origin. */
  async function openAt(zoom: number, at: { lon: number; lat: number }, layer = '') {
    const { page, errors } = await hx.open('', { waitForMap: false });
    const origin = new URL(hx.baseUrl()).origin;
    const outside: string[] = [];
    const tiles: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      const m = /\/tiles\/(\w+)\/(\d+)\//.exec(r.url());
      if (m) tiles.push(`${m[1]}/${m[2]}`);
    });
    await page.goto('about:blank');
    await page.goto(`${hx.baseUrl()}#/?map=${zoom.toFixed(2)}/${at.lat.toFixed(5)}/${at.lon.toFixed(5)}${layer ? `&layer=${layer}` : ''}`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    return { page, errors, outside, tiles };
  }

  /** Presses a zoom button `times` times, each time waiting until the URL holds the new zoom and the map is idle. */
  async function zoomBy(page: Page, steps: number): Promise<void> {
    for (let i = 0; i < Math.abs(steps); i += 1) {
      const before = await page.evaluate(() => Number(/map=([\d.]+)/.exec(location.hash)?.[1]));
      const target = (before + Math.sign(steps)).toFixed(2);
      await page.click(steps < 0 ? '.maplibregl-ctrl-zoom-out' : '.maplibregl-ctrl-zoom-in');
      await page.waitForFunction((z) => location.hash.includes(`map=${z}/`), target);
    }
    await page.waitForSelector('body[data-map-idle="true"]');
  }

  /**
   * Share of a 80×80 px square at the map's centre painted as an area (a palette step, or the grey of a
   * withheld figure, as drawn over the background).
   */
  async function paletteShareAtCentre(page: Page, name: string): Promise<number> {
    const box = (await page.locator('#map').boundingBox())!;
    const png = await page.screenshot({
      path: `${OUT}/${name}.png`,
      clip: { x: box.x + box.width / 2 - 40, y: box.y + box.height / 2 - 40, width: 80, height: 80 },
    });
    const bg = [0xee, 0xf0, 0xf3];
    const drawn = [...BUURT_PALETTE, NO_DATA_COLOR].map((hex) =>
      [1, 3, 5].map((i, k) => Math.round(0.92 * parseInt(hex.slice(i, i + 2), 16) + 0.08 * bg[k])),
    );
    return shareNear(page, png, drawn as [number, number, number][], 6);
  }

  async function clickCentre(page: Page): Promise<void> {
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  test('when the map is zoomed out from buurten, then wijken and then gemeenten are drawn, and a click opens the gemeente with its suppressed figures marked', async () => {
    const { areas } = await hx.getJson<{ areas: Area[] }>('v1/gemeenten');
    expect(areas.map((a) => a.code)).toEqual(['GM0479', 'GM5001', 'GM5002', 'GM5003', 'GM5004']);
    // A gemeente with withheld figures, so the card's "suppressed" can be checked (small period counts are hidden).
    const gemeente = areas.find((a) => a.code !== 'GM0479' && withheld(a) > 0) ?? areas[1];
    const at = await pointIn(gemeente.code);

    const { page, errors, outside, tiles } = await openAt(OVERVIEW_SWITCH_ZOOM.buurten + 1, at);
    expect(tiles.some((t) => t.startsWith('buurten/'))).toBe(true);

    // Down to a wijk zoom (wijk tiles fetched), then to a gemeente zoom (gemeente tiles fetched, no buurt or wijk tiles).
    await zoomBy(page, OVERVIEW_SWITCH_ZOOM.buurten - 1 - (OVERVIEW_SWITCH_ZOOM.buurten + 1));
    expect(tiles.some((t) => t.startsWith('wijken/'))).toBe(true);
    expect(await paletteShareAtCentre(page, 'overview-wijken-zoomed-out')).toBeGreaterThan(0.05);
    tiles.length = 0;
    await zoomBy(page, OVERVIEW_SWITCH_ZOOM.wijken - 1 - (OVERVIEW_SWITCH_ZOOM.buurten - 1));
    const zoomedOut = Number(await page.evaluate(() => /map=([\d.]+)/.exec(location.hash)?.[1]));
    expect(zoomedOut).toBeLessThan(OVERVIEW_SWITCH_ZOOM.wijken);
    expect(tiles.some((t) => t.startsWith('gemeenten/'))).toBe(true);
    // (wijk tiles of zoom 9 are passed through on the way; none below it, and no buurt tiles at all)
    const zoomOf = (t: string) => Number(t.split('/')[1]);
    expect(tiles.filter((t) => t.startsWith('buurten/') || (t.startsWith('wijken/') && zoomOf(t) < OVERVIEW_SWITCH_ZOOM.wijken))).toEqual(
      [],
    );
    // (at this zoom a gemeente of two buurten is some 10 px across)
    expect(await paletteShareAtCentre(page, 'overview-gemeenten')).toBeGreaterThan(0.02);
    await expect(page.textContent('[data-testid="legend-overview"]')).resolves.toContain(`zoom ${OVERVIEW_SWITCH_ZOOM.wijken}`);

    await clickCentre(page);
    await page.waitForSelector('[data-testid="area-card"][data-level="gemeente"]');
    expect(await page.evaluate(() => location.hash.split('?')[0])).toBe(`#/gemeente/${gemeente.code}`);
    await expect(page.textContent('#area-title')).resolves.toBe(gemeente.code);
    const dwellings = await page.textContent('[data-testid="area-dwellings"]');
    if (gemeente.dwellings === null) expect(dwellings).toBe('onderdrukt');
    else expect(Number(dwellings?.replace(/\./g, ''))).toBe(gemeente.dwellings);
    const suppressedShown = await page.$$eval(
      '[data-testid="area-card"] dd',
      (els) => els.filter((e) => e.textContent?.trim() === 'onderdrukt').length,
    );
    expect(suppressedShown).toBe(withheld(gemeente));
    await page.locator('.map-side').screenshot({ path: `${OUT}/overview-gemeente-card.png` });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });

  test('when a wijk is clicked at a wijk zoom on a count layer, then its aggregate opens, the legend names the mean the areas are coloured by, in English after the switch', async () => {
    const { areas } = await hx.getJson<{ areas: Area[] }>('v1/wijken?gemeente=GM5002');
    expect(areas.length).toBeGreaterThan(0);
    const wijk = areas[0];
    const at = await pointIn('GM5002');
    const { page, errors, outside, tiles } = await openAt(OVERVIEW_SWITCH_ZOOM.wijken, at, 'expectedProblems');
    // a count does not compare across levels: areas show the mean probability, and the legend's rows are its steps
    await expect(page.textContent('.legend-title')).resolves.toBe('Gemiddelde kans op funderingsprobleem');
    await expect(page.textContent('[data-testid="legend-overview"]')).resolves.toContain('gemiddelde kans');
    await expect(page.textContent('[data-testid="buurt-legend"] li:first-child')).resolves.toContain('%');
    expect(tiles.some((t) => t.startsWith('wijken/'))).toBe(true);
    expect(tiles.filter((t) => t.startsWith('buurten/') || t.startsWith('gemeenten/'))).toEqual([]);
    expect(await paletteShareAtCentre(page, 'overview-wijken')).toBeGreaterThan(0.05);
    await clickCentre(page);
    await page.waitForSelector('[data-testid="area-card"][data-level="wijk"]');
    await expect(page.textContent('#area-title')).resolves.toBe(wijk.code);
    await expect(page.textContent('[data-testid="area-card"] .eyebrow')).resolves.toBe('Wijk');
    await page.click('#lang-switch');
    await expect(page.textContent('[data-testid="area-card"] .eyebrow')).resolves.toBe('District');
    await expect(page.textContent('[data-testid="legend-overview"]')).resolves.toContain('municipalities');
    // zoomed in to buurten, the legend is the count layer's again
    await zoomBy(page, OVERVIEW_SWITCH_ZOOM.buurten - OVERVIEW_SWITCH_ZOOM.wijken);
    await expect(page.textContent('.legend-title')).resolves.toBe('Expected dwellings with a foundation problem');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });
});

/**
 * Whole screens in real Chromium: axe-core finds no violations in the main states, the phone layout keeps
 * map and card usable, the offline banner comes and goes, attribution is always there, an optional
 * basemap is drawn, and numbers, years and postcodes are written the Dutch way. Screenshots at
 * 1440 × 900 and 390 × 844 go to `test-output/`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { OUT, SCREENS, describeIfChromium, useHarness } from './harness.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BUURT = 'BU04797110';

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.x A/AA) on the page; returns the violations in a readable form. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the service's CSP (rightly) refuses an injected inline script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describeIfChromium('whole screens', () => {
  const hx = useHarness();

  async function addressId(): Promise<string> {
    const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=1');
    return results[0].id;
  }

  test('when axe-core checks the map, a buurt, an address, the model page, signed out and on a phone, then it reports 0 violations', async () => {
    const id = await addressId();
    const states: [string, string, { size?: { width: number; height: number }; signedIn?: boolean; waitFor: string }][] = [
      ['map-signed-out', '', { signedIn: false, waitFor: '[data-testid="sign-in-invitation"]' }],
      ['buurt', `#/buurt/${BUURT}`, { waitFor: '#buurt-title' }],
      ['address', `#/adres/${id}`, { waitFor: '[data-testid="address-card"]' }],
      ['model', '#/model', { waitFor: '[data-testid="model-card"]' }],
      ['address-english', `#/adres/${id}?lang=en`, { waitFor: '[data-testid="address-card"]' }],
      ['address-phone', `#/adres/${id}`, { size: SCREENS.mobile, waitFor: '[data-testid="address-card"]' }],
    ];
    const found: Record<string, string[]> = {};
    for (const [name, hash, o] of states) {
      const { page } = await hx.open(hash, { size: o.size, signedIn: o.signedIn, waitForMap: hash !== '#/model' });
      await page.waitForSelector(o.waitFor);
      found[name] = await axeViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(states.map(([name]) => [name, []])));
  });

  for (const [name, size] of Object.entries(SCREENS)) {
    test(`when an address is opened on the ${name} screen (${size.width} × ${size.height}), then map and card are both usable and the address is not under the controls`, async () => {
      const id = await addressId();
      const { page } = await hx.open(`#/adres/${id}`, { size });
      await page.waitForSelector('[data-testid="address-card"]');
      await page.waitForFunction(() => document.body.dataset.mapIdle === 'true');
      const layout = await page.evaluate(() => {
        const rect = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
        const map = rect('#map');
        const cx = map.left + map.width / 2;
        const cy = map.top + map.height / 2;
        return {
          header: rect('.topbar').height,
          map: { w: map.width, h: map.height },
          panel: rect('#panel').height,
          atCentre: document.elementFromPoint(cx, cy)?.className ?? '',
        };
      });
      expect(layout.map.h).toBeGreaterThanOrEqual(300);
      expect(layout.panel).toBeGreaterThanOrEqual(250);
      // The map flies the address to its centre: nothing of the page may cover that point.
      expect(layout.atCentre).toContain('maplibregl-canvas');
      if (name === 'mobile') expect(layout.header).toBeLessThanOrEqual(110);
      await page.screenshot({ path: `${OUT}/screen-address-${name}.png` });
      const { page: buurtPage } = await hx.open(`#/buurt/${BUURT}`, { size });
      await buurtPage.waitForSelector('#buurt-title');
      await buurtPage.screenshot({ path: `${OUT}/screen-buurt-${name}.png` });
      const { page: modelPage } = await hx.open('#/model', { size, waitForMap: false });
      await modelPage.waitForSelector('[data-testid="model-card"]');
      await modelPage.screenshot({ path: `${OUT}/screen-model-${name}.png` });
    });
  }

  test('when the server cannot be reached, then a banner says so and the card is marked stale; when it is back, both go', async () => {
    const id = await addressId();
    const { page } = await hx.open(`#/adres/${id}`);
    await page.waitForSelector('[data-testid="address-card"]');
    const serverGone = (url: URL): boolean => /^\/(v1|tiles|healthz)/.test(url.pathname);
    await page.route(serverGone, (route) => route.abort('internetdisconnected'));
    await page.fill('#search-input', 'Zuiddijk');
    await page.waitForSelector('#offline-banner:not([hidden])');
    await expect(page.textContent('#offline-banner')).resolves.toContain('De server is niet bereikbaar');
    await expect(page.isVisible('[data-testid="stale-label"]')).resolves.toBe(true);
    await page.screenshot({ path: `${OUT}/screen-offline.png` });
    await page.unroute(serverGone);
    await page.waitForSelector('#offline-banner', { state: 'hidden', timeout: 15_000 });
    await expect(page.isVisible('[data-testid="stale-label"]')).resolves.toBe(false);
  });

  test('when the map is shown, then the CBS / Kadaster attribution is visible', async () => {
    const { page } = await hx.open('', { size: SCREENS.mobile });
    await expect(page.textContent('.maplibregl-ctrl-attrib')).resolves.toContain('CBS / Kadaster');
    await expect(page.isVisible('.maplibregl-ctrl-attrib')).resolves.toBe(true);
  });

  test('when a raster basemap is configured, then its tiles are requested and its credit shown beside CBS / Kadaster', async () => {
    const { page } = await hx.open('', { waitForMap: false });
    const requested: string[] = [];
    await page.route('http://basemap.test/**', (route) => {
      requested.push(route.request().url());
      // A 1 × 1 grey PNG stands in for the basemap tiles (no network in tests).
      return route.fulfill({
        contentType: 'image/png',
        body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGPo6AAAAX0BBXJfkCsAAAAASUVORK5CYII=', 'base64'),
      });
    });
    const template = encodeURIComponent('http://basemap.test/{z}/{x}/{y}.png');
    await page.goto(`${hx.baseUrl()}?basemap=${template}&basemapAttribution=${encodeURIComponent('Achtergrond: test')}`);
    await page.waitForSelector('body[data-map-ready="true"]');
    await page.waitForFunction(() => document.body.dataset.mapIdle === 'true');
    expect(requested.length).toBeGreaterThan(0);
    const credit = (await page.textContent('.maplibregl-ctrl-attrib')) ?? '';
    expect(credit).toContain('Achtergrond: test');
    expect(credit).toContain('CBS / Kadaster');
  });

  test('when a MapLibre style is configured as basemap, then its layers are drawn under the buurten', async () => {
    const { page } = await hx.open('', { waitForMap: false });
    const requested: string[] = [];
    const style = {
      version: 8,
      sources: { brt: { type: 'raster', tiles: ['http://basemap.test/brt/{z}/{x}/{y}.png'], tileSize: 256 } },
      layers: [
        { id: 'bg', type: 'background', paint: { 'background-color': '#ffffff' } },
        { id: 'brt', type: 'raster', source: 'brt' },
      ],
    };
    await page.route('http://basemap.test/**', (route) => {
      requested.push(route.request().url());
      if (route.request().url().endsWith('style.json')) return route.fulfill({ json: style });
      return route.fulfill({
        contentType: 'image/png',
        body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGPo6AAAAX0BBXJfkCsAAAAASUVORK5CYII=', 'base64'),
      });
    });
    await page.goto(`${hx.baseUrl()}?basemap=${encodeURIComponent('http://basemap.test/style.json')}`);
    await page.waitForSelector('body[data-map-ready="true"]');
    await page.waitForFunction(() => document.body.dataset.mapIdle === 'true');
    await page.waitForTimeout(500);
    expect(requested.some((u) => u.endsWith('style.json'))).toBe(true);
    expect(requested.some((u) => u.includes('/brt/'))).toBe(true);
  });

  test('when an address card is shown in Dutch, then the postcode has its space and years have no thousands separator', async () => {
    const id = await addressId();
    const answer = await hx.getJson<{ address: { postcode: string } }>(`v1/addresses/${id}`);
    const { page } = await hx.open(`#/adres/${id}`, { waitForMap: false });
    await page.waitForSelector('[data-testid="address-card"] table.inputs');
    await expect(page.textContent('[data-testid="address-card"]')).resolves.toContain(
      `${answer.address.postcode.slice(0, 4)} ${answer.address.postcode.slice(4)}`,
    );
    const year = await page.$$eval(
      '[data-testid="address-card"] table.inputs tr',
      (rows) =>
        rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]).find(([k]) => k === 'Bouwjaar')?.[1],
    );
    expect(year).toMatch(/^\d{4}$/);
  });
});

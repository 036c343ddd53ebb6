/**
 * The map screen in real Chromium: colours with one meaning each, the legend agreeing with the buurt panel,
 * keyboard and focus, attribution, the mobile layout and the offline banner.
 */
import { OUT, describeIfChromium, useHarness } from './harness.js';
import { shareNear } from './pixels.js';

const BUURT = 'BU04797110';

/** "rgb(1, 2, 3)" or "#010203" → [1, 2, 3]. */
function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!m) throw new Error(`not a colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

describeIfChromium('map screen', () => {
  const hx = useHarness();

  test('when buurten and an address card are shown, then no buurt colour is a class badge colour, on the legend or on the map', async () => {
    const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=8');
    const { page } = await hx.open('');
    const buurtColours = await page.$$eval('[data-testid="buurt-legend"] .swatch', (els) =>
      els.map((e) => e.getAttribute('data-color') ?? ''),
    );
    const classDots = await page.$$eval('.legend-classes .dot', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    await page.evaluate((id) => (location.hash = `#/adres/${id}`), results[0].id);
    await page.waitForSelector('[data-testid="address-card"]');
    const badges = await page.$$eval('.badge[data-class]:not([data-class=""])', (els) =>
      els.map((e) => getComputedStyle(e).backgroundColor),
    );
    const classColours = [...new Set([...classDots, ...badges].map((c) => rgb(c).join(',')))];
    expect(classColours.length).toBeGreaterThanOrEqual(5);
    for (const c of buurtColours) expect(classColours).not.toContain(rgb(c).join(','));

    // On the map at buurt zoom (no address points), no pixel has a class colour as drawn over the background.
    const { page: fresh } = await hx.open('');
    await fresh.addStyleTag({ content: '.map-side, .notice, .maplibregl-control-container { visibility: hidden !important; }' });
    const png = await fresh.locator('#map').screenshot({ path: `${OUT}/map-buurt-palette.png` });
    const bg = [0xee, 0xf0, 0xf3];
    const drawn = classColours
      .map((c) => c.split(',').map(Number))
      .map((c) => c.map((v, i) => Math.round(0.92 * v + 0.08 * bg[i])) as [number, number, number]);
    expect(await shareNear(fresh, png, drawn, 6)).toBeLessThan(0.002);
  });

  test('when a buurt is selected, then the legend row marked with its name has the colour and range its panel states', async () => {
    const { page } = await hx.open(`#/buurt/${BUURT}`);
    await page.waitForSelector('[data-testid="buurt-map-colour"]');
    await page.waitForSelector('[data-testid="buurt-legend"] li[data-selected="true"]');
    const name = await page.textContent('#buurt-title');
    const row = page.locator('[data-testid="buurt-legend"] li[data-selected="true"]');
    await expect(row.textContent()).resolves.toContain(name ?? '?');
    const legendColour = await row.locator('.swatch').getAttribute('data-color');
    const panelColour = await page.locator('[data-testid="buurt-map-colour"] .swatch').getAttribute('data-color');
    expect(panelColour).toBe(legendColour);
    await expect(page.locator('[data-testid="buurt-map-colour"]').getAttribute('data-step')).resolves.toBe(
      await row.getAttribute('data-step'),
    );
    const range = (await row.textContent())?.split(' ◀')[0] ?? '';
    await expect(page.textContent('[data-testid="buurt-map-colour"]')).resolves.toContain(range);
    await page.locator('.map-side').screenshot({ path: `${OUT}/map-legend-selected.png` });
  });

  test('when ArrowDown is pressed three times on the buurt list, then focus stays on it and the third buurt is open', async () => {
    const { page } = await hx.open('');
    await page.waitForFunction(() => document.querySelectorAll('#buurt-select option').length > 3);
    await page.focus('#buurt-select');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
    const third = await page.$eval('#buurt-select option:nth-child(4)', (o) => (o as HTMLOptionElement).value);
    await page.waitForFunction((code) => location.hash.startsWith(`#/buurt/${code}`), third);
    await page.waitForSelector('#buurt-title');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('buurt-select');
  });

  test('when the map gets keyboard focus, then it has a visible outline', async () => {
    const { page } = await hx.open('');
    await page.focus('#lang-switch');
    // Tab until the map canvas has focus (it follows the header, skip link and controls in tab order).
    for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.classList.contains('maplibregl-canvas'))); i += 1)
      await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { isCanvas: el.classList.contains('maplibregl-canvas'), style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.isCanvas).toBe(true);
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: `${OUT}/map-focus-ring.png` });
  });

  test('when Escape is pressed on the what-if select, then the card stays open; Escape elsewhere in the card closes it', async () => {
    const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=1');
    const { page } = await hx.open(`#/adres/${results[0].id}`);
    await page.waitForSelector('#wi-funderingtype');
    await page.focus('#wi-funderingtype');
    await page.keyboard.press('Escape');
    await expect(page.isVisible('[data-testid="address-card"]')).resolves.toBe(true);
    await page.focus('#address-title');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#panel .intro');
  });

  test('when nonsense is searched, then "Geen adressen gevonden" is visible, and the first Escape keeps the text', async () => {
    const { page } = await hx.open('');
    await page.fill('#search-input', 'xqzwv 999');
    await page.waitForSelector('[data-testid="search-message"]:not([hidden])');
    await expect(page.textContent('[data-testid="search-message"]')).resolves.toBe('Geen adressen gevonden');
    await expect(page.isVisible('[data-testid="search-message"]')).resolves.toBe(true);
    await page.screenshot({ path: `${OUT}/search-no-results.png` });
    await page.fill('#search-input', '1506');
    await page.waitForSelector('#search-listbox li[role="option"]');
    await page.keyboard.press('Escape');
    await expect(page.inputValue('#search-input')).resolves.toBe('1506');
    await expect(page.isHidden('#search-listbox')).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.inputValue('#search-input')).resolves.toBe('');
  });

  test('when "Zuiddyk 12" or another one-letter typo is searched, then the API answers Zuiddijk 12 first and the viewer lists and opens it', async () => {
    type Hit = { id: string; straat: string; huisnummer: number; huisletter: string | null; toevoeging: string | null };
    for (const q of ['Zuiddyk 12', 'zuidijk 12', 'Zuiddjik 12', 'Xuiddijk 12', 'Zuiddiijk 12']) {
      const { results } = await hx.getJson<{ results: Hit[] }>(`v1/addresses?q=${encodeURIComponent(q)}&limit=8`);
      expect({
        q,
        first: results[0] && {
          straat: results[0].straat,
          huisnummer: results[0].huisnummer,
          huisletter: results[0].huisletter,
          toevoeging: results[0].toevoeging,
        },
      }).toEqual({ q, first: { straat: 'Zuiddijk', huisnummer: 12, huisletter: null, toevoeging: null } });
    }
    const { page } = await hx.open('');
    await page.fill('#search-input', 'Zuiddyk 12');
    await page.waitForSelector('#search-listbox li[role="option"]');
    await expect(page.textContent('#search-listbox li[role="option"]:first-child')).resolves.toMatch(/^Zuiddijk 12,/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#address-title');
    await expect(page.textContent('#address-title')).resolves.toBe('Zuiddijk 12');
    await page.screenshot({ path: `${OUT}/search-typo-zuiddyk.png` });
  });

  test('when one address is found, then the count is singular; when the server cannot be reached, then the search says so in Dutch', async () => {
    const { page } = await hx.open('');
    // Played by page.route on purpose: the typo-tolerant search fills its list with near matches, so on the
    // demo data no query (not even an address's whole label) gets exactly one hit from the real service.
    await page.route('**/v1/addresses?q=*', (route) =>
      route.fulfill({
        json: {
          query: 'x',
          results: [{ id: '1', label: 'Zuiddijk 12, 1506 AB Zaandam', postcode: '1506AB', woonplaats: 'Zaandam', lon: 4.83, lat: 52.43 }],
        },
      }),
    );
    await page.fill('#search-input', 'Zuiddijk 12');
    await page.waitForSelector('#search-listbox li[role="option"]');
    await expect(page.textContent('[data-testid="search-message"]')).resolves.toBe('1 adres gevonden; kies met Enter');
    await page.unroute('**/v1/addresses?q=*');
    await page.route('**/v1/addresses?q=*', (route) => route.abort('internetdisconnected'));
    await page.fill('#search-input', 'Zuiddijk 13');
    await page.waitForSelector('[data-testid="search-message"].error');
    const message = (await page.textContent('[data-testid="search-message"]')) ?? '';
    expect(message).toContain('Zoeken mislukt: De server is niet bereikbaar');
    expect(message).not.toMatch(/Failed to fetch/);
  });

  test('when the buurten come on the stock scale with intervals, then the panel labels both scales and the legend drops the relative note', async () => {
    const detail = await hx.getJson<{ expectedProblems: number | null; expectedProblemsInterval: [number, number] | null }>(
      `v1/buurten/${BUURT}`,
    );
    expect(detail.expectedProblems).not.toBeNull();
    const { page } = await hx.open(`#/buurt/${BUURT}`);
    await page.waitForSelector('#buurt-title');
    await page.waitForFunction(() => document.querySelectorAll('#buurt-select option').length > 1);
    const panel = (await page.textContent('#panel')) ?? '';
    expect(panel).toContain('Gemiddelde kans op fundering D/E (hele voorraad)');
    expect(panel).toMatch(/\d+ \(\d+–\d+\)/);
    expect(panel).toContain('Gemiddelde kans dat een onderzoek D/E vindt');
    await expect(page.locator('[data-testid="legend-relative"]').count()).resolves.toBe(0);
  });

  test('when the model serves no stock scale, then the legend says the probability layer is relative quintiles', async () => {
    const { page } = await hx.open('', { waitForMap: false });
    const surveyOnly = (p: Record<string, unknown>): Record<string, unknown> => ({
      ...p,
      meanProbability: null,
      expectedProblems: null,
      expectedProblemsInterval: null,
    });
    await page.route('**/v1/buurten', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.metadata.scale = 'survey-relative';
      body.features = body.features.map((f: { properties: Record<string, unknown> }) => ({ ...f, properties: surveyOnly(f.properties) }));
      await route.fulfill({ response: res, json: body });
    });
    await page.goto('about:blank');
    await page.goto(hx.baseUrl());
    await page.waitForSelector('[data-testid="legend-relative"]');
    await expect(page.textContent('[data-testid="legend-relative"]')).resolves.toContain('Relatieve kwintielen');
  });

  test('when the skip link is used on a buurt page, then focus moves to the panel and the buurt stays open', async () => {
    const { page } = await hx.open(`#/buurt/${BUURT}`);
    await page.waitForSelector('#buurt-title');
    await page.focus('#skip-link');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('panel');
    await expect(page.evaluate(() => location.hash)).resolves.toBe(`#/buurt/${BUURT}`);
    await expect(page.isVisible('#buurt-title')).resolves.toBe(true);
  });
});

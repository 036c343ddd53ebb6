/**
 * End-to-end tests of the viewer in real headless Chromium against the real service on the committed
 * demo dataset and model. Screenshots go to `test-output/`.
 */
import type { Page } from 'playwright-core';
import { OUT, describeIfChromium, useHarness } from './harness.js';
import { countColours } from './pixels.js';

describeIfChromium('viewer in headless chromium', () => {
  const hx = useHarness();

  async function openPage(width = 1280): Promise<{ page: Page; errors: string[] }> {
    return hx.open('', { size: { width, height: 800 } });
  }

  const getJson = <T>(path: string): Promise<T> => hx.getJson<T>(path);

  /** Index (in the "1506" suggestions) of the first address the model scores. */
  async function firstScoredSuggestion(): Promise<number> {
    const { results } = await getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=8');
    for (const [i, r] of results.entries()) {
      const answer = await getJson<{ scored: boolean }>(`v1/addresses/${r.id}`);
      if (answer.scored) return i;
    }
    throw new Error('no scored address among the suggestions for 1506');
  }

  async function chooseAddress(page: Page, index: number): Promise<void> {
    await page.fill('#search-input', '1506');
    await page.waitForSelector('#search-listbox li[role="option"]');
    for (let i = 0; i <= index; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="address-card"] [data-testid="risk-summary"]');
  }

  test('when the page loads, then there are no console errors and the demo-data notice shows', async () => {
    const { page, errors } = await openPage();
    const { metadata } = await getJson<{ metadata?: { synthetic: boolean; schematic: boolean } }>('v1/buurten');
    await page.waitForFunction(() => document.querySelectorAll('#buurt-select option').length > 1);
    await page.screenshot({ path: `${OUT}/viewer-load.png` });
    expect(errors).toEqual([]);
    if (metadata?.synthetic && metadata.schematic)
      await expect(page.textContent('#notice')).resolves.toBe('Synthetische demodata / schematische buurtgrenzen');
    const firstRender = await page.evaluate(() => window.__mapFirstRenderMs ?? null);
    console.log(`e2e: map first rendered after ${Math.round(firstRender ?? -1)} ms`);
  });

  test('when the buurt layer is drawn, then the map shows several colours', async () => {
    const { page } = await openPage();
    await page.addStyleTag({ content: '.map-side, .notice, .maplibregl-control-container { visibility: hidden !important; }' });
    const png = await page.locator('#map').screenshot({ path: `${OUT}/viewer-buurten.png` });
    // Background plus at least three palette steps.
    expect(await countColours(page, png)).toBeGreaterThanOrEqual(4);
  });

  test('when a buurt is chosen from the list, then the panel shows its numbers and charts', async () => {
    const { page } = await openPage();
    await page.waitForFunction(() => document.querySelectorAll('#buurt-select option').length > 1);
    const value = await page.$eval('#buurt-select option:nth-child(2)', (o) => (o as HTMLOptionElement).value);
    await page.selectOption('#buurt-select', value);
    await page.waitForSelector('.buurt-card .bars');
    await page.screenshot({ path: `${OUT}/viewer-buurt-panel.png` });
    expect(await page.locator('.buurt-card figure.chart').count()).toBe(2);
  });

  test('when searching "1506" and choosing a suggestion, then the address card opens with a class', async () => {
    const index = await firstScoredSuggestion();
    const { page, errors } = await openPage();
    await chooseAddress(page, index);
    const cls = await page.getAttribute('[data-testid="risk-summary"]', 'data-class');
    expect(cls).toMatch(/^[A-E]$/);
    await expect(page.textContent('.verdict')).resolves.toMatch(/^95 %-set: \{/);
    await page.screenshot({ path: `${OUT}/viewer-address-card.png` });
    expect(errors).toEqual([]);
    await expect(page.evaluate(() => location.hash)).resolves.toMatch(/^#\/adres\/\w+$/);
  });

  test('when a what-if change is made, then the card shows the new class and probability', async () => {
    const index = await firstScoredSuggestion();
    const { page } = await openPage();
    await chooseAddress(page, index);
    await page.focus('#wi-grondwater_nap_m');
    await page.keyboard.press('Home');
    const outcome = page.locator('[data-testid="what-if-outcome"]');
    await outcome.waitFor({ timeout: 10_000 });
    await expect(outcome.getAttribute('data-class')).resolves.toMatch(/^[A-E]$/);
    await expect(outcome.textContent()).resolves.toMatch(/Na wijziging: klasse [A-E]/);
    await page.locator('.what-if').screenshot({ path: `${OUT}/viewer-what-if.png` });
  });

  test('when an address point is clicked on the map, then the same address card opens', async () => {
    const index = await firstScoredSuggestion();
    const { page } = await openPage();
    await chooseAddress(page, index);
    const title = await page.textContent('#address-title');
    await page.waitForSelector('body[data-map-idle="true"]');
    await page.click('#panel .close');
    await page.waitForSelector('#panel .intro');
    const box = await page.locator('#map').boundingBox();
    if (!box) throw new Error('map not laid out');
    // The map flew to the chosen address, so its point sits in the middle of the map.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Dwellings in one building share a point: then the panel lists them to choose from.
    await page.waitForSelector('[data-testid="address-card"], .address-choices');
    if (await page.isVisible('.address-choices')) await page.click(`.address-choices button:has(.choice-label:text-is("${title}"))`);
    await page.waitForSelector('[data-testid="address-card"]');
    await expect(page.textContent('#address-title')).resolves.toBe(title);
    await page.screenshot({ path: `${OUT}/viewer-address-points.png` });
  });

  test('when the page is opened with an address link, then the card for that address opens', async () => {
    const { results } = await getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=1');
    const { page } = await hx.open(`#/adres/${results[0].id}`, { waitForMap: false });
    await page.waitForSelector('[data-testid="address-card"]');
  });

  test('when the suggestions are used with the keyboard, then arrows highlight and Escape closes', async () => {
    const { page } = await openPage();
    await page.fill('#search-input', '1506');
    await page.waitForSelector('#search-listbox li[role="option"]');
    await expect(page.getAttribute('#search-input', 'aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getAttribute('#search-input', 'aria-activedescendant')).resolves.toBe('search-option-1');
    await expect(page.getAttribute('#search-option-1', 'aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expect(page.getAttribute('#search-input', 'aria-expanded')).resolves.toBe('false');
    await expect(page.isHidden('#search-listbox')).resolves.toBe(true);
  });

  test('when the language switch is pressed, then the interface turns English and back to Dutch', async () => {
    const { page } = await openPage();
    await expect(page.textContent('#app-title')).resolves.toBe('Funderingsrisico Zaanstad');
    await page.click('#lang-switch');
    await expect(page.textContent('#app-title')).resolves.toBe('Foundation risk Zaanstad');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('en');
    await expect(page.textContent('label[for="metric-select"]')).resolves.toBe('Map layer');
    await page.screenshot({ path: `${OUT}/viewer-english.png` });
    await page.click('#lang-switch');
    await expect(page.textContent('#app-title')).resolves.toBe('Funderingsrisico Zaanstad');
  });

  test('when the model page is opened, then it shows the manifest', async () => {
    const { page } = await openPage();
    await page.click('#nav-model');
    await page.waitForSelector('#view-model h2');
    await expect(page.textContent('#view-model')).resolves.toContain('Modelgegevens');
    await page.screenshot({ path: `${OUT}/viewer-model.png`, fullPage: true });
  });

  test('when the window is tablet-sized, then map and panel are both visible', async () => {
    const { page } = await openPage(768);
    const map = await page.locator('#map').boundingBox();
    const panel = await page.locator('#panel').boundingBox();
    expect(map && map.width > 700 && map.height > 300).toBe(true);
    expect(panel && panel.height > 40 && panel.y >= (map?.y ?? 0) + (map?.height ?? 0) - 1).toBe(true);
    await page.screenshot({ path: `${OUT}/viewer-tablet.png` });
  });
});

/**
 * The survey-plan view in real Chromium: a planner signs in, draws a plan for one wijk with the budget
 * slider, sees it on the map with the expected-found curves, and exports it as CSV for Dutch Excel.
 */
import { readFileSync } from 'node:fs';
import { OUT, describeIfChromium, useHarness } from './harness.js';

describeIfChromium('survey plan view', () => {
  const hx = useHarness();

  test('when a planner draws a plan for one wijk with the budget slider and exports it, then the CSV lists that many buildings of that wijk', async () => {
    const planner = await hx.makeKey('e2e-plan-planner', 'planner');
    const { page, errors } = await hx.open('#/plan', { key: planner.key });
    await page.waitForSelector('[data-testid="plan-area"] option[value^="WK"]', { state: 'attached', timeout: 20_000 });
    const wijk = await page.$eval('[data-testid="plan-area"] option[value^="WK"]', (o) => (o as HTMLOptionElement).value);
    await page.selectOption('[data-testid="plan-area"]', wijk);
    await page.waitForSelector('[data-testid="plan-result"]', { timeout: 20_000 });
    // The slider: set by keyboard (End → max, then Home → min, then steps up), each change re-plans.
    const slider = page.locator('[data-testid="plan-budget"]');
    await slider.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
    await slider.dispatchEvent('change');
    await page.waitForSelector('[data-testid="plan-result"][data-surveys="50"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="plan-curve"] polyline').count()).toBe(5);
    expect(await page.textContent('[data-testid="plan-expected"]')).toMatch(/Verwacht gevonden problemen: [\d,.]+ \(95 %-interval/);
    // The plan is on the map.
    await page.waitForFunction(() => document.body.dataset.mapIdle === 'true', undefined, { timeout: 20_000 });
    await page.screenshot({ path: `${OUT}/plan-wijk.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="plan-csv"]')]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(';')).toEqual(['volgorde', 'pand_id', 'adres_id', 'buurt_code', 'risicoklasse', 'set_95', 'reden', 'lon', 'lat']);
    expect(lines).toHaveLength(51);
    const buurten = await hx.getJson<{ features: { properties: { code: string; wijkCode: string } }[] }>('v1/buurten');
    const inWijk = new Set(buurten.features.filter((f) => f.properties.wijkCode === wijk).map((f) => f.properties.code));
    for (const line of lines.slice(1)) expect(inWijk.has(line.split(';')[3])).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);

  test("when a buurt is opened, then its panel says why it is high: factors against the municipality and its inputs beside the municipality's", async () => {
    const fc = await hx.getJson<{ features: { properties: { code: string; meanProbability: number | null } }[] }>('v1/buurten');
    const high = [...fc.features].sort((a, b) => (b.properties.meanProbability ?? -1) - (a.properties.meanProbability ?? -1))[0].properties
      .code;
    const { page, errors } = await hx.open(`#/buurt/${high}`, { signedIn: false });
    // The first factor request computes TreeSHAP over the whole stock (in this in-process server, under jest, slowly).
    await page.waitForSelector('[data-testid="buurt-why"][aria-busy="false"]', { state: 'attached', timeout: 100_000 });
    expect(await page.locator('[data-testid="buurt-why"] .div-row').count()).toBeGreaterThan(3);
    expect(await page.textContent('[data-testid="buurt-why"] table')).toContain('Aandeel gebouwd vóór 1945');
    await page.locator('[data-testid="buurt-why"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/buurt-why.png` });
    expect(errors).toEqual([]);
  }, 150_000);

  test('when signed out, then the plan view asks for a planner sign-in', async () => {
    const { page } = await hx.open('#/plan', { signedIn: false, waitForMap: false });
    await page.waitForSelector('.plan-card');
    expect(await page.textContent('.plan-card')).toContain('Log in als planner');
  });
});

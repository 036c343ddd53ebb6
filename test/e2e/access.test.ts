/**
 * Signing in, in real Chromium. The key comes from a sign-in link (`#key=KEY`), leaves the URL at once,
 * stays in this tab only and goes with every API call and address tile. Where this branch's server does
 * not check keys yet, the access answers (401/403) are played by `page.route` with the contract's
 * problem+json bodies; everything else runs against the real service.
 */
import type { Page, Route } from 'playwright-core';
import { E2E_API_KEY, OUT, describeIfChromium, useHarness } from './harness.js';

const problem = (status: number, code: string, title: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: `about:blank#${code}`, title, status, code, detail: title }),
});

describeIfChromium('signing in', () => {
  const hx = useHarness();

  async function addressId(): Promise<string> {
    const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=1');
    return results[0].id;
  }

  /** Collects the Authorization header of every API and address-tile request. */
  function recordAuth(page: Page): Map<string, string | undefined> {
    const seen = new Map<string, string | undefined>();
    page.on('request', (r) => {
      const url = r.url();
      if (/\/(v1|tiles\/addresses)\//.test(url)) seen.set(url, r.headers().authorization);
    });
    return seen;
  }

  test('when a sign-in link is opened, then the key leaves the URL at once, stays in this tab and goes with API calls and address tiles', async () => {
    const id = await addressId();
    const { page } = await hx.open('', { signedIn: false, waitForMap: false });
    const seen = recordAuth(page);
    await page.goto(`${hx.baseUrl()}#key=${encodeURIComponent(E2E_API_KEY)}`);
    await page.waitForSelector('[data-testid="account"] .account-name');
    expect(await page.evaluate(() => location.href)).not.toContain('key=');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.toContain(E2E_API_KEY);
    await expect(page.evaluate(() => Object.values(localStorage))).resolves.not.toContain(E2E_API_KEY);
    await page.evaluate((addr) => (location.hash = `#/adres/${addr}`), id);
    await page.waitForSelector('[data-testid="address-card"]');
    await page.waitForFunction(() => document.body.dataset.mapIdle === 'true');
    await page.waitForTimeout(300);
    const apiCalls = [...seen.entries()].filter(([u]) => u.includes('/v1/'));
    const tiles = [...seen.entries()].filter(([u]) => u.includes('/tiles/addresses/'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(tiles.length).toBeGreaterThan(0);
    for (const [, auth] of [...apiCalls, ...tiles]) expect(auth).toBe(`Bearer ${E2E_API_KEY}`);
  });

  test('when signed out, then the buurt map works and the panel says what signing in gives, with a key field', async () => {
    const { page } = await hx.open('', { signedIn: false });
    await page.waitForSelector('[data-testid="sign-in-invitation"] input[type="password"]');
    await expect(page.textContent('[data-testid="sign-in-invitation"]')).resolves.toContain('Met een sleutel ziet u per adres');
    await page.evaluate(() => (location.hash = '#/buurt/BU04797110'));
    await page.waitForSelector('#buurt-title');
    await page.screenshot({ path: `${OUT}/access-signed-out.png` });
  });

  test('when an address needs a key and one is entered, then the card loads with it', async () => {
    const id = await addressId();
    const { page } = await hx.open('', { signedIn: false });
    await page.route('**/v1/addresses/**', (route: Route) =>
      route.request().headers().authorization ? route.continue() : route.fulfill(problem(401, 'AUTHENTICATION_REQUIRED', 'Authentication required')),
    );
    await page.evaluate((addr) => (location.hash = `#/adres/${addr}`), id);
    await page.waitForSelector('#panel .error[data-code="AUTHENTICATION_REQUIRED"]');
    await expect(page.textContent('#panel .error')).resolves.toBe('Voor adresgegevens moet u inloggen met een sleutel.');
    await page.fill('#panel [data-testid="sign-in-form"] input', E2E_API_KEY);
    await page.press('#panel [data-testid="sign-in-form"] input', 'Enter');
    await page.waitForSelector('[data-testid="address-card"]');
  });

  test('when the key has expired or the role may not, then the panel says so in words', async () => {
    const id = await addressId();
    const { page } = await hx.open('');
    let answer = problem(401, 'INVALID_KEY', 'Invalid key');
    await page.route('**/v1/addresses/**', (route: Route) => route.fulfill(answer));
    await page.evaluate((addr) => (location.hash = `#/adres/${addr}`), id);
    await page.waitForSelector('#panel .error[data-code="INVALID_KEY"]');
    await expect(page.textContent('#panel .error')).resolves.toContain('verlopen of ingetrokken');
    await page.screenshot({ path: `${OUT}/access-invalid-key.png` });
    answer = problem(403, 'FORBIDDEN', 'Forbidden');
    await page.goBack();
    await page.goForward();
    await page.waitForSelector('#panel .error[data-code="FORBIDDEN"]');
    await expect(page.textContent('#panel .error')).resolves.toMatch(/Uw rol \(.+\) geeft geen toegang/);
  });

  test('when /v1/me says the key is invalid, then the tab signs out and the invitation says the key expired or was revoked', async () => {
    const { page } = await hx.open('', { waitForMap: false });
    await page.route('**/v1/me', (route) => route.fulfill(problem(401, 'INVALID_KEY', 'Invalid key')));
    await page.reload();
    await page.waitForSelector('[data-testid="sign-in-invitation"] .error');
    await expect(page.textContent('[data-testid="sign-in-invitation"] .error')).resolves.toContain('verlopen of ingetrokken');
    await expect(page.textContent('[data-testid="account"]')).resolves.toBe('Inloggen');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.not.toContain(E2E_API_KEY);
  });

  test('when /v1/me names the user, then the header shows name and role, and signing out forgets the key', async () => {
    const { page } = await hx.open('', { waitForMap: false });
    await page.route('**/v1/me', (route) => route.fulfill({ json: { name: 'Demo inspecteur', role: 'inspector' } }));
    await page.reload();
    await page.waitForSelector('[data-testid="account"] .account-name');
    await expect(page.textContent('[data-testid="account"] .account-name')).resolves.toBe('Ingelogd als Demo inspecteur (inspector)');
    await page.click('[data-testid="account"] button');
    await page.waitForSelector('[data-testid="sign-in-invitation"]');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.not.toContain(E2E_API_KEY);
  });
});

/**
 * Signing in, in real Chromium. The key comes from a sign-in link (`#key=KEY`), leaves the URL at once,
 * stays in this tab only and goes with every API call and address tile. Every access answer (401 without
 * a key or with a revoked one, 403 for a role that may not, `/v1/me`) comes from the real service: the
 * test server makes and revokes keys for these tests.
 */
import type { Page } from 'playwright-core';
import { E2E_API_KEY, OUT, describeIfChromium, useHarness } from './harness.js';

/** Long enough for the server to re-read its key list after a revocation (KEY_REFRESH_MS is 100 ms there). */
const REVOCATION_COUNTS_MS = 300;

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
    await page.evaluate((addr) => (location.hash = `#/adres/${addr}`), id);
    await page.waitForSelector('#panel .error[data-code="AUTHENTICATION_REQUIRED"]');
    await expect(page.textContent('#panel .error')).resolves.toBe('Voor adresgegevens moet u inloggen met een sleutel.');
    await page.fill('#panel [data-testid="sign-in-form"] input', E2E_API_KEY);
    await page.press('#panel [data-testid="sign-in-form"] input', 'Enter');
    await page.waitForSelector('[data-testid="address-card"]');
  });

  test('when the key is revoked while in use, then the next address says so in words', async () => {
    const [first, second] = (await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=2')).results.map((r) => r.id);
    const made = await hx.makeKey('e2e-revoked', 'inspector');
    const { page } = await hx.open(`#/adres/${first}`, { key: made.key, waitForMap: false });
    await page.waitForSelector('[data-testid="address-card"]');
    await hx.revokeKey(made.id);
    await page.waitForTimeout(REVOCATION_COUNTS_MS);
    await page.evaluate((addr) => (location.hash = `#/adres/${addr}`), second);
    await page.waitForSelector('#panel .error[data-code="INVALID_KEY"]');
    await expect(page.textContent('#panel .error')).resolves.toContain('verlopen of ingetrokken');
    await page.screenshot({ path: `${OUT}/access-invalid-key.png` });
  });

  test('when a planner opens an address, then the panel says the role gives no access, in words', async () => {
    const id = await addressId();
    const planner = await hx.makeKey('e2e-planner', 'planner');
    const { page } = await hx.open(`#/adres/${id}`, { key: planner.key, waitForMap: false });
    await page.waitForSelector('#panel .error[data-code="FORBIDDEN"]');
    // The role comes from /v1/me, which may answer after the 403: the message is said again then.
    await page.waitForFunction(
      () => /Uw rol \(planner\) geeft geen toegang/.test(document.querySelector('#panel .error')?.textContent ?? ''),
      undefined,
      { timeout: 5_000 },
    );
  });

  test('when /v1/me says the key is invalid, then the tab signs out and the invitation says the key expired or was revoked', async () => {
    const made = await hx.makeKey('e2e-revoked-me', 'inspector');
    const { page } = await hx.open('', { key: made.key, waitForMap: false });
    await page.waitForSelector('[data-testid="account"] .account-name');
    await hx.revokeKey(made.id);
    await page.waitForTimeout(REVOCATION_COUNTS_MS);
    await page.reload();
    await page.waitForSelector('[data-testid="sign-in-invitation"] .error');
    await expect(page.textContent('[data-testid="sign-in-invitation"] .error')).resolves.toContain('verlopen of ingetrokken');
    await expect(page.textContent('[data-testid="account"]')).resolves.toBe('Inloggen');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.not.toContain(made.key);
  });

  test('when /v1/me names the user, then the header shows name and role, and signing out forgets the key', async () => {
    const made = await hx.makeKey('Demo inspecteur', 'inspector');
    const { page } = await hx.open('', { key: made.key, waitForMap: false });
    await page.waitForSelector('[data-testid="account"] .account-name');
    await expect(page.textContent('[data-testid="account"] .account-name')).resolves.toBe('Ingelogd als Demo inspecteur (inspector)');
    await page.click('[data-testid="account"] button');
    await page.waitForSelector('[data-testid="sign-in-invitation"]');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.not.toContain(made.key);
  });
});

/**
 * Shared set-up for the e2e files: one real service with a freshly built viewer and one headless Chromium
 * per file, a fresh browser context per test, page errors collected, screenshots in `test-output/`.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

/** Folder for screenshots and PDFs (git-ignored). */
export const OUT = 'test-output';

/**
 * The inspector key the e2e tests sign in with: made by the test server for itself (set once the server
 * runs, in `useHarness`'s beforeAll; ES module bindings are live, so importers see it).
 */
export let E2E_API_KEY = '';

/** The two screen sizes every screenshot is taken at. */
export const SCREENS = { desktop: { width: 1440, height: 900 }, mobile: { width: 390, height: 844 } } as const;

const available = hasChromium();
if (!available) console.warn('e2e viewer tests SKIPPED: /usr/bin/chromium is not installed (apt-get install -y chromium)');

/** `describe`, or `describe.skip` (with the warning above) when Chromium is missing. */
export const describeIfChromium = available ? describe : describe.skip;

/** An opened page with the errors it raised. */
export interface OpenedPage {
  page: Page;
  errors: string[];
}

/** Handles for one e2e file; call inside a `describe`. */
export interface Harness {
  baseUrl: () => string;
  /** Opens `hash` in a fresh context (a "fresh tab"); waits for the map unless `waitForMap` is false. */
  /** `key` signs in with another key than {@link E2E_API_KEY}. */
  open: (
    hash?: string,
    options?: { size?: { width: number; height: number }; waitForMap?: boolean; signedIn?: boolean; key?: string },
  ) => Promise<OpenedPage>;
  getJson: <T>(path: string, init?: RequestInit) => Promise<T>;
  /** The test server's own key handling (see {@link TestServer}). */
  makeKey: TestServer['makeKey'];
  revokeKey: TestServer['revokeKey'];
}

/**
 * Registers beforeAll/afterAll/afterEach for a server, a browser and per-test contexts. `env` (run in
 * beforeAll) gives the server settings of its own, e.g. another dataset folder it has just written.
 */
export function useHarness(options: { env?: () => Promise<Record<string, string>> } = {}): Harness {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const env = (await options.env?.()) ?? {};
    [server, browser] = await Promise.all([startTestServer(env), launchChromium()]);
    E2E_API_KEY = server.apiKey;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  return {
    baseUrl: () => server.baseUrl,
    open: async (hash = '', options = {}) => {
      const context = await browser.newContext({ viewport: options.size ?? SCREENS.desktop });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      if (options.signedIn !== false) {
        await page.goto(`${server.baseUrl}#key=${encodeURIComponent(options.key ?? E2E_API_KEY)}`);
        await page.waitForFunction(() => !location.hash.includes('key='));
        // A new document in the same tab: sessionStorage stays, the page under test starts from scratch.
        await page.goto('about:blank');
      }
      await page.goto(`${server.baseUrl}${hash}`);
      if (options.waitForMap !== false) await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
      return { page, errors };
    },
    makeKey: (name, role) => server.makeKey(name, role),
    revokeKey: (id) => server.revokeKey(id),
    getJson: async <T>(path: string, init?: RequestInit): Promise<T> => {
      const res = await fetch(new URL(path, server.baseUrl), {
        ...init,
        headers: { authorization: `Bearer ${E2E_API_KEY}`, ...init?.headers },
      });
      return (await res.json()) as T;
    },
  };
}

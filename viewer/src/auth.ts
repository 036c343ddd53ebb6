/**
 * The API key of this tab. A sign-in link (`http://host:port/#key=KEY`, printed by the server) hands it
 * over: it is taken from the hash and removed from the URL at once (so it is not in history, bookmarks or
 * screenshots), kept in sessionStorage (this tab only, gone when the tab closes) and sent as
 * `Authorization: Bearer KEY` on every API call and on address tile requests.
 */

const STORAGE_KEY = 'funderingsrisico.apiKey';
let key: string | null = null;
const listeners = new Set<() => void>();

function store(value: string | null): void {
  key = value;
  try {
    if (value) sessionStorage.setItem(STORAGE_KEY, value);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage blocked: the key still works until the page is closed */
  }
  for (const listener of listeners) listener();
}

/**
 * Reads the key: from a `#key=` hash (which is then stripped from the URL without a history entry) or
 * from this tab's sessionStorage. Call before the router reads the hash.
 */
export function initAuth(): void {
  try {
    key = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    key = null;
  }
  takeKeyFromHash();
  // A sign-in link pasted into an open tab: registered before the router's listeners, so they never see it.
  window.addEventListener('popstate', takeKeyFromHash);
  window.addEventListener('hashchange', takeKeyFromHash);
}

function takeKeyFromHash(): void {
  const match = /(?:^#|[?&#])key=([^&]*)/.exec(location.hash);
  if (!match) return;
  const fromLink = decodeURIComponent(match[1]).trim();
  const rest = location.hash.replace(/([?&#])key=[^&]*&?/, '$1').replace(/[?&]$/, '');
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest === '#' ? '' : rest}`);
  if (fromLink) store(fromLink);
}

/** The key, or null when signed out. */
export function apiKey(): string | null {
  return key;
}

/** Signs in with a key typed by the user. */
export function signIn(value: string): void {
  store(value.trim() || null);
}

/** Forgets the key. */
export function signOut(): void {
  store(null);
}

/** Registers a callback for sign-in and sign-out. */
export function onAuthChange(listener: () => void): void {
  listeners.add(listener);
}

/** Headers to send with an API request. */
export function authHeaders(): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

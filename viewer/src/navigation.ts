/**
 * Browser history for the viewer. Every navigation (a buurt, an address, the model page, another layer or
 * language) is a new history entry made with `pushState`, so Back and Forward walk through them; only
 * moving the map replaces the current entry (a pan is not a place to go back to). Back, Forward and a hash
 * typed into an open tab all arrive as the same "route from the URL" call.
 */
import { formatHash, parseHash, type Route } from './router.js';

/** How a route change came about, so the page can decide whether to fly, fit or focus. */
export interface RouteCause {
  /** The route came from the URL (start-up, Back/Forward, an edited hash), not from a click in the app. */
  fromUrl: boolean;
  /** Fit the map to a buurt's bounds (buurt list, deep link without a view). */
  fit?: boolean;
  /** Fly the map to an address (search, deep link without a view). */
  fly?: boolean;
  /** Move keyboard focus to the opened panel's heading. */
  focus?: boolean;
}

/** The one owner of the current route. */
export interface Navigator {
  current: () => Route;
  /** Changes part of the route; `push` makes a history entry, `replace` rewrites the current one. */
  go: (change: Partial<Route>, mode: 'push' | 'replace', cause?: Omit<RouteCause, 'fromUrl'>) => void;
  /** Applies the route in the address bar (call once at start-up). */
  start: () => void;
}

/** Creates the navigator; `apply` shows a route and must be idempotent for a route already shown. */
export function createNavigator(apply: (route: Route, cause: RouteCause) => void): Navigator {
  let current: Route = parseHash(location.hash);

  const fromUrl = (): void => {
    // A plain fragment (`#panel` from the skip link) is an in-page jump, not a route.
    if (location.hash.length > 1 && !location.hash.startsWith('#/')) return;
    const next = parseHash(location.hash);
    if (formatHash(next) === formatHash(current)) return;
    current = next;
    apply(current, { fromUrl: true, fit: next.view === null, fly: next.view === null, focus: true });
  };
  // An edited hash fires both events in Chromium; the comparison above makes the second a no-op.
  window.addEventListener('popstate', fromUrl);
  window.addEventListener('hashchange', fromUrl);

  return {
    current: () => current,
    go: (change, mode, cause = {}) => {
      current = { ...current, ...change };
      const hash = formatHash(current);
      if (hash !== location.hash) {
        if (mode === 'push') history.pushState(null, '', hash);
        else history.replaceState(null, '', hash);
      }
      apply(current, { fromUrl: false, ...cause });
    },
    start: () => {
      current = parseHash(location.hash);
      apply(current, { fromUrl: true, fit: current.view === null, fly: current.view === null, focus: false });
    },
  };
}

/**
 * The viewer's URL: one hash holds the page (map, buurt, address, model) and, as query parameters, the map
 * view, the map layer and the language, e.g. `#/buurt/BU04797110?map=14.20/52.43120/4.82310&layer=shareDE&lang=en`.
 * Pure functions only: parsing and formatting, so every form can be tested and round-trips.
 *
 * Accepted page forms: `#/`, `#/buurt/CODE`, `#/gemeente/CODE` and `#/wijk/CODE` (national overview), `#/adres/ID` and
 * `#/address/ID` (both kept working), `#/model`, `#/plan` (survey plan).
 */

import { MAX_TILE_ZOOM } from '../../service/domain/tile-zooms.js';

/** Which page the hash names. */
export type Page =
  | { kind: 'map' }
  | { kind: 'buurt'; code: string }
  | { kind: 'area'; level: 'gemeente' | 'wijk'; code: string }
  | { kind: 'address'; id: string }
  | { kind: 'model' }
  | { kind: 'plan' };

/** A map position: centre and zoom. */
export interface MapView {
  lon: number;
  lat: number;
  zoom: number;
}

/** Everything the URL can say. `null` means "not in the URL" (the viewer then chooses). */
export interface Route {
  page: Page;
  view: MapView | null;
  layer: string | null;
  lang: 'nl' | 'en' | null;
}

const ID = /^[\w.-]{1,64}$/;

function parsePage(path: string): Page {
  const parts = path
    .replace(/^\/+/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts[0] === 'model') return { kind: 'model' };
  if (parts[0] === 'plan') return { kind: 'plan' };
  if (parts[0] === 'buurt' && parts[1] && ID.test(parts[1])) return { kind: 'buurt', code: parts[1] };
  if ((parts[0] === 'gemeente' || parts[0] === 'wijk') && parts[1] && ID.test(parts[1]))
    return { kind: 'area', level: parts[0], code: parts[1] };
  if ((parts[0] === 'adres' || parts[0] === 'address') && parts[1] && ID.test(parts[1])) return { kind: 'address', id: parts[1] };
  return { kind: 'map' };
}

/** `"14.2/52.43/4.82"` (zoom/lat/lon, as OpenStreetMap writes it) → a view, or null when malformed. */
export function parseView(text: string | null): MapView | null {
  if (!text) return null;
  const [zoom, lat, lon] = text.split('/').map(Number);
  if (![zoom, lat, lon].every(Number.isFinite)) return null;
  if (zoom < 0 || zoom > MAX_TILE_ZOOM || lat < -85 || lat > 85 || lon < -180 || lon > 180) return null;
  return { lon, lat, zoom };
}

/** A view as `zoom/lat/lon`, rounded to what a screen can show (5 decimals ≈ 1 m). */
export function formatView(v: MapView): string {
  return `${v.zoom.toFixed(2)}/${v.lat.toFixed(5)}/${v.lon.toFixed(5)}`;
}

/** Parses a location hash (with or without the leading `#`). Unknown forms give the map page. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const lang = params.get('lang');
  return {
    page: parsePage(path),
    view: parseView(params.get('map')),
    layer: params.get('layer') || null,
    lang: lang === 'nl' || lang === 'en' ? lang : null,
  };
}

function pagePath(page: Page): string {
  switch (page.kind) {
    case 'buurt':
      return `/buurt/${encodeURIComponent(page.code)}`;
    case 'area':
      return `/${page.level}/${encodeURIComponent(page.code)}`;
    case 'address':
      return `/adres/${encodeURIComponent(page.id)}`;
    case 'model':
      return '/model';
    case 'plan':
      return '/plan';
    default:
      return '/';
  }
}

/** Formats a route as a hash; parameters that are null are left out, so today's short links stay short. */
export function formatHash(route: Route): string {
  const params: string[] = [];
  if (route.view) params.push(`map=${formatView(route.view)}`);
  if (route.layer) params.push(`layer=${encodeURIComponent(route.layer)}`);
  if (route.lang) params.push(`lang=${route.lang}`);
  return `#${pagePath(route.page)}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** True when two pages name the same thing. */
export function samePage(a: Page, b: Page): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'buurt' && b.kind === 'buurt') return a.code === b.code;
  if (a.kind === 'area' && b.kind === 'area') return a.level === b.level && a.code === b.code;
  if (a.kind === 'address' && b.kind === 'address') return a.id === b.id;
  return true;
}

/** True when two views differ by more than the rounding of {@link formatView}. */
export function viewsDiffer(a: MapView | null, b: MapView | null): boolean {
  if (!a || !b) return a !== b;
  return formatView(a) !== formatView(b);
}

/**
 * The optional basemap. Off by default (the viewer works offline). Set at build time
 * (`BASEMAP_URL=… npm run build:viewer`, written into `<meta name="basemap-url">`) or per page with
 * `?basemap=<url-encoded>`. Two forms:
 * - an XYZ raster template with `{z}/{x}/{y}`, e.g. PDOK's BRT achtergrondkaart
 *   `https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png`;
 * - a MapLibre style JSON URL: its sources and layers go under the buurt layers, with its glyphs and sprite.
 * A basemap that cannot be loaded leaves the plain map: nothing else depends on it.
 */
import type * as maplibregl from 'maplibre-gl';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

/** The configured basemap and its credit line. */
export interface BasemapConfig {
  url: string | null;
  attribution: string | null;
}

const meta = (name: string): string | null => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;

/** Reads the basemap from `?basemap=` / `?basemapAttribution=` or the build's meta tags. */
export function basemapConfig(): BasemapConfig {
  const query = new URLSearchParams(location.search);
  const url = query.get('basemap') || meta('basemap-url');
  const given = query.get('basemapAttribution') || meta('basemap-attribution');
  const pdok = url && /pdok\.nl/i.test(url) ? 'Achtergrond: © Kadaster (PDOK, BRT Achtergrondkaart)' : null;
  return { url, attribution: given || pdok };
}

/** True for an XYZ raster template (the style form is everything else). */
export function isRasterTemplate(url: string): boolean {
  return url.includes('{z}');
}

/** Loads a MapLibre style and puts its sources and layers under `beforeLayer`. */
export async function addStyleBasemap(map: maplibregl.Map, url: string, beforeLayer: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`basemap style: HTTP ${res.status}`);
  const style = (await res.json()) as StyleSpecification;
  const base = new URL(url, location.href);
  const absolute = (u: string): string => (/^[a-z]+:/i.test(u) ? u : new URL(u, base).href);
  if (style.glyphs) map.setGlyphs(absolute(style.glyphs));
  if (typeof style.sprite === 'string') map.setSprite(absolute(style.sprite));
  for (const [id, source] of Object.entries(style.sources ?? {})) {
    const s = { ...source } as SourceSpecification & { url?: string };
    if (s.url) s.url = absolute(s.url);
    map.addSource(`basemap-${id}`, s);
  }
  for (const layer of style.layers ?? []) {
    if (layer.type === 'background') continue;
    const l = { ...layer, id: `basemap-${layer.id}` } as LayerSpecification & { source?: string };
    if (l.source) l.source = `basemap-${l.source}`;
    map.addLayer(l as LayerSpecification, beforeLayer);
  }
}

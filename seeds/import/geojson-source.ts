/**
 * Reads GeoJSON features from a file or from an OGC API Features URL (e.g. PDOK), following `next` links
 * page by page. Reports the CRS declared by a `crs` member or a `Content-Crs` header.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import { type Crs, parseCrs } from '../../service/geo/rd-new.js';

/** Features read from a source, with where each came from (for error messages). */
export interface FeatureSource {
  features: { feature: unknown; origin: string; index: number }[];
  /** CRS declared by the source, or null when it declares none. */
  declaredCrs: Crs | null;
}

/** Upper bound on followed pages, to stop a server whose `next` links loop. */
export const MAX_PAGES = 1000;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function parseJson(origin: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DatasetError(origin, null, null, `not valid JSON (${(err as Error).message})`);
  }
}

function crsMember(origin: string, json: Record<string, unknown>): Crs | null {
  const crs = json.crs as { properties?: { name?: unknown } } | undefined;
  if (crs === undefined) return null;
  const name = crs?.properties?.name;
  if (typeof name !== 'string') throw new DatasetError(origin, null, 'crs.properties.name', 'expected a CRS name');
  const parsed = parseCrs(name);
  if (!parsed) throw new DatasetError(origin, null, 'crs.properties.name', `unsupported CRS "${name}" (use EPSG:4326 or EPSG:28992)`);
  return parsed;
}

function featuresOf(origin: string, json: unknown): unknown[] {
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection') {
    throw new DatasetError(origin, null, 'type', 'expected a GeoJSON FeatureCollection');
  }
  if (!Array.isArray(fc.features)) throw new DatasetError(origin, null, 'features', 'expected an array of features');
  return fc.features;
}

/** Reads a FeatureCollection file. */
async function fromFile(path: string): Promise<FeatureSource> {
  if (!existsSync(path)) throw new DatasetError(path, null, null, 'file not found');
  const json = parseJson(path, (await readFile(path)).toString('utf8')) as Record<string, unknown>;
  const features = featuresOf(path, json);
  return { features: features.map((feature, index) => ({ feature, origin: path, index })), declaredCrs: crsMember(path, json) };
}

/** Reads all pages of an OGC API Features `items` URL. */
async function fromUrl(url: string, progress: (m: string) => void): Promise<FeatureSource> {
  const out: FeatureSource = { features: [], declaredCrs: null };
  let next: string | null = url;
  for (let page = 1; next; page++) {
    if (page > MAX_PAGES) throw new DatasetError(url, `page ${page}`, 'links', `more than ${MAX_PAGES} pages; do the next links loop?`);
    let response: Response;
    try {
      response = await fetch(next, { headers: { accept: 'application/geo+json, application/json' } });
    } catch (err) {
      throw new DatasetError(next, null, null, `cannot fetch (${(err as Error).message})`);
    }
    if (!response.ok) throw new DatasetError(next, null, null, `HTTP ${response.status} ${response.statusText}`);
    const json = parseJson(next, await response.text()) as Record<string, unknown>;
    const header = response.headers.get('content-crs');
    const crs = crsMember(next, json) ?? (header ? parseCrs(header.replace(/[<>]/g, '')) : null);
    if (crs) out.declaredCrs = crs;
    const origin = next;
    featuresOf(next, json).forEach((feature, index) => out.features.push({ feature, origin, index }));
    progress(`page ${page}: ${out.features.length} features so far`);
    const links = Array.isArray(json.links) ? (json.links as { rel?: string; href?: string }[]) : [];
    const href = links.find((l) => l.rel === 'next')?.href;
    next = href ? new URL(href, next).toString() : null;
  }
  return out;
}

/** Reads features from a file path or an http(s) URL. */
export function readFeatureSource(source: string, progress: (m: string) => void = () => undefined): Promise<FeatureSource> {
  return isUrl(source) ? fromUrl(source, progress) : fromFile(source);
}

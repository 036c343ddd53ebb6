/**
 * Reads the BAG layers in PDOK's OGC API Features layout: from an API base URL
 * (`https://api.pdok.nl/lv/bag/ogc/v1`; each collection's `items` are paged, `next` links followed,
 * asked in RD New and limited to the buurten's bounding box) or from a folder of saved pages
 * (`verblijfsobject.json`, or `verblijfsobject-1.json`, `verblijfsobject-2.json`, … per collection).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../../../service/adapters/dataset/dataset-files.js';
import type { BuurtRecord } from '../../../service/domain/records.js';
import { bbox } from '../../geometry.js';
import { readFeatureSource } from '../geojson-source.js';
import { BAG_LAYERS, type BagLayers, type BagRow } from './bag-layout.js';

const RD_NEW_URI = 'http://www.opengis.net/def/crs/EPSG/0/28992';

function toRow(origin: string, index: number, feature: unknown): BagRow {
  const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
  const where = `feature ${index}`;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') throw new DatasetError(origin, where, 'type', 'expected a GeoJSON Feature');
  if (!f.properties || typeof f.properties !== 'object') throw new DatasetError(origin, where, 'properties', 'expected an object');
  return { origin, where, props: f.properties as Record<string, unknown>, geometry: (f.geometry ?? null) as BagRow['geometry'] };
}

/** The buurten's bounding box in CRS84, a little widened (BAG points near a boundary). */
function bboxOf(buurten: readonly BuurtRecord[]): string {
  const b = buurten
    .map((x) => bbox(x.geometry))
    .reduce((a, c) => [Math.min(a[0], c[0]), Math.min(a[1], c[1]), Math.max(a[2], c[2]), Math.max(a[3], c[3])]);
  const pad = 0.001;
  return [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad].map((v) => v.toFixed(6)).join(',');
}

async function fromUrl(base: string, buurten: readonly BuurtRecord[], progress: (m: string) => void): Promise<BagLayers> {
  const out = {} as BagLayers;
  const root = base.replace(/\/+$/, '');
  for (const layer of BAG_LAYERS) {
    const url = `${root}/collections/${layer}/items?f=json&limit=1000&crs=${encodeURIComponent(RD_NEW_URI)}&bbox=${bboxOf(buurten)}`;
    const source = await readFeatureSource(url, (m) => progress(`${layer} ${m}`));
    out[layer] = source.features.map(({ feature, origin, index }) => toRow(origin, index, feature));
    progress(`${layer}: ${out[layer].length} features from ${root}`);
  }
  return out;
}

async function fromFolder(dir: string, progress: (m: string) => void): Promise<BagLayers> {
  const names = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const out = {} as BagLayers;
  for (const layer of BAG_LAYERS) {
    const pages = names.filter((n) => new RegExp(`^${layer}(-\\d+)?\\.(geo)?json$`).test(n));
    if (pages.length === 0)
      throw new DatasetError(
        join(dir, `${layer}.json`),
        null,
        null,
        `file not found (a BAG folder holds one file or numbered pages per collection: ${BAG_LAYERS.join(', ')})`,
      );
    out[layer] = [];
    for (const page of pages) {
      const source = await readFeatureSource(join(dir, page));
      for (const { feature, origin, index } of source.features) out[layer].push(toRow(origin, index, feature));
    }
    progress(`${layer}: ${out[layer].length} features from ${pages.length} page(s) in ${dir}`);
  }
  return out;
}

/** Reads the four BAG layers from an OGC API base URL or a folder of pages. Throws {@link DatasetError}. */
export function readBagOgc(source: string, buurten: readonly BuurtRecord[], progress: (m: string) => void): Promise<BagLayers> {
  if (/^https?:\/\//i.test(source)) return fromUrl(source, buurten, progress);
  if (!existsSync(source)) throw new DatasetError(source, null, null, 'file not found');
  return fromFolder(source, progress);
}

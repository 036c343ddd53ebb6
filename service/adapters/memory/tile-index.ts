import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';

/** In-memory vector tiles for one layer, cut on demand by geojson-vt and encoded by vt-pbf. */
export class TileIndex {
  private readonly index: GeoJSONVT;

  constructor(
    private readonly layer: string,
    features: Feature[],
    private readonly minZoom: number,
    maxZoom: number,
  ) {
    const fc: FeatureCollection = { type: 'FeatureCollection', features };
    this.index = new GeoJSONVT(fc, { maxZoom, indexMaxZoom: 5, indexMaxPoints: 100_000, tolerance: 3, extent: 4096, buffer: 64 });
  }

  /** The tile as protobuf bytes; an empty buffer when nothing falls in it. `omit` leaves properties out. */
  tile(z: number, x: number, y: number, omit: readonly string[] = []): Buffer {
    if (z < this.minZoom) return Buffer.alloc(0);
    const tile = this.index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return Buffer.alloc(0);
    const cut = omit.length === 0 ? tile : {
      ...tile,
      features: tile.features.map((f) => ({ ...f, tags: Object.fromEntries(Object.entries(f.tags ?? {}).filter(([k]) => !omit.includes(k))) })),
    };
    return Buffer.from(fromGeojsonVt({ [this.layer]: cut }, { version: 2 }));
  }
}

/** Drops null and undefined values (vector tile properties cannot be null). */
export function tileProperties(p: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  // Vector tile values are scalars: nulls and arrays (e.g. an interval) are left out.
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined && typeof v !== 'object') out[k] = v as string | number | boolean;
  return out;
}

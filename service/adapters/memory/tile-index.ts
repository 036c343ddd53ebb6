import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';

/** The parts of geojson-vt's tile store that `getTile` fills while drilling down (not in its typings). */
interface VtInternals {
  tiles: Record<number, { source: unknown } | undefined>;
  tileCoords: { z: number; x: number; y: number }[];
}

/** geojson-vt's tile key. */
const vtId = (z: number, x: number, y: number) => ((1 << z) * y + x) * 32 + z;

/**
 * In-memory vector tiles for one layer, cut on demand by geojson-vt and encoded by vt-pbf.
 *
 * geojson-vt keeps every tile it cuts below its pre-built index (the tile asked for and every tile on
 * the way down to it, with their clipped geometry), so memory grows with each distinct deep tile and
 * never shrinks. Here a cut leaves the index as it was: the tiles made for it are dropped and the
 * parent it started from keeps its source geometry. Callers cache the encoded bytes, bounded.
 */
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
    const tile = this.cutWithoutKeeping(z, x, y);
    if (!tile || tile.features.length === 0) return Buffer.alloc(0);
    const cut =
      omit.length === 0
        ? tile
        : {
            ...tile,
            features: tile.features.map((f) => ({
              ...f,
              tags: Object.fromEntries(Object.entries(f.tags ?? {}).filter(([k]) => !omit.includes(k))),
            })),
          };
    return Buffer.from(fromGeojsonVt({ [this.layer]: cut }, { version: 2 }));
  }

  private cutWithoutKeeping(z: number, x: number, y: number): ReturnType<GeoJSONVT['getTile']> {
    const vt = this.index as unknown as VtInternals;
    if (z < 0 || z > 24 || y < 0 || y >= 2 ** z) return null;
    const wrappedX = (x + (1 << z)) & ((1 << z) - 1);
    if (vt.tiles[vtId(z, wrappedX, y)]) return this.index.getTile(z, wrappedX, y);
    // The nearest kept ancestor, whose source geometry the cut will consume.
    let parent: { source: unknown } | undefined;
    for (let pz = z - 1, px = wrappedX >> 1, py = y >> 1; pz >= 0 && !parent; pz -= 1, px >>= 1, py >>= 1)
      parent = vt.tiles[vtId(pz, px, py)];
    const source = parent?.source;
    const kept = vt.tileCoords.length;
    try {
      return this.index.getTile(z, wrappedX, y);
    } finally {
      for (const c of vt.tileCoords.splice(kept)) delete vt.tiles[vtId(c.z, c.x, c.y)];
      if (parent) parent.source = source;
    }
  }
}

/** Drops null and undefined values (vector tile properties cannot be null). */
export function tileProperties(p: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  // Vector tile values are scalars: nulls and arrays (e.g. an interval) are left out.
  for (const [k, v] of Object.entries(p))
    if (v !== null && v !== undefined && typeof v !== 'object') out[k] = v as string | number | boolean;
  return out;
}

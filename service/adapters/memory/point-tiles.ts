import { fromGeojsonVt } from 'vt-pbf';

/** One point of a point layer with its tile properties. */
export interface TilePoint {
  lon: number;
  lat: number;
  properties: Record<string, string | number | boolean>;
}

/** Tile extent and buffer in tile units, as the geojson-vt buurten tiles and the PostGIS tiles use. */
const EXTENT = 4096;
const BUFFER = 64;

/** Web Mercator x in [0, 1) (geojson-vt's projection). */
const mercX = (lon: number) => lon / 360 + 0.5;
/** Web Mercator y in [0, 1], clamped (geojson-vt's projection). */
function mercY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return Math.min(Math.max(y, 0), 1);
}

/**
 * Vector tiles of a point layer, cut straight from a grid of the points (no retained tile pyramid, so
 * memory does not grow with the tiles served). A tile holds the points inside its bounds widened by the
 * 64/4096 buffer, in the points' order, as geojson-vt would cut them. Callers cache the encoded bytes.
 */
export class PointTiles {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Point indexes (ascending) per grid cell at {@link gridZoom}. */
  private readonly cells = new Map<number, number[]>();
  private readonly gridZoom: number;

  /** @param minZoom lowest zoom served; lower zooms answer an empty tile. */
  constructor(
    private readonly layer: string,
    private readonly points: readonly TilePoint[],
    private readonly minZoom: number,
  ) {
    this.gridZoom = Math.max(0, Math.min(minZoom - 1, 20));
    const n = 2 ** this.gridZoom;
    this.xs = Float64Array.from(points, (p) => mercX(p.lon));
    this.ys = Float64Array.from(points, (p) => mercY(p.lat));
    for (let i = 0; i < points.length; i += 1) {
      const key = this.cellKey(Math.min(n - 1, Math.floor(this.xs[i] * n)), Math.min(n - 1, Math.floor(this.ys[i] * n)));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private cellKey(cx: number, cy: number): number {
    return cy * 2 ** this.gridZoom + cx;
  }

  /** The tile as protobuf bytes; an empty buffer when nothing falls in it. `omit` leaves properties out. */
  tile(z: number, x: number, y: number, omit: readonly string[] = []): Buffer {
    if (z < this.minZoom) return Buffer.alloc(0);
    const z2 = 2 ** z;
    const margin = BUFFER / EXTENT;
    const [x0, x1, y0, y1] = [(x - margin) / z2, (x + 1 + margin) / z2, (y - margin) / z2, (y + 1 + margin) / z2];
    const n = 2 ** this.gridZoom;
    const found: number[] = [];
    const clampCell = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
    for (let cy = clampCell(y0); cy <= clampCell(y1); cy += 1) {
      for (let cx = clampCell(x0); cx <= clampCell(x1); cx += 1) {
        for (const i of this.cells.get(this.cellKey(cx, cy)) ?? []) {
          if (this.xs[i] >= x0 && this.xs[i] < x1 && this.ys[i] >= y0 && this.ys[i] < y1) found.push(i);
        }
      }
    }
    if (found.length === 0) return Buffer.alloc(0);
    found.sort((a, b) => a - b);
    const features = found.map((i) => ({
      type: 1 as const,
      geometry: [[Math.round(EXTENT * (this.xs[i] * z2 - x)), Math.round(EXTENT * (this.ys[i] * z2 - y))]] as [number, number][],
      tags:
        omit.length === 0
          ? this.points[i].properties
          : Object.fromEntries(Object.entries(this.points[i].properties).filter(([k]) => !omit.includes(k))),
    }));
    return Buffer.from(fromGeojsonVt({ [this.layer]: { features } }, { version: 2 }));
  }
}

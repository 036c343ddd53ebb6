import { M_PER_DEG_LAT, distanceM } from '../../geo/distance.js';

/** A uniform grid over points for nearest-neighbour lookups within a radius. */
export class PointGrid<T extends { lon: number; lat: number }> {
  private readonly cells = new Map<string, T[]>();
  private readonly cellDeg: number;

  constructor(points: readonly T[], cellMetres = 100) {
    this.cellDeg = cellMetres / M_PER_DEG_LAT;
    for (const p of points) {
      const key = this.key(Math.floor(p.lon / this.cellDeg), Math.floor(p.lat / this.cellDeg));
      const list = this.cells.get(key);
      if (list) list.push(p);
      else this.cells.set(key, [p]);
    }
  }

  private key(cx: number, cy: number): string {
    return `${cx}:${cy}`;
  }

  /** The nearest point within `maxDistanceM`, or null. Ties go to the point listed first. */
  nearest(lon: number, lat: number, maxDistanceM: number): T | null {
    const cx = Math.floor(lon / this.cellDeg);
    const cy = Math.floor(lat / this.cellDeg);
    const reachY = Math.ceil(maxDistanceM / M_PER_DEG_LAT / this.cellDeg) + 1;
    const reachX = Math.ceil(reachY / Math.max(0.1, Math.cos(lat * (Math.PI / 180))));
    let best: T | null = null;
    let bestD = maxDistanceM;
    for (let dx = -reachX; dx <= reachX; dx += 1) {
      for (let dy = -reachY; dy <= reachY; dy += 1) {
        for (const p of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const d = distanceM(lon, lat, p.lon, p.lat);
          if (d <= bestD && (best === null || d < bestD)) {
            best = p;
            bestD = d;
          }
        }
      }
    }
    return best;
  }
}

/**
 * Small planar geometry helpers for WGS84 buurt polygons: point-in-polygon (even–odd, holes respected),
 * bounding box and ring orientation. Planar tests are exact enough at buurt scale.
 */
import type { BuurtRecord } from '../service/domain/records.js';

/** A buurt geometry (Polygon or MultiPolygon, lon/lat). */
export type AreaGeometry = BuurtRecord['geometry'];

function inRing(x: number, y: number, ring: readonly number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x: number, y: number, rings: readonly number[][][]): boolean {
  if (!inRing(x, y, rings[0])) return false;
  for (let i = 1; i < rings.length; i++) if (inRing(x, y, rings[i])) return false;
  return true;
}

/** True when (lon, lat) lies inside the geometry. */
export function pointInGeometry(lon: number, lat: number, g: AreaGeometry): boolean {
  if (g.type === 'Polygon') return inPolygon(lon, lat, g.coordinates);
  return g.coordinates.some((p) => inPolygon(lon, lat, p));
}

/** [minLon, minLat, maxLon, maxLat] of a geometry. */
export function bbox(g: AreaGeometry): [number, number, number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys)
    for (const [x, y] of poly[0]) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  return b;
}

/** Signed planar area of a ring (positive when counter-clockwise). */
export function signedArea(ring: readonly number[][]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

/** Clips a convex or concave polygon `subject` by a convex polygon `clip` (Sutherland–Hodgman, open rings). */
export function clipConvex(subject: readonly number[][], clip: readonly number[][]): number[][] {
  let out = subject.map((p) => [p[0], p[1]]);
  const ccw = signedArea(clip) > 0;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i];
    const b = clip[(i + 1) % clip.length];
    const side = (p: number[]) => ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) * (ccw ? 1 : -1) >= 0;
    const cross = (p: number[], q: number[]) => {
      const d1 = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      const d2 = (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]);
      const t = d1 / (d1 - d2);
      return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    };
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const cur = input[k];
      const prev = input[(k + input.length - 1) % input.length];
      if (side(cur)) {
        if (!side(prev)) out.push(cross(prev, cur));
        out.push(cur);
      } else if (side(prev)) out.push(cross(prev, cur));
    }
  }
  return out;
}

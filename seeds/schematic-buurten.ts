/**
 * Schematic buurt polygons for when no real boundaries are given: a Voronoi tessellation of the published
 * buurt centroids (in a local metric grid), clipped to a smooth convex municipal outline made of circles
 * around each centroid sized by the buurt's land area. Marked `schematic: true` wherever shown.
 */
import { Delaunay } from 'd3-delaunay';
import type { BuurtRecord } from '../service/domain/records.js';
import { clipConvex, signedArea } from './geometry.js';
import { round } from './random.js';
import { fromKm as gridToLonLat, toKm } from './local-grid.js';
import { type BuurtFact, ZAANSTAD_GEMEENTE, woonplaatsOf } from './zaanstad-facts.js';

const fromKm = (x: number, y: number): [number, number] => gridToLonLat(x, y).map((v) => round(v, 6)) as [number, number];

/** Radius (km) of the outline circle around a centroid: about the radius of the buurt's area, at least 0.5 km. */
const outlineRadiusKm = (ha: number): number => Math.max(0.5, 0.75 * Math.sqrt(ha / 100 / Math.PI) + 0.25);

/** The smooth convex outline (km grid), counter-clockwise. */
function outline(points: readonly [number, number][], facts: readonly BuurtFact[]): number[][] {
  const samples: number[] = [];
  points.forEach(([x, y], i) => {
    const r = outlineRadiusKm(facts[i].oppervlakteHa);
    for (let k = 0; k < 24; k++) samples.push(x + r * Math.cos((k * Math.PI) / 12), y + r * Math.sin((k * Math.PI) / 12));
  });
  const hull = new Delaunay(Float64Array.from(samples)).hull;
  const ring = Array.from(hull, (i) => [samples[2 * i], samples[2 * i + 1]]);
  return signedArea(ring) > 0 ? ring : ring.reverse();
}

/** Builds schematic buurt records from the published facts. */
export function schematicBuurten(facts: readonly BuurtFact[]): BuurtRecord[] {
  const points = facts.map((f) => toKm(f.lon, f.lat));
  const border = outline(points, facts);
  const xs = border.map((p) => p[0]);
  const ys = border.map((p) => p[1]);
  const voronoi = Delaunay.from(points).voronoi([Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1]);
  return facts.map((f, i) => {
    const cell = voronoi.cellPolygon(i).slice(0, -1);
    const clipped = clipConvex(cell, border);
    let ring = clipped.map(([x, y]) => fromKm(x, y));
    if (signedArea(ring) < 0) ring = ring.reverse();
    ring.push([...ring[0]] as [number, number]);
    return {
      code: f.code,
      naam: f.naam,
      wijkCode: f.wijkCode,
      gemeenteCode: ZAANSTAD_GEMEENTE,
      woonplaats: woonplaatsOf(f.code),
      pc4: f.pc4,
      huishoudens: f.huishoudens,
      oppervlakteHa: f.oppervlakteHa,
      schematic: true,
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
}

/**
 * The water and ground history of an area (synthetic smooth fields, assumptions documented in
 * seeds/README.md §3): how much the ground was raised since a building was built (*ophoging*, which loads
 * the peat and drags piles down: negative skin friction) and how far groundwater falls below its mean
 * lowest level (GLG) in a dry summer such as 2018 (which exposes pile heads that stay wet in normal years).
 */
import { toKm } from './local-grid.js';
import { clamp, Random } from './random.js';

interface Bump {
  x: number;
  y: number;
  r: number;
  a: number;
}

function bumps(rng: Random, n: number, radiusKm: [number, number]): Bump[] {
  return Array.from({ length: n }, () => ({
    x: rng.uniform(-8, 4),
    y: rng.uniform(-3, 10),
    r: rng.uniform(radiusKm[0], radiusKm[1]),
    a: rng.normal(0, 1),
  }));
}

function noise(list: readonly Bump[], x: number, y: number): number {
  let s = 0;
  for (const b of list) s += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
  return s;
}

/** The area history at one location. */
export interface AreaHistoryAt {
  /** Ground raising per century of building age (m / 100 yr): public space raised to follow subsidence. */
  ophogingPerEeuwM: number;
  /** How far groundwater falls below the GLG in a dry summer (m, > 0). */
  droogteDipM: number;
}

/** The area-history fields of one seed. */
export interface AreaHistory {
  at(lon: number, lat: number, veendikteM: number, drainageM: number): AreaHistoryAt;
}

/** Creates the area-history fields for a seed (their own random stream: the soil fields do not change). */
export function createAreaHistory(seed: number): AreaHistory {
  const rng = new Random(seed, 'area-history');
  const raiseNoise = bumps(rng, 25, [0.4, 1.5]);
  const dipNoise = bumps(rng, 25, [0.6, 2.0]);
  return {
    at(lon, lat, veendikteM, drainageM) {
      const [x, y] = toKm(lon, lat);
      // more raising where thick peat sinks (streets, gardens, quays raised again and again)
      const raise = clamp(0.2 + 0.12 * veendikteM + 0.25 * noise(raiseNoise, x, y), 0, 1.5);
      // dry summers draw the water table down further where the polder is drained deeper
      const dip = clamp(0.25 + 0.3 * (drainageM - 0.85) + 0.1 * noise(dipNoise, x, y), 0.05, 0.8);
      return { ophogingPerEeuwM: raise, droogteDipM: dip };
    },
  };
}

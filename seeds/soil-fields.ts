/**
 * Smooth spatial fields of soil and water over Zaanstad (synthetic, calibrated to published ranges; see
 * seeds/README.md). Each field is a deterministic trend plus a sum of seeded Gaussian bumps, evaluated
 * at a WGS84 position through a local metric grid (km east/north of the Zaan at Zaandam).
 */
import { toKm } from './local-grid.js';
import { clamp, Random } from './random.js';

/** The river Zaan as a polyline (lon, lat), south to north; old dike villages line it. */
const ZAAN: readonly (readonly [number, number])[] = [
  [4.832, 52.418],
  [4.826, 52.432],
  [4.822, 52.445],
  [4.816, 52.46],
  [4.81, 52.475],
  [4.806, 52.49],
  [4.8, 52.505],
  [4.795, 52.52],
];

function distanceToZaanKm(x: number, y: number): number {
  let best = Infinity;
  for (let i = 1; i < ZAAN.length; i++) {
    const [ax, ay] = toKm(ZAAN[i - 1][0], ZAAN[i - 1][1]);
    const [bx, by] = toKm(ZAAN[i][0], ZAAN[i][1]);
    const dx = bx - ax;
    const dy = by - ay;
    const t = clamp(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0, 1);
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

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

/** Soil and water at one location (the latent "true" values; observed values add measurement noise). */
export interface SoilAt {
  maaiveldNapM: number;
  veendikteM: number;
  pleistoceenNapM: number;
  /** Mean lowest groundwater level (GLG), m NAP. */
  grondwaterNapM: number;
  /** Surface velocity in mm/yr; negative is subsidence (FunderMaps/InSAR sign convention). */
  bodemdalingMmJr: number;
}

/** The soil fields of one seed. */
export interface SoilFields {
  at(lon: number, lat: number): SoilAt;
  /** Distance to the Zaan in km (the old dike villages lie along it). */
  distanceToZaanKm(lon: number, lat: number): number;
}

/** Creates the smooth soil and water fields for a seed. */
export function createSoilFields(seed: number): SoilFields {
  const rng = new Random(seed, 'soil-fields');
  const surfaceNoise = bumps(rng, 30, [0.4, 1.5]);
  const peatNoise = bumps(rng, 30, [0.6, 2.0]);
  const sandNoise = bumps(rng, 20, [1.0, 3.0]);
  const drainNoise = bumps(rng, 30, [0.4, 1.5]);
  const subsNoise = bumps(rng, 25, [0.5, 2.0]);
  return {
    distanceToZaanKm: (lon, lat) => distanceToZaanKm(...toKm(lon, lat)),
    at(lon, lat) {
      const [x, y] = toKm(lon, lat);
      const dZaan = distanceToZaanKm(x, y);
      const west = clamp(-x, -3, 8); // km west of the Zaan at Zaandam: the peat polders
      // raised dike ribbons along the Zaan (≈ 0 m NAP) falling to polder level (−1 … −2 m NAP)
      const maaiveld = clamp(
        -1.6 + 1.5 * Math.exp(-(dZaan * dZaan) / 0.18) + 0.04 * west * -1 + 0.25 * noise(surfaceNoise, x, y),
        -2.8,
        1.2,
      );
      // peat thickest in the western peat polders (Westzaan, Assendelft), thin on the east bank
      const veen = clamp(1.6 + 0.45 * west - 0.8 * Math.exp(-(dZaan * dZaan) / 0.3) + 0.7 * noise(peatNoise, x, y), 0.2, 7.5);
      const pleistoceen = clamp(-17.5 + 0.9 * noise(sandNoise, x, y) - 0.1 * west, -20.5, -14.5);
      // drainage depth (surface − GLG): 0.5–1.4 m, deeper where polders are pumped harder
      const drainage = clamp(0.85 + 0.25 * noise(drainNoise, x, y) + 0.1 * Math.exp(-(dZaan * dZaan) / 0.18), 0.35, 1.6);
      const grondwater = maaiveld - drainage;
      // subsidence grows with peat thickness and drainage; median ≈ −2 mm/yr, range ≈ −8 … 0
      const v = clamp(-(0.3 + 0.55 * veen + 1.2 * (drainage - 0.8) + 0.6 * noise(subsNoise, x, y)), -9, 0.5);
      return { maaiveldNapM: maaiveld, veendikteM: veen, pleistoceenNapM: pleistoceen, grondwaterNapM: grondwater, bodemdalingMmJr: v };
    },
  };
}

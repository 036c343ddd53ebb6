/**
 * What a municipality can observe of a pand: soil and water from national sources with their typical
 * errors (AHN surface level, GeoTOP peat and sand, groundwater from a nearby well or a model, InSAR
 * subsidence) and the foundation type from the building archive for a minority of panden.
 */
import type { Funderingtype } from '../service/features/feature-spec.js';
import type { FoundationTruth } from './foundation-truth.js';
import { toKm } from './local-grid.js';
import type { Pand } from './panden.js';
import { clamp, Random, round } from './random.js';
import type { SoilAt } from './soil-fields.js';

/** Observed attributes of one pand, as they appear in the addresses file. */
export interface Observed {
  maaiveldNapM: number;
  veendikteM: number;
  pleistoceenNapM: number;
  grondwaterNapM: number | null;
  grondwaterBron: 'peilbuis' | 'model' | null;
  bodemdalingMmJr: number;
  funderingtype: Funderingtype | null;
}

/** Share of panden whose groundwater level is missing altogether. */
export const GROUNDWATER_MISSING = 0.03;
/** Distance (km) within which a groundwater well (peilbuis) is used. */
export const WELL_RADIUS_KM = 0.35;
/** Number of groundwater wells placed at random panden. */
export const WELL_COUNT = 35;

/** Picks the well locations (km grid) among the panden. */
export function placeWells(seed: number, panden: readonly Pand[]): [number, number][] {
  const rng = new Random(seed, 'wells');
  if (panden.length === 0) return [];
  return Array.from({ length: WELL_COUNT }, () => {
    const p = rng.pick(panden);
    return toKm(p.lon, p.lat);
  });
}

/** Observes one pand. `rng` is the pand's own stream. */
export function observe(rng: Random, p: Pand, soil: SoilAt, truth: FoundationTruth, wells: readonly [number, number][]): Observed {
  const [x, y] = toKm(p.lon, p.lat);
  const nearWell = wells.some(([wx, wy]) => Math.hypot(wx - x, wy - y) <= WELL_RADIUS_KM);
  const missing = rng.chance(GROUNDWATER_MISSING);
  const gwError = nearWell ? rng.normal(0, 0.03) : rng.normal(0, 0.1);
  // the archive (bouwdossier) holds the foundation type for a minority, more often for newer buildings
  const archive = rng.chance(p.bouwjaar < 1945 ? 0.14 : 0.24);
  return {
    maaiveldNapM: round(soil.maaiveldNapM + rng.normal(0, 0.03), 2),
    veendikteM: round(clamp(soil.veendikteM + rng.normal(0, 0.35), 0, 30), 2),
    pleistoceenNapM: round(soil.pleistoceenNapM + rng.normal(0, 0.5), 1),
    grondwaterNapM: missing ? null : round(soil.grondwaterNapM + gwError, 2),
    grondwaterBron: missing ? null : nearWell ? 'peilbuis' : 'model',
    bodemdalingMmJr: round(soil.bodemdalingMmJr + rng.normal(0, 0.6), 1),
    funderingtype: archive ? truth.funderingtype : null,
  };
}

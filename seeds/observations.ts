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
  /** Building block (panden built together); known for every generated pand. */
  bouwblokId: string;
  /** Pile-head level from the building archive (m NAP), with archive error; null when not in the archive. */
  paalkopNapM: number | null;
  /** Pile length from the building archive (m), with archive error; null when not in the archive. */
  paallengteM: number | null;
  /** Ground raised since construction (m), from the municipality's public-works records. */
  ophogingM: number | null;
  /** Groundwater in a dry summer (m NAP), from the same well or model as the GLG; below it. */
  grondwaterDroogNapM: number | null;
}

/**
 * The building archive's record of one block (one building permit's drawings cover the block), or null
 * when the archive has none. Its errors are shared by the block: one drawing, one mistake.
 */
export interface ArchiveRecord {
  /** The recorded foundation type is wrong (wood and wood with a concrete top confused, or concrete). */
  typeWrong: boolean;
  /** Error of the recorded pile-head level (m): drawings in old local datums, heads cut off-plan. */
  kopError: number;
  /** Error of the recorded pile length (m). */
  lengthError: number;
}

/**
 * Share of blocks with a building-archive record, by construction year (assumptions, seeds/README.md §5):
 * permits with drawings only became the rule under the Woningwet 1901, and older files were often lost.
 */
export function archiveShare(bouwjaar: number): number {
  if (bouwjaar < 1906) return 0.2;
  if (bouwjaar < 1931) return 0.45;
  if (bouwjaar < 1945) return 0.5;
  if (bouwjaar < 1965) return 0.4;
  if (bouwjaar < 1980) return 0.45;
  return 0.5;
}

/** Draws the archive record of a block built in `bouwjaar` (null: not in the archive). */
export function drawArchive(rng: Random, bouwjaar: number): ArchiveRecord | null {
  if (!rng.chance(archiveShare(bouwjaar))) return null;
  const old = bouwjaar < 1945;
  const gross = rng.chance(0.03) ? rng.uniform(-0.6, 0.6) : 0;
  return {
    typeWrong: rng.chance(0.05),
    kopError: rng.normal(0, old ? 0.1 : 0.05) + gross,
    lengthError: rng.normal(0, old ? 0.5 : 0.3),
  };
}

const WRONG_TYPE: Record<Funderingtype, Funderingtype> = {
  'houten-palen': 'houten-palen-betonopzetter',
  'houten-palen-betonopzetter': 'houten-palen',
  'betonnen-palen': 'houten-palen-betonopzetter',
  'op-staal': 'houten-palen',
};

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

/** Observes one pand. `rng` is the pand's own stream; `archive` is its block's archive record. */
export function observe(
  rng: Random,
  p: Pand,
  soil: SoilAt,
  truth: FoundationTruth,
  wells: readonly [number, number][],
  bouwblokId: string,
  archive: ArchiveRecord | null,
): Observed {
  const [x, y] = toKm(p.lon, p.lat);
  const nearWell = wells.some(([wx, wy]) => Math.hypot(wx - x, wy - y) <= WELL_RADIUS_KM);
  const missing = rng.chance(GROUNDWATER_MISSING);
  const gwError = nearWell ? rng.normal(0, 0.03) : rng.normal(0, 0.1);
  const gw = missing ? null : round(soil.grondwaterNapM + gwError, 2);
  // the dry-summer low comes from the same well or model: the observed GLG minus the observed dip
  const dip = Math.max(0.05, soil.grondwaterNapM - truth.grondwaterDroogNapM + rng.normal(0, 0.05));
  const piles = archive !== null && truth.paalkopNapM !== null;
  return {
    maaiveldNapM: round(soil.maaiveldNapM + rng.normal(0, 0.03), 2),
    veendikteM: round(clamp(soil.veendikteM + rng.normal(0, 0.35), 0, 30), 2),
    pleistoceenNapM: round(soil.pleistoceenNapM + rng.normal(0, 0.5), 1),
    grondwaterNapM: gw,
    grondwaterBron: missing ? null : nearWell ? 'peilbuis' : 'model',
    bodemdalingMmJr: round(soil.bodemdalingMmJr + rng.normal(0, 0.6), 1),
    funderingtype: archive ? (archive.typeWrong ? WRONG_TYPE[truth.funderingtype] : truth.funderingtype) : null,
    bouwblokId,
    paalkopNapM: piles ? round(clamp((truth.paalkopNapM as number) + archive.kopError, -8, 3), 2) : null,
    paallengteM: piles ? round(clamp((truth.paallengteM as number) + archive.lengthError, 0, 30), 1) : null,
    ophogingM: round(clamp(truth.ophogingM + rng.normal(0, 0.1), 0, 3), 2),
    grondwaterDroogNapM: gw === null ? null : round(clamp(gw - dip, -8, 3), 2),
  };
}

import type { AddressEntry } from '../ports/store.js';
import { periodOf, type PeriodLabel } from './buurt-stats.js';
import type { ConformalLabel } from './conformal.js';
import type { BuurtRecord, RiskClass } from './records.js';
import { unsurveyedStockProbabilityOf } from './stock-scale.js';

/** The conformal set of a building in a plan: one label, or `both` when the 95 % set keeps both. */
export type PlanSet = 'problem' | 'no-problem' | 'both' | null;

/**
 * One building (pand) a plan may choose: its first address, its area, its block, its construction
 * period and its score. `probability` is the chance the foundation is D/E for an unsurveyed building
 * (see {@link unsurveyedProbabilityOf}), or on the survey scale when the model has no stock scale (then
 * the plan says so); null when the pand is unscored.
 */
export interface PlanCandidate {
  pandId: string;
  addressId: string;
  buurtCode: string;
  wijkCode: string;
  lon: number;
  lat: number;
  bouwjaar: number | null;
  period: PeriodLabel;
  /**
   * Buildings of one block: the same street and six-position postcode (in the Netherlands one postcode
   * covers one side of a street stretch, ~15–25 addresses); a block can be surveyed as one job.
   */
  block: string;
  probability: number | null;
  margin: number | null;
  set: PlanSet;
  /** The class the address answer (tiles, search, lookup) shows for this building: one class everywhere. */
  riskClass: RiskClass | null;
}

/** Turns a score into a conformal set, given the scorer's rule (margin, survey probability, year). */
export type SetOf = (margin: number, probabilitySurvey: number, bouwjaar: number | null) => ConformalLabel[];

/**
 * The chance that an unsurveyed building with this margin has a D/E foundation: the stock scale for a
 * building known not to have been surveyed on suspicion ({@link unsurveyedStockProbabilityOf}, one
 * definition with the address answer's stock probability, of which it is the audit-population part). A
 * plan only chooses unsurveyed buildings, and surveys on suspicion pick buildings whose outcome is worse
 * than their margin says (cracks, tilt), so the address answer's mixture of both populations overstates
 * what a plan will find; this does not.
 */
export function unsurveyedProbabilityOf(stock: { a: number; b: number } | null): ((margin: number) => number) | null {
  return stock ? (margin) => unsurveyedStockProbabilityOf(margin, stock) as number : null;
}

/**
 * The buildings a plan may choose from: one per pand, in natural address order, leaving out panden
 * already surveyed or restored (a restored pand has no score anyway).
 */
export function planCandidates(
  entries: readonly AddressEntry[],
  buurten: readonly BuurtRecord[],
  setOf: SetOf,
  unsurveyed: ((margin: number) => number) | null = null,
): PlanCandidate[] {
  const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
  const seen = new Set<string>();
  const out: PlanCandidate[] = [];
  for (const { address: a, register, score } of entries) {
    if (a.pandId === null || seen.has(a.pandId)) continue;
    seen.add(a.pandId);
    if (register?.onderzocht || register?.hersteld) continue;
    const scored = score.margin !== null && score.probability !== null;
    const labels = scored ? setOf(score.margin!, score.probability!, a.bouwjaar) : null;
    out.push({
      pandId: a.pandId,
      addressId: a.verblijfsobjectId,
      buurtCode: a.buurtCode,
      wijkCode: wijkOf.get(a.buurtCode) ?? '',
      lon: a.lon,
      lat: a.lat,
      bouwjaar: a.bouwjaar,
      period: periodOf(a.bouwjaar),
      block: `${a.straat}|${a.postcode}`,
      probability: !scored ? null : unsurveyed ? unsurveyed(score.margin!) : (score.probabilityStock ?? score.probability),
      margin: score.margin,
      set: labels === null ? null : labels.length === 2 ? 'both' : labels[0],
      riskClass: score.riskClass,
    });
  }
  return out;
}

type Ring = number[][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the WGS84 point lies inside the polygon (outer ring in, holes out; even–odd rule). */
export function pointInGeometry(lon: number, lat: number, g: Geometry): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some((rings) => rings.length > 0 && inRing(lon, lat, rings[0]) && !rings.slice(1).some((hole) => inRing(lon, lat, hole)));
}

/** A plan's optional area: buurten and/or wijken (a building in any of them), or a polygon. */
export interface PlanArea {
  buurten?: string[];
  wijken?: string[];
  polygon?: Geometry;
}

/** The candidates inside the area (all of them without one). */
export function inArea(candidates: readonly PlanCandidate[], area: PlanArea | undefined): PlanCandidate[] {
  if (!area) return [...candidates];
  const buurten = new Set(area.buurten ?? []);
  const wijken = new Set(area.wijken ?? []);
  const byCode = buurten.size > 0 || wijken.size > 0;
  return candidates.filter(
    (c) =>
      (!byCode || buurten.has(c.buurtCode) || wijken.has(c.wijkCode)) && (!area.polygon || pointInGeometry(c.lon, c.lat, area.polygon)),
  );
}

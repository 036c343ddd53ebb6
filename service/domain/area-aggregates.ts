import { buurtPublic } from './buurt-feature.js';
import { CLASS_BUCKETS, type ClassBucket, PERIOD_LABELS, type PeriodLabel } from './buurt-stats.js';
import type { RiskClass } from './records.js';
import { riskClassOf } from './risk-class.js';
import type { BuurtEntry } from '../ports/store.js';

/** The area levels above the buurt. */
export type AreaLevel = 'wijk' | 'gemeente';

/** Public figures of a wijk or gemeente (counts of dwellings; null when not published). */
export interface AreaProperties {
  level: AreaLevel;
  code: string;
  /** The gemeente the area lies in (itself for a gemeente). */
  gemeenteCode: string;
  buurten: number;
  dwellings: number | null;
  meanProbability: number | null;
  meanProbabilitySurvey: number | null;
  riskClass: RiskClass | null;
  expectedProblems: number | null;
  expectedProblemsSurvey: number | null;
  shareDE: number | null;
  sharePre1945: number | null;
  surveyed: number | null;
  restored: number | null;
  byPeriod: { period: PeriodLabel; count: number | null }[];
  byClass: { riskClass: ClassBucket; count: number | null }[];
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Wijk or gemeente aggregates that publish nothing the buurt figures do not already give away: a
 * count, sum or share of an area is published only when every buurt in it publishes the figure it is
 * built from (through the buurt suppression, `buurtPublic`); otherwise it is null. An area figure is
 * then a function of published buurt figures, so combining area and buurt answers (area minus its
 * other buurten, differences between levels) cannot bring back a suppressed buurt count. Sums are of
 * the published (rounded) buurt values; a mean is published only when every buurt's number of scored
 * dwellings can be worked out from its figures (its expected count is published), since a mean over a
 * hidden denominator would reveal it. The price: one small buurt blanks the counts of its wijk and
 * gemeente. No interval is given (the stock variance is not additive over buurten).
 */
export function areaAggregates(entries: readonly BuurtEntry[], level: AreaLevel, suppressBelow: number): AreaProperties[] {
  const groups = new Map<string, BuurtEntry[]>();
  for (const e of entries) {
    const key = level === 'wijk' ? e.buurt.wijkCode : e.buurt.gemeenteCode;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e);
  }
  return [...groups]
    .map(([code, parts]) => {
      const pub = parts.map((p) => buurtPublic(p.buurt, p.stats, suppressBelow).summary);
      const every = <T>(f: (i: number) => T | null): T[] | null => {
        const xs = pub.map((_, i) => f(i));
        return xs.every((x) => x !== null) ? (xs as T[]) : null;
      };
      const sum = (xs: number[] | null, digits = 0) =>
        xs === null
          ? null
          : round(
              xs.reduce((s, x) => s + x, 0),
              digits,
            );
      const stockKnown = every((i) => pub[i].expectedProblems);
      const surveyKnown = every((i) => pub[i].expectedProblemsSurvey);
      const scored = parts.reduce((s, p) => s + p.stats.scored, 0);
      const dwellings = sum(every((i) => pub[i].dwellings));
      const meanProbability = stockKnown && scored > 0 ? round(parts.reduce((s, p) => s + (p.stats.stock?.sum ?? 0), 0) / scored, 4) : null;
      const meanProbabilitySurvey =
        surveyKnown && scored > 0 ? round(parts.reduce((s, p) => s + p.stats.sumProbability, 0) / scored, 4) : null;
      const shareKnown = surveyKnown && every((i) => pub[i].shareDE) !== null;
      const preKnown = dwellings !== null && every((i) => pub[i].sharePre1945) !== null;
      return {
        level,
        code,
        gemeenteCode: parts[0].buurt.gemeenteCode,
        buurten: parts.length,
        dwellings,
        meanProbability,
        meanProbabilitySurvey,
        riskClass:
          meanProbability !== null
            ? riskClassOf(meanProbability)
            : meanProbabilitySurvey === null
              ? null
              : riskClassOf(meanProbabilitySurvey),
        expectedProblems: sum(stockKnown, 1),
        expectedProblemsSurvey: sum(surveyKnown, 1),
        shareDE: shareKnown && scored > 0 ? round(parts.reduce((s, p) => s + p.stats.countDE, 0) / scored, 4) : null,
        sharePre1945: preKnown && dwellings! > 0 ? round(parts.reduce((s, p) => s + p.stats.pre1945, 0) / dwellings!, 4) : null,
        surveyed: sum(every((i) => pub[i].surveyed)),
        restored: sum(every((i) => pub[i].restored)),
        byPeriod: PERIOD_LABELS.map((period, k) => ({ period, count: sum(every((i) => pub[i].byPeriod[k].count)) })),
        byClass: CLASS_BUCKETS.map((riskClass, k) => ({ riskClass, count: sum(every((i) => pub[i].byClass[k].count)) })),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The scalar properties of an area for a vector tile (breakdowns left out). */
export function areaTileProperties(a: AreaProperties): Record<string, unknown> {
  const { byPeriod: _p, byClass: _c, ...flat } = a;
  return flat;
}

/** An area's geometry for tiles: its buurten's polygons collected into one MultiPolygon (not dissolved). */
export function areaGeometry(entries: readonly BuurtEntry[]): { type: 'MultiPolygon'; coordinates: unknown[] } {
  return {
    type: 'MultiPolygon',
    coordinates: entries.flatMap((e) =>
      e.buurt.geometry.type === 'Polygon' ? [e.buurt.geometry.coordinates] : e.buurt.geometry.coordinates,
    ),
  };
}

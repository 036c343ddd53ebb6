import { classCell, hiddenBuurtCounts, periodCell } from './buurt-suppression.js';
import { RISK_CLASSES, type AddressRecord, type RegisterRecord, type RiskClass } from './records.js';

/** Construction periods used in area statistics. */
export const PERIODS = [
  { label: 'voor 1920', before: 1920 },
  { label: '1920–1944', before: 1945 },
  { label: '1945–1969', before: 1970 },
  { label: '1970–1994', before: 1995 },
  { label: 'vanaf 1995', before: Number.POSITIVE_INFINITY },
] as const;
export type PeriodLabel = (typeof PERIODS)[number]['label'] | 'onbekend';
export const PERIOD_LABELS: readonly PeriodLabel[] = [...PERIODS.map((p) => p.label), 'onbekend'];
export const NOT_SCORED = 'niet gescoord' as const;
export type ClassBucket = RiskClass | typeof NOT_SCORED;
export const CLASS_BUCKETS: readonly ClassBucket[] = [...RISK_CLASSES, NOT_SCORED];

/** The construction period of a building year. */
export function periodOf(bouwjaar: number | null): PeriodLabel {
  if (bouwjaar === null) return 'onbekend';
  return PERIODS.find((p) => bouwjaar < p.before)!.label;
}

/**
 * Exact (unsuppressed) statistics of one buurt. Every count is of dwellings (addresses), including
 * `surveyed`/`restored` (dwellings in surveyed/restored buildings); `sumProbability` is the expected
 * number of dwellings whose building has a problem foundation (not the number of foundations: a block
 * of flats counts once per dwelling).
 */
export interface BuurtStats {
  dwellings: number;
  scored: number;
  sumProbability: number;
  countDE: number;
  pre1945: number;
  surveyed: number;
  restored: number;
  byPeriod: Record<PeriodLabel, number>;
  byClass: Record<ClassBucket, number>;
}

/** What the statistics need to know of one address. */
export interface StatsInput {
  address: Pick<AddressRecord, 'bouwjaar'>;
  register: Pick<RegisterRecord, 'onderzocht' | 'hersteld'> | null;
  score: { probability: number | null; riskClass: RiskClass | null };
}

/** Computes a buurt's statistics from its addresses. Unscored addresses add nothing to the expectation. */
export function computeBuurtStats(entries: readonly StatsInput[]): BuurtStats {
  const byPeriod = Object.fromEntries(PERIOD_LABELS.map((l) => [l, 0])) as Record<PeriodLabel, number>;
  const byClass = Object.fromEntries(CLASS_BUCKETS.map((c) => [c, 0])) as Record<ClassBucket, number>;
  const stats: BuurtStats = { dwellings: 0, scored: 0, sumProbability: 0, countDE: 0, pre1945: 0, surveyed: 0, restored: 0, byPeriod, byClass };
  for (const { address, register, score } of entries) {
    stats.dwellings += 1;
    const period = periodOf(address.bouwjaar);
    byPeriod[period] += 1;
    if (address.bouwjaar !== null && address.bouwjaar < 1945) stats.pre1945 += 1;
    if (register?.onderzocht) stats.surveyed += 1;
    if (register?.hersteld) stats.restored += 1;
    byClass[score.riskClass ?? NOT_SCORED] += 1;
    if (score.probability === null) continue;
    stats.scored += 1;
    stats.sumProbability += score.probability;
    if (score.riskClass === 'D' || score.riskClass === 'E') stats.countDE += 1;
  }
  return stats;
}

/** Flat, public summary of a buurt with small counts suppressed (null). */
export interface BuurtSummary {
  dwellings: number | null;
  meanProbability: number | null;
  expectedProblems: number | null;
  shareDE: number | null;
  sharePre1945: number | null;
  surveyed: number | null;
  restored: number | null;
  byPeriod: { period: PeriodLabel; count: number | null }[];
  byClass: { riskClass: ClassBucket; count: number | null }[];
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Public summary: counts from 1 to `suppressBelow − 1` become null, and so does every count that could
 * be worked out from the published figures (`hiddenBuurtCounts`: relations between breakdowns, totals and
 * the counts that shares and means reveal). A figure that reveals a hidden count is withheld: the
 * expected number of problems when `scored` is hidden (with the mean it gives `scored`), a share when
 * its numerator or denominator is hidden. Zero stays zero. A buurt with fewer dwellings than the
 * threshold shows only that it is small. The mean probability is not a count and stays.
 */
export function publicSummary(s: BuurtStats, suppressBelow: number): BuurtSummary {
  const small = s.dwellings < suppressBelow;
  const hidden = small ? null : hiddenBuurtCounts(s, suppressBelow);
  const shown = (name: string, n: number) => (hidden === null || hidden.has(name) ? null : n);
  const share = (n: number, of: number) => (of === 0 ? null : round(n / of, 4));
  const fewScored = small || s.scored < suppressBelow;
  return {
    dwellings: shown('dwellings', s.dwellings),
    meanProbability: fewScored ? null : round(s.sumProbability / s.scored, 4),
    expectedProblems: fewScored || hidden!.has('scored') ? null : round(s.sumProbability, 1),
    shareDE: small || hidden!.has('countDE') || hidden!.has('scored') ? null : share(s.countDE, s.scored),
    sharePre1945: small || hidden!.has('pre1945') || hidden!.has('dwellings') ? null : share(s.pre1945, s.dwellings),
    surveyed: shown('surveyed', s.surveyed),
    restored: shown('restored', s.restored),
    byPeriod: PERIOD_LABELS.map((period) => ({ period, count: shown(periodCell(period), s.byPeriod[period]) })),
    byClass: CLASS_BUCKETS.map((riskClass) => ({ riskClass, count: shown(classCell(riskClass), s.byClass[riskClass]) })),
  };
}

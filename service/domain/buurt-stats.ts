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
  /** Survey scale: Σ probabilitySurvey over scored dwellings. */
  sumProbability: number;
  /**
   * Stock scale: the expected number of dwellings in problem buildings (Σ pStock) with the variance of
   * that count (dwellings of one pand share its foundation; plus the stock calibration's own uncertainty),
   * or null when the model has no stock scale.
   */
  stock: { sum: number; variance: number } | null;
  countDE: number;
  pre1945: number;
  surveyed: number;
  restored: number;
  byPeriod: Record<PeriodLabel, number>;
  byClass: Record<ClassBucket, number>;
}

/** What the statistics need to know of one address. */
export interface StatsInput {
  address: Pick<AddressRecord, 'bouwjaar' | 'pandId'>;
  register: Pick<RegisterRecord, 'onderzocht' | 'hersteld'> | null;
  score: { probability: number | null; probabilityStock: number | null; margin: number | null; riskClass: RiskClass | null };
}

/**
 * Variance of Σ pStock over a buurt's dwellings: Σ over panden of (dwellings)² · p(1 − p) (a pand's
 * dwellings share one foundation), plus gᵀ Σ g for the stock calibration's covariance Σ of (a, b), with
 * g = Σ p(1 − p) · (margin, 1) the sum's gradient.
 */
function stockVariance(entries: readonly StatsInput[], covariance: readonly [number, number, number] | null): number {
  const perPand = new Map<string, { n: number; v: number }>();
  let ga = 0;
  let gb = 0;
  let variance = 0;
  for (const { address, score } of entries) {
    if (score.probabilityStock === null || score.margin === null) continue;
    const v = score.probabilityStock * (1 - score.probabilityStock);
    ga += v * score.margin;
    gb += v;
    if (address.pandId === null) {
      variance += v;
      continue;
    }
    const p = perPand.get(address.pandId);
    if (p) p.n += 1;
    else perPand.set(address.pandId, { n: 1, v });
  }
  for (const { n, v } of perPand.values()) variance += n * n * v;
  if (covariance) variance += ga * ga * covariance[0] + 2 * ga * gb * covariance[1] + gb * gb * covariance[2];
  return variance;
}

/**
 * Computes a buurt's statistics from its addresses. Unscored addresses add nothing to the expectation.
 * `stockCovariance` is the manifest's covariance of the stock calibration, or null when the model has no
 * stock scale (then `stock` is null).
 */
export function computeBuurtStats(
  entries: readonly StatsInput[],
  stockCovariance: readonly [number, number, number] | null = null,
): BuurtStats {
  const byPeriod = Object.fromEntries(PERIOD_LABELS.map((l) => [l, 0])) as Record<PeriodLabel, number>;
  const byClass = Object.fromEntries(CLASS_BUCKETS.map((c) => [c, 0])) as Record<ClassBucket, number>;
  const stats: BuurtStats = {
    dwellings: 0,
    scored: 0,
    sumProbability: 0,
    stock: null,
    countDE: 0,
    pre1945: 0,
    surveyed: 0,
    restored: 0,
    byPeriod,
    byClass,
  };
  let stockSum = 0;
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
    if (score.probabilityStock !== null) stockSum += score.probabilityStock;
    if (score.riskClass === 'D' || score.riskClass === 'E') stats.countDE += 1;
  }
  if (stockCovariance !== null) stats.stock = { sum: stockSum, variance: stockVariance(entries, stockCovariance) };
  return stats;
}

/** Flat, public summary of a buurt with small counts suppressed (null). */
export interface BuurtSummary {
  dwellings: number | null;
  /** Stock scale mean (null when suppressed or without a stock scale). */
  meanProbability: number | null;
  meanProbabilitySurvey: number | null;
  /** Stock scale: expected dwellings in problem buildings, with a 95 % interval. */
  expectedProblems: number | null;
  expectedProblemsInterval: [number, number] | null;
  /** Survey scale sum: relative, overstates counts. */
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
  // expected ÷ mean gives `scored` on either scale: both expectations go whenever `scored` is hidden.
  const scoredHidden = fewScored || hidden!.has('scored');
  const stock = fewScored ? null : s.stock;
  const half = stock ? 1.96 * Math.sqrt(stock.variance) : 0;
  return {
    dwellings: shown('dwellings', s.dwellings),
    meanProbability: stock ? round(stock.sum / s.scored, 4) : null,
    meanProbabilitySurvey: fewScored ? null : round(s.sumProbability / s.scored, 4),
    expectedProblems: stock && !scoredHidden ? round(stock.sum, 1) : null,
    // Not clamped at `scored`: a clamped bound would publish the hidden count.
    expectedProblemsInterval: stock && !scoredHidden ? [round(Math.max(0, stock.sum - half), 1), round(stock.sum + half, 1)] : null,
    expectedProblemsSurvey: scoredHidden ? null : round(s.sumProbability, 1),
    shareDE: small || hidden!.has('countDE') || hidden!.has('scored') ? null : share(s.countDE, s.scored),
    sharePre1945: small || hidden!.has('pre1945') || hidden!.has('dwellings') ? null : share(s.pre1945, s.dwellings),
    surveyed: shown('surveyed', s.surveyed),
    restored: shown('restored', s.restored),
    byPeriod: PERIOD_LABELS.map((period) => ({ period, count: shown(periodCell(period), s.byPeriod[period]) })),
    byClass: CLASS_BUCKETS.map((riskClass) => ({ riskClass, count: shown(classCell(riskClass), s.byClass[riskClass]) })),
  };
}

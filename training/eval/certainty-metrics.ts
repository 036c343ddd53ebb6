/**
 * Whether the certainty an answer claims is the certainty it delivers, measured against a hidden truth
 * (issue 11): scale of the probabilities (mean ÷ true rate, ECE, buurt sums), and the 95 % sets (coverage
 * per true label, per construction period, per buurt; how often a bad building is told "no problem").
 * Pure functions on arrays; `bench/certainty.ts` feeds them and prints their spread over runs.
 */
import type { ConformalLabel } from '../../service/domain/conformal.js';
import { calibrationTable, rocAuc } from './metrics.js';

/** The spread of one figure over runs (NaN runs left out). */
export interface Spread {
  mean: number;
  min: number;
  p5: number;
  p95: number;
  max: number;
  runs: number;
}

/** The `q`-quantile (0…1) with linear interpolation between order statistics; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** Mean, min, 5th and 95th percentile and max of the values that are numbers. */
export function spreadOf(values: readonly number[]): Spread {
  const v = values.filter((x) => !Number.isNaN(x));
  if (v.length === 0) return { mean: Number.NaN, min: Number.NaN, p5: Number.NaN, p95: Number.NaN, max: Number.NaN, runs: 0 };
  return {
    mean: v.reduce((a, b) => a + b, 0) / v.length,
    min: Math.min(...v),
    p5: quantile(v, 0.05),
    p95: quantile(v, 0.95),
    max: Math.max(...v),
    runs: v.length,
  };
}

const sum = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i += 1) s += xs[i];
  return s;
};

/** Mean probability ÷ true problem rate (1 = right on average; 2.3 = sums 2.3 × too high). */
export function meanRatio(p: ArrayLike<number>, truth: ArrayLike<number>): number {
  const t = sum(truth);
  return t === 0 ? Number.NaN : sum(p) / t;
}

/** Expected calibration error: row-weighted mean |mean p − true rate| over `bins` equal-width bins. */
export function expectedCalibrationError(p: ArrayLike<number>, truth: ArrayLike<number>, bins = 10): number {
  if (p.length === 0) return Number.NaN;
  return calibrationTable(p, truth, bins).reduce((s, b) => s + b.count * Math.abs(b.meanPredicted - b.observedRate), 0) / p.length;
}

/**
 * Buurt-sum error per 100 buildings: Σ over buurten |Σ p − Σ truth| ÷ number of buildings × 100, i.e.
 * how many problem buildings per 100 the buurt sums (the planners' map) are off by, buurt by buurt.
 */
export function buurtSumErrorPer100(p: ArrayLike<number>, truth: ArrayLike<number>, buurt: readonly string[]): number {
  const diff = new Map<string, number>();
  for (let i = 0; i < p.length; i += 1) diff.set(buurt[i], (diff.get(buurt[i]) ?? 0) + p[i] - truth[i]);
  if (p.length === 0) return Number.NaN;
  return ([...diff.values()].reduce((s, d) => s + Math.abs(d), 0) / p.length) * 100;
}

/** Whether a set contains the true label (1 = problem). */
export const covers = (set: readonly ConformalLabel[], truth: number): boolean => set.includes(truth === 1 ? 'problem' : 'no-problem');

/** True for the answer "with 95 % certainty: no problem" (the set is exactly {no-problem}). */
export const toldNoProblem = (set: readonly ConformalLabel[]): boolean => set.length === 1 && set[0] === 'no-problem';

/** True for the answer "uncertain" (both labels in the set). */
export const toldBoth = (set: readonly ConformalLabel[]): boolean => set.length === 2;

/** Share of the rows kept by `keep` for which `test` holds; NaN when no row is kept. */
export function shareWhere(n: number, keep: (i: number) => boolean, test: (i: number) => boolean): number {
  let kept = 0;
  let hit = 0;
  for (let i = 0; i < n; i += 1) {
    if (!keep(i)) continue;
    kept += 1;
    if (test(i)) hit += 1;
  }
  return kept === 0 ? Number.NaN : hit / kept;
}

/** Coverage per group (e.g. buurt), for groups of at least `minSize` rows. */
export function coverageByGroup(
  sets: readonly (readonly ConformalLabel[])[],
  truth: ArrayLike<number>,
  group: readonly string[],
  minSize: number,
): Map<string, number> {
  const n = new Map<string, number>();
  const hit = new Map<string, number>();
  sets.forEach((s, i) => {
    n.set(group[i], (n.get(group[i]) ?? 0) + 1);
    if (covers(s, truth[i])) hit.set(group[i], (hit.get(group[i]) ?? 0) + 1);
  });
  return new Map([...n].filter(([, size]) => size >= minSize).map(([g, size]) => [g, (hit.get(g) ?? 0) / size]));
}

/** Everything known about the held-out buildings of one run. */
export interface HeldOutBuildings {
  /** Probability on the survey scale: the chance a survey would find D/E. */
  pSurvey: ArrayLike<number>;
  /** Probability on the stock scale (the chance the foundation is D/E), or null where none is given. */
  pStock: readonly (number | null)[];
  /** The 95 % set per building. */
  sets: readonly (readonly ConformalLabel[])[];
  /** Hidden truth: 1 = the foundation has a problem. */
  truth: ArrayLike<number>;
  /** Whether the building has a survey in the register. */
  surveyed: readonly boolean[];
  buurt: readonly string[];
  /** Construction-period group (service/domain/buurt-stats.ts `periodOf`). */
  period: readonly string[];
}

/** Smallest buurt (in buildings) whose coverage enters the buurt percentile. */
export const MIN_BUURT_BUILDINGS = 20;

/**
 * The figures of one run, by name. Stock-scale figures are NaN when any building lacks `pStock` (the
 * answer has no stock scale). `surveyedTest` holds the surveyed test rows against their register label.
 */
export function certaintyFigures(
  b: HeldOutBuildings,
  surveyedTest: { p: ArrayLike<number>; label: ArrayLike<number> },
  periods: readonly string[],
): Record<string, number> {
  const n = b.truth.length;
  const all = () => true;
  const stock = b.pStock.every((p) => p !== null) ? (b.pStock as number[]) : null;
  const byBuurt = [...coverageByGroup(b.sets, b.truth, b.buurt, MIN_BUURT_BUILDINGS).values()];
  const cover = (keep: (i: number) => boolean) => shareWhere(n, keep, (i) => covers(b.sets[i], b.truth[i]));
  const figures: Record<string, number> = {
    'true problem rate': sum(b.truth) / n,
    'survey scale: mean p ÷ true rate': meanRatio(b.pSurvey, b.truth),
    'survey scale: ECE (10 bins)': expectedCalibrationError(b.pSurvey, b.truth),
    'survey scale: buurt-sum error per 100': buurtSumErrorPer100(b.pSurvey, b.truth, b.buurt),
    'survey scale: AUC vs truth': rocAuc(b.pSurvey, b.truth),
    'stock scale: mean p ÷ true rate': stock ? meanRatio(stock, b.truth) : Number.NaN,
    'stock scale: ECE (10 bins)': stock ? expectedCalibrationError(stock, b.truth) : Number.NaN,
    'stock scale: buurt-sum error per 100': stock ? buurtSumErrorPer100(stock, b.truth, b.buurt) : Number.NaN,
    'stock scale: AUC vs truth': stock ? rocAuc(stock, b.truth) : Number.NaN,
    'sets: coverage, all buildings': cover(all),
    'sets: coverage, truly D/E': cover((i) => b.truth[i] === 1),
    'sets: coverage, truly good': cover((i) => b.truth[i] === 0),
  };
  for (const period of periods) figures[`sets: coverage, built ${period}`] = cover((i) => b.period[i] === period);
  figures[`sets: 5th-percentile buurt coverage (buurten ≥ ${MIN_BUURT_BUILDINGS} buildings)`] = quantile(byBuurt, 0.05);
  figures['sets: truly bad unsurveyed told {no-problem}'] = shareWhere(
    n,
    (i) => b.truth[i] === 1 && !b.surveyed[i],
    (i) => toldNoProblem(b.sets[i]),
  );
  figures['sets: truly good unsurveyed told {no-problem}'] = shareWhere(
    n,
    (i) => b.truth[i] === 0 && !b.surveyed[i],
    (i) => toldNoProblem(b.sets[i]),
  );
  figures['sets: share {both}, all buildings'] = shareWhere(n, all, (i) => toldBoth(b.sets[i]));
  figures['sets: share {both}, surveyed buildings'] = shareWhere(
    n,
    (i) => b.surveyed[i],
    (i) => toldBoth(b.sets[i]),
  );
  figures['surveyed test rows: AUC vs register label'] = rocAuc(surveyedTest.p, surveyedTest.label);
  return figures;
}

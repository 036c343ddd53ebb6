import type { MondrianConformal, PeriodGroup } from '../../service/domain/conformal.js';
import { periodGroupOf } from '../../service/domain/conformal.js';
import { auditPopulationProbability, type StockCalibration } from './noisy-platt.js';
import type { SurveyError } from './survey-error.js';

/** Calibration rows for the stock-directed sets: out-of-fold margins of the audit sample. */
export interface AuditCalibration {
  margins: ArrayLike<number>;
  /** Noisy audit labels ỹ (1 = the audit survey found D/E). */
  labels: ArrayLike<number>;
  bouwjaar: ArrayLike<number>;
  buurten: number;
  /**
   * Margins of the unlabelled buildings of the calibration buurten drawn from the same population as the
   * audit sample (not surveyed on suspicion): they enter the label-conditional thresholds weighted by
   * their stock-scale chance of each label. Empty = audit rows only.
   */
  unlabelled?: ArrayLike<number>;
}

/**
 * The chance that an audit row's foundation is truly D/E given its survey reading ỹ and its stock-scale
 * probability p: P(y=1 | ỹ=1) = p(1−e1) / (p(1−e1) + (1−p)e0), P(y=1 | ỹ=0) = p·e1 / (p·e1 + (1−p)(1−e0)).
 * Counting true-label rows by these weights corrects the audit labels for survey error without the
 * negative, jumpy counts a plain inversion of the error matrix gives on a few hundred rows.
 */
function truePositiveWeights(margins: readonly number[], labels: readonly number[], e: SurveyError, stock: StockCalibration): number[] {
  return margins.map((m, i) => {
    const p = auditPopulationProbability(m, stock);
    const yes = labels[i] === 1 ? p * (1 - e.falseNegative) : p * e.falseNegative;
    const no = labels[i] === 1 ? (1 - p) * e.falsePositive : (1 - p) * (1 - e.falsePositive);
    return yes / Math.max(1e-300, yes + no);
  });
}

/**
 * Label-conditional threshold for one label: scanning margins from the side where the label is least
 * plausible, the label is dropped for rows up to the last margin at which (weight of true-label rows
 * dropped) + 1 ≤ α · (weight of true-label rows + 1). Null = too few rows of that label: it always stays.
 */
function labelThreshold(margins: readonly number[], w1: readonly number[], label: 0 | 1, alpha: number): number | null {
  const order = margins.map((_, i) => i).sort((i, j) => (label === 1 ? margins[i] - margins[j] : margins[j] - margins[i]));
  const weight = (i: number) => (label === 1 ? w1[i] : 1 - w1[i]);
  const size = order.reduce((s, i) => s + weight(i), 0);
  let dropped = 0;
  let best: number | null = null;
  for (let k = 0; k < order.length; ) {
    const m = margins[order[k]];
    if (dropped + 1 > alpha * (size + 1)) break;
    best = m;
    while (k < order.length && margins[order[k]] === m) {
      dropped += weight(order[k]);
      k += 1;
    }
  }
  return best;
}

/**
 * Marginal threshold within one period group on the stock scale (score 1 − pStock(true label)): the
 * smallest q such that the weighted true-label miscoverage + 1 ≤ α · (rows + 1).
 * Returns margin thresholds: "problem" when margin ≥ from, "no problem" when margin ≤ upTo; null = always.
 */
function groupThresholds(
  margins: readonly number[],
  w1: readonly number[],
  alpha: number,
  stock: StockCalibration,
): { from: number | null; upTo: number | null } {
  const n = margins.length;
  if (alpha * (n + 1) < 1) return { from: null, upTo: null };
  const p = margins.map((m) => auditPopulationProbability(m, stock));
  const candidates = [...new Set(p.flatMap((v) => [v, 1 - v]))].sort((x, y) => y - x);
  let best = 1;
  for (const q of candidates) {
    let miss = 0;
    for (let i = 0; i < n; i += 1) {
      if (1 - p[i] > q) miss += w1[i];
      if (p[i] > q) miss += 1 - w1[i];
    }
    if (miss + 1 > alpha * (n + 1)) break;
    best = q;
  }
  if (best >= 1) return { from: null, upTo: null };
  const logit = (v: number) => Math.log(v / (1 - v));
  const toMargin = (v: number) => (logit(Math.min(1 - 1e-12, Math.max(1e-12, v))) - stock.b) / stock.a;
  return { from: toMargin(1 - best), upTo: toMargin(best) };
}

const lower = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.min(x, y));
const upper = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.max(x, y));

/**
 * Stock-directed 95 % sets: the union of (1) label-conditional sets (covers ≥ 1 − α of truly D/E and of
 * truly sound buildings), from the audit rows, each counted towards a true label by the posterior chance
 * of that label given its survey reading, together with the unlabelled buildings of the same population,
 * each counted by its stock-scale chance (so the thresholds rest on thousands of buildings, not on the
 * few dozen D/E ones of the audit, and lean on the stock calibration); and (2) split-conformal marginal
 * sets per construction-period group on the audit rows alone (covers ≥ 1 − α of the buildings of each
 * group). A union covers whenever either part does, so both hold for buildings like the audit sample.
 */
export function mondrianThresholds(
  cal: AuditCalibration,
  groups: readonly PeriodGroup[],
  alpha: number,
  error: SurveyError,
  stock: StockCalibration,
): MondrianConformal {
  const margins = Array.from(cal.margins);
  const w1 = truePositiveWeights(margins, Array.from(cal.labels), error, stock);
  const pool = [...margins, ...Array.from(cal.unlabelled ?? [])];
  const poolW1 = [...w1, ...Array.from(cal.unlabelled ?? [], (m) => auditPopulationProbability(m, stock))];
  const problemFrom = labelThreshold(pool, poolW1, 1, alpha);
  const noProblemUpTo = labelThreshold(pool, poolW1, 0, alpha);
  return {
    guarantee: 'mondrian-label-period',
    calibrationRows: margins.length,
    calibrationBuurten: cal.buurten,
    label: { problemFrom, noProblemUpTo },
    periodGroups: groups.map((g) => {
      const idx = margins.map((_, i) => i).filter((i) => periodGroupOf(cal.bouwjaar[i], groups) === g.name);
      const own = groupThresholds(
        idx.map((i) => margins[i]),
        idx.map((i) => w1[i]),
        alpha,
        stock,
      );
      return { ...g, rows: idx.length, problemFrom: lower(problemFrom, own.from), noProblemUpTo: upper(noProblemUpTo, own.upTo) };
    }),
  };
}

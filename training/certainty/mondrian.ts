import type { MondrianConformal, PeriodGroup } from '../../service/domain/conformal.js';
import { periodGroupOf } from '../../service/domain/conformal.js';
import { stockProbability, type StockCalibration } from './noisy-platt.js';
import type { SurveyError } from './survey-error.js';

/** Calibration rows for the stock-directed sets: out-of-fold margins of the audit sample. */
export interface AuditCalibration {
  margins: ArrayLike<number>;
  /** Noisy audit labels ỹ (1 = the audit survey found D/E). */
  labels: ArrayLike<number>;
  bouwjaar: ArrayLike<number>;
  buurten: number;
}

/**
 * Counts of rows whose TRUE label is 1 (resp. 0) among the rows flagged in `mask`, corrected for survey
 * error: with N̂1, N̂0 the counts by observed label, E[N̂1] = (1−e1)A1 + e0·A0 and E[N̂0] = e1·A1 + (1−e0)·A0,
 * which inverts to the unbiased A1, A0 below (Sesia et al. 2023 use the same inversion for noisy labels).
 */
function trueCounts(n1: number, n0: number, e: SurveyError): { a1: number; a0: number } {
  const k = 1 - e.falsePositive - e.falseNegative;
  return { a1: ((1 - e.falsePositive) * n1 - e.falsePositive * n0) / k, a0: ((1 - e.falseNegative) * n0 - e.falseNegative * n1) / k };
}

/**
 * Label-conditional threshold for one label: scanning margins from the side where the label is least
 * plausible, the label is dropped for rows beyond the last margin at which (estimated true-label rows
 * dropped) + 1 ≤ α · (estimated true-label rows + 1). Null = too few rows of that label: it always stays.
 */
function labelThreshold(margins: readonly number[], labels: readonly number[], label: 0 | 1, alpha: number, e: SurveyError): number | null {
  const order = margins.map((_, i) => i).sort((i, j) => (label === 1 ? margins[i] - margins[j] : margins[j] - margins[i]));
  let n1 = 0;
  for (const y of labels) n1 += y;
  const total = trueCounts(n1, labels.length - n1, e);
  const size = label === 1 ? total.a1 : total.a0;
  let below1 = 0; let below0 = 0; let best: number | null = null;
  for (let k = 0; k < order.length; ) {
    const m = margins[order[k]];
    const dropped = trueCounts(below1, below0, e);
    if ((label === 1 ? dropped.a1 : dropped.a0) + 1 > alpha * (size + 1)) break;
    best = m;
    while (k < order.length && margins[order[k]] === m) { if (labels[order[k]] === 1) below1 += 1; else below0 += 1; k += 1; }
  }
  return best;
}

/**
 * Marginal threshold within one period group on the stock scale (score 1 − pStock(true label)): the
 * smallest q such that the estimated true-label miscoverage + 1 ≤ α · (rows + 1) for q and every larger q.
 * Returns margin thresholds: "problem" when margin ≥ from, "no problem" when margin ≤ upTo; null = always.
 */
function groupThresholds(margins: readonly number[], labels: readonly number[], alpha: number, e: SurveyError, stock: StockCalibration): { from: number | null; upTo: number | null } {
  const n = margins.length;
  if (alpha * (n + 1) < 1) return { from: null, upTo: null };
  const p = margins.map((m) => stockProbability(m, stock));
  const candidates = [...new Set(p.flatMap((v) => [v, 1 - v]))].sort((x, y) => y - x);
  let best = 1;
  for (const q of candidates) {
    let m1 = 0; let m0 = 0; let o1 = 0; let o0 = 0; // rows where label 1 (resp. 0) would be dropped, by observed label
    for (let i = 0; i < n; i += 1) {
      if (1 - p[i] > q) { if (labels[i] === 1) m1 += 1; else m0 += 1; }
      if (p[i] > q) { if (labels[i] === 1) o1 += 1; else o0 += 1; }
    }
    const miss = trueCounts(m1, m0, e).a1 + trueCounts(o1, o0, e).a0;
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
 * Stock-directed 95 % sets: the union of (1) label-conditional sets over all audit rows (covers ≥ 1 − α of
 * truly D/E and of truly sound buildings) and (2) marginal sets per construction-period group (covers
 * ≥ 1 − α of the buildings of each group). A union covers whenever either part does, so both hold, for
 * buildings exchangeable with the audit sample, up to the survey-error correction.
 */
export function mondrianThresholds(cal: AuditCalibration, groups: readonly PeriodGroup[], alpha: number, error: SurveyError, stock: StockCalibration): MondrianConformal {
  const margins = Array.from(cal.margins);
  const labels = Array.from(cal.labels);
  const problemFrom = labelThreshold(margins, labels, 1, alpha, error);
  const noProblemUpTo = labelThreshold(margins, labels, 0, alpha, error);
  return {
    guarantee: 'mondrian-label-period',
    calibrationRows: margins.length,
    calibrationBuurten: cal.buurten,
    label: { problemFrom, noProblemUpTo },
    periodGroups: groups.map((g) => {
      const idx = margins.map((_, i) => i).filter((i) => periodGroupOf(cal.bouwjaar[i], groups) === g.name);
      const own = groupThresholds(idx.map((i) => margins[i]), idx.map((i) => labels[i]), alpha, error, stock);
      return { ...g, rows: idx.length, problemFrom: lower(problemFrom, own.from), noProblemUpTo: upper(noProblemUpTo, own.upTo) };
    }),
  };
}

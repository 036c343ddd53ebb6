import { riskClassOf } from '../../service/domain/risk-class.js';
import { RISK_CLASSES } from '../../service/domain/records.js';
import { setCovers, conformalSet } from '../conformal.js';
import {
  atThreshold,
  brierScore,
  calibrationTable,
  logLoss,
  prAuc,
  rocAuc,
  type CalibrationBin,
  type ThresholdMetrics,
} from './metrics.js';

/** Conformal coverage and set sizes on one evaluation set. */
export interface CoverageReport {
  rows: number;
  coverage: number;
  /** Share of rows whose set is {problem, no problem} (uncertain). */
  uncertainShare: number;
  perRiskClass: { riskClass: string; rows: number; coverage: number | null; uncertainShare: number | null }[];
}

/** Every metric of one evaluation set of calibrated probabilities. */
export interface EvaluationSummary {
  rows: number;
  positives: number;
  prevalence: number;
  meanPredicted: number;
  rocAuc: number;
  prAuc: number;
  brier: number;
  logLoss: number;
  operating: ThresholdMetrics;
  calibration: CalibrationBin[];
  coverage: CoverageReport | null;
}

/** Conformal coverage of `p` against `labels`, overall and per risk class (A–E of the calibrated p). */
export function coverageReport(p: ArrayLike<number>, labels: ArrayLike<number>, qhat: number): CoverageReport {
  const perClass = new Map<string, { rows: number; covered: number; uncertain: number }>(
    RISK_CLASSES.map((c) => [c, { rows: 0, covered: 0, uncertain: 0 }]),
  );
  let covered = 0;
  let uncertain = 0;
  for (let i = 0; i < p.length; i += 1) {
    const c = perClass.get(riskClassOf(p[i])) as { rows: number; covered: number; uncertain: number };
    const ok = setCovers(p[i], qhat, labels[i]);
    const both = conformalSet(p[i], qhat) === 'both';
    c.rows += 1;
    c.covered += ok ? 1 : 0;
    c.uncertain += both ? 1 : 0;
    covered += ok ? 1 : 0;
    uncertain += both ? 1 : 0;
  }
  return {
    rows: p.length,
    coverage: covered / Math.max(1, p.length),
    uncertainShare: uncertain / Math.max(1, p.length),
    perRiskClass: [...perClass.entries()].map(([riskClass, c]) => ({
      riskClass,
      rows: c.rows,
      coverage: c.rows ? c.covered / c.rows : null,
      uncertainShare: c.rows ? c.uncertain / c.rows : null,
    })),
  };
}

/** Computes all metrics of calibrated probabilities `p` against `labels`. */
export function summarize(p: ArrayLike<number>, labels: ArrayLike<number>, threshold: number, qhat: number | null): EvaluationSummary {
  let positives = 0;
  let sumP = 0;
  for (let i = 0; i < p.length; i += 1) {
    positives += labels[i];
    sumP += p[i];
  }
  return {
    rows: p.length,
    positives,
    prevalence: positives / Math.max(1, p.length),
    meanPredicted: sumP / Math.max(1, p.length),
    rocAuc: rocAuc(p, labels),
    prAuc: prAuc(p, labels),
    brier: brierScore(p, labels),
    logLoss: logLoss(p, labels),
    operating: atThreshold(p, labels, threshold),
    calibration: calibrationTable(p, labels),
    coverage: qhat === null ? null : coverageReport(p, labels, qhat),
  };
}

import { periodGroupOf, type MondrianConformal } from '../../service/domain/conformal.js';
import type { Dataset } from '../../service/domain/records.js';
import { PROBLEM_CLASSES } from '../../service/domain/records.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import type { Progress } from '../progress.js';
import type { PandRows } from '../training-rows.js';
import { mondrianThresholds } from './mondrian.js';
import { fitNoisyPlatt, type StockCalibration } from './noisy-platt.js';
import { PERIOD_GROUPS } from './period-groups.js';
import { estimateSurveyError, type ResurveyPair, type SurveyError } from './survey-error.js';

/** Fewer audit rows than this outside the test buurten give no stock scale (and no stock-directed sets). */
export const MIN_AUDIT_ROWS = 100;

/** The stock scale of a model: calibration, the survey error behind it, and the stock-directed sets. */
export interface StockScale {
  calibration: StockCalibration;
  /** The chance a building was surveyed on suspicion, by margin: sigmoid(a · margin + b). */
  selection: { a: number; b: number };
  surveyError: SurveyError;
  mondrian: MondrianConformal;
}

/**
 * Buildings surveyed twice, independently, grouped by construction-period group (prevalences differ
 * between groups, which makes the error rates identifiable), and within a period by population: re-surveys
 * of the random audit sample, where problems are rare and disagreements are mostly false alarms, are a
 * group of their own beside those surveyed on suspicion. A re-survey after a restoration describes
 * another foundation and is left out.
 */
export function resurveyPairs(dataset: Dataset): ResurveyPair[] {
  const bad = (k: string) => (PROBLEM_CLASSES.includes(k as never) ? 1 : 0);
  const yearOf = new Map<string, number | null>();
  for (const a of dataset.addresses) if (a.pandId !== null && !yearOf.has(a.pandId)) yearOf.set(a.pandId, a.bouwjaar);
  return dataset.register.flatMap((r) => {
    if (!r.onderzocht || r.kwaliteitsklasse === null || r.herhaalKlasse === null) return [];
    if (r.hersteld && (r.herstelJaar === null || r.herhaalJaar === null || r.herhaalJaar > r.herstelJaar)) return [];
    const period = periodGroupOf(yearOf.get(r.pandId) ?? null, PERIOD_GROUPS) ?? 'onbekend';
    const group = r.steekproef ? `${period}|steekproef` : period;
    return [{ first: bad(r.kwaliteitsklasse), second: bad(r.herhaalKlasse), group }];
  });
}

/** The error rates to use: estimated from re-surveys when there are enough, else configured, else zero. */
export function surveyErrorFor(dataset: Dataset, configured: { falsePositive: number; falseNegative: number } | null): SurveyError {
  const estimated = estimateSurveyError(resurveyPairs(dataset));
  if (estimated) return estimated;
  if (configured) return { ...configured, source: 'configured', pairs: 0 };
  return { falsePositive: 0, falseNegative: 0, source: 'assumed-zero', pairs: 0 };
}

/**
 * Fits the stock scale on the audit rows among `trainIdx` (their cross-fitted margins `oof`, aligned with
 * `trainIdx`), or returns null (with a log line saying why) when there is no usable audit sample.
 */
export function fitStockScale(c: {
  dataset: Dataset;
  rows: PandRows;
  trainIdx: readonly number[];
  oof: Float64Array;
  alpha: number;
  /** Served-model margins of the unlabelled, unsurveyed buildings of the non-test buurten. */
  unlabelled: ArrayLike<number>;
  /** Margins of every pand of the non-test buurten and whether it was surveyed on suspicion (selection model). */
  selectionRows: { margins: readonly number[]; surveyed: readonly number[] };
  configured: { falsePositive: number; falseNegative: number } | null;
  log: Progress;
}): StockScale | null {
  const { rows, trainIdx, oof } = c;
  const pos = trainIdx.map((_, p) => p).filter((p) => rows.audit[trainIdx[p]] === 1);
  if (pos.length < MIN_AUDIT_ROWS) {
    c.log(`no stock scale: ${pos.length} audit (steekproef) rows outside the test buurten, at least ${MIN_AUDIT_ROWS} needed`);
    return null;
  }
  const surveyError = surveyErrorFor(c.dataset, c.configured);
  const margins = pos.map((p) => oof[p]);
  const labels = pos.map((p) => rows.y[trainIdx[p]]);
  const calibration = fitNoisyPlatt(margins, labels, surveyError);
  if (!(calibration.a > 0)) {
    c.log(`no stock scale: the audit sample does not rank with the model (slope ${calibration.a.toFixed(3)})`);
    return null;
  }
  const yearCol = FEATURE_NAMES.indexOf('bouwjaar');
  const bouwjaar = pos.map((p) => rows.x[trainIdx[p] * rows.width + yearCol]);
  const buurten = new Set(pos.map((p) => rows.buurtCodes[trainIdx[p]])).size;
  const mondrian = mondrianThresholds(
    { margins, labels, bouwjaar, buurten, unlabelled: c.unlabelled },
    PERIOD_GROUPS,
    c.alpha,
    surveyError,
    calibration,
  );
  const fit = fitNoisyPlatt(c.selectionRows.margins, c.selectionRows.surveyed, {
    falsePositive: 0,
    falseNegative: 0,
    source: 'assumed-zero',
    pairs: 0,
  });
  const selection = { a: fit.a, b: fit.b };
  c.log(
    `stock scale: a=${calibration.a.toFixed(4)} b=${calibration.b.toFixed(4)} on ${pos.length} audit rows in ${buurten} buurten; survey error ${surveyError.falsePositive.toFixed(3)}/${surveyError.falseNegative.toFixed(3)} (${surveyError.source})`,
  );
  return { calibration, selection, surveyError, mondrian };
}

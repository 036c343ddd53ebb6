import type { Dataset } from '../../service/domain/records.js';
import type { TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import type { TruthRow } from '../../service/adapters/dataset/dataset-schema.js';
import { calibratedProbabilities } from '../fit-calibrated.js';
import type { PlattCalibration } from '../platt.js';
import { selectRows, stockRows, type PandRows } from '../training-rows.js';
import { summarize, type EvaluationSummary } from './summary.js';

/**
 * Selection-bias measurement on synthetic data. The latent truth (`probleem`) is known for every pand,
 * so the served model can be scored on the whole building stock, not just on the surveyed buildings
 * that were surveyed *because* someone suspected a problem. Truth is never a training label.
 */
export interface StockEvaluation {
  /** Surveyed test panden scored against their register label (the headline set). */
  surveyedTestVsLabel: EvaluationSummary;
  /** The same surveyed test panden scored against the latent truth. */
  surveyedTestVsTruth: EvaluationSummary;
  /** Every pand in the test buurten (surveyed or not) scored against the latent truth. */
  testBuurtenStockVsTruth: EvaluationSummary;
  /** Every pand in the dataset against the latent truth (includes training buildings: optimistic). */
  wholeStockVsTruth: EvaluationSummary;
  /** Prevalence of the label among surveyed panden vs of the truth in the whole stock. */
  prevalence: { surveyedLabel: number; surveyedTruth: number; wholeStockTruth: number };
  /** Agreement of the register label with the truth on labelled panden. */
  labelAgreement: number;
}

function subset(rows: PandRows, keep: (i: number) => boolean): PandRows {
  return selectRows(rows, Array.from({ length: rows.rows }, (_, i) => i).filter(keep));
}

/** Scores the served model against the latent truth of a synthetic dataset. */
export function evaluateAgainstTruth(
  dataset: Dataset,
  truth: readonly TruthRow[],
  ensemble: TreeEnsemble,
  platt: PlattCalibration,
  labelled: PandRows,
  testRows: PandRows,
  threshold: number,
  qhat: number,
): StockEvaluation {
  const truthMap = new Map(truth.map((t) => [t.pand_id, t.probleem]));
  const stock = stockRows(dataset, truthMap);
  const testBuurten = new Set(testRows.buurtCodes);
  const score = (rows: PandRows) => summarize(calibratedProbabilities(ensemble, platt, rows), rows.y, threshold, qhat);
  const testTruth = { ...testRows, y: Uint8Array.from(testRows.pandIds, (p) => (truthMap.get(p) ? 1 : 0)) };
  let agree = 0;
  let surveyedTruth = 0;
  let known = 0;
  let labelPos = 0;
  labelled.pandIds.forEach((p, i) => {
    const t = truthMap.get(p);
    labelPos += labelled.y[i];
    if (t === undefined) return;
    known += 1;
    surveyedTruth += t ? 1 : 0;
    agree += (t ? 1 : 0) === labelled.y[i] ? 1 : 0;
  });
  const whole = score(stock);
  return {
    surveyedTestVsLabel: score(testRows),
    surveyedTestVsTruth: score(testTruth),
    testBuurtenStockVsTruth: score(subset(stock, (i) => testBuurten.has(stock.buurtCodes[i]))),
    wholeStockVsTruth: whole,
    prevalence: {
      surveyedLabel: labelPos / Math.max(1, labelled.rows),
      surveyedTruth: surveyedTruth / Math.max(1, known),
      wholeStockTruth: whole.prevalence,
    },
    labelAgreement: agree / Math.max(1, known),
  };
}

import type { TruthRow } from '../service/adapters/dataset/dataset-schema.js';
import type { Dataset } from '../service/domain/records.js';
import type { TreeEnsemble } from '../service/domain/trees/tree-ensemble.js';
import { predictMargins } from '../service/domain/trees/predict-trees.js';
import { buildModelCard, type ModelCard } from './card/model-card.js';
import { conformalQuantile } from './conformal.js';
import { crossValidate, perWijkAuc, type CrossValidationReport } from './eval/cross-validation.js';
import { bestF1Threshold, rocCurve } from './eval/metrics.js';
import { evaluateAgainstTruth, type StockEvaluation } from './eval/stock-evaluation.js';
import { summarize, type EvaluationSummary } from './eval/summary.js';
import { calibratedProbabilities, fitTrees } from './fit-calibrated.js';
import type { Hyperparameters } from './hyperparameters.js';
import { buildManifest } from './manifest.js';
import { exportOnnx } from './onnx/export-onnx.js';
import { fitPlatt, type PlattCalibration } from './platt.js';
import type { Progress } from './progress.js';
import { groupPartition } from './splits.js';
import { labelledRows, selectRows, type PandRows } from './training-rows.js';
import type { ManifestDraft } from '../service/domain/model-manifest.js';

/** Conformal miscoverage level: sets cover the true label for ≥ 95 % of buildings (marginally). */
export const CONFORMAL_ALPHA = 0.05;

/** Row fractions of the buurt-grouped split of the served model. */
export const SPLIT_FRACTIONS = { fit: 0.55, valid: 0.1, calibration: 0.15, test: 0.2 } as const;

/** What a training run needs. */
export interface TrainingInput {
  dataset: Dataset;
  /** Latent truth of synthetic data (evaluation only), or null. */
  truth: readonly TruthRow[] | null;
  datasetHash: string;
  version: string;
  params: Hyperparameters;
  /** Number of cross-validation folds; 0 skips cross-validation (fast tests). */
  cvFolds: number;
  log: Progress;
}

/** Everything a training run produces. */
export interface TrainingOutput {
  ensemble: TreeEnsemble;
  platt: PlattCalibration;
  onnx: Uint8Array;
  manifest: ManifestDraft;
  card: ModelCard;
  /** The exact rows the served trees were fit on and the spatial test rows of the headline metrics. */
  split: { train: PandRows; test: PandRows };
  /** Calibrated test probabilities and ROC points (for plots). */
  plots: { roc: { fpr: number; tpr: number }[]; calibration: EvaluationSummary['calibration'] };
}

/**
 * Trains the served model: buurt-grouped split into fit / early-stopping / calibration / test, boosted
 * trees on fit, Platt scaling and the conformal threshold on the calibration buurten, metrics on the test
 * buurten, plus spatial and random cross-validation and (for synthetic data) the whole-stock evaluation.
 */
export function trainModel(input: TrainingInput): TrainingOutput {
  const { dataset, params, log } = input;
  const rows = labelledRows(dataset);
  log(`${rows.rows} labelled panden (${rows.y.reduce((a, b) => a + b, 0)} with a problem) from ${dataset.addresses.length} addresses`);
  if (rows.rows < 50) throw new Error(`only ${rows.rows} labelled panden: too few to train`);

  const parts = groupPartition(rows.buurtCodes, SPLIT_FRACTIONS, params.seed);
  const [fit, valid, calibration, test] = [parts.fit, parts.valid, parts.calibration, parts.test].map((idx) => selectRows(rows, idx));
  log(`split by buurt: fit ${fit.rows}, early-stopping ${valid.rows}, calibration ${calibration.rows}, test ${test.rows} rows`);

  const started = performance.now();
  const model = fitTrees(fit, valid, params);
  const trainSeconds = (performance.now() - started) / 1000;
  log(`trained ${model.bestIteration} trees (of ${model.history.length} rounds) in ${trainSeconds.toFixed(2)}s`);

  const platt = fitPlatt(predictMargins(model.ensemble, calibration.x, calibration.rows), calibration.y);
  const pCal = calibratedProbabilities(model.ensemble, platt, calibration);
  const qhat = conformalQuantile(pCal, calibration.y, CONFORMAL_ALPHA);
  const threshold = bestF1Threshold(pCal, calibration.y);
  log(`Platt a=${platt.a.toFixed(4)} b=${platt.b.toFixed(4)}, conformal qhat=${qhat.toFixed(4)}, operating threshold ${threshold.toFixed(3)}`);

  const pTest = calibratedProbabilities(model.ensemble, platt, test);
  const headline = summarize(pTest, test.y, threshold, qhat);
  log(`spatial test: AUC ${headline.rocAuc.toFixed(4)}, Brier ${headline.brier.toFixed(4)}, coverage ${headline.coverage?.coverage.toFixed(3)}`);

  let spatialCv: CrossValidationReport | null = null;
  let randomCv: CrossValidationReport | null = null;
  if (input.cvFolds > 1) {
    spatialCv = crossValidate(rows, 'spatial-buurt', input.cvFolds, params, log, CONFORMAL_ALPHA);
    randomCv = crossValidate(rows, 'random', input.cvFolds, params, log, CONFORMAL_ALPHA);
    log(`CV AUC: spatial ${spatialCv.pooled.rocAuc.toFixed(4)} vs random ${randomCv.pooled.rocAuc.toFixed(4)}`);
  }
  let stock: StockEvaluation | null = null;
  if (input.truth) {
    stock = evaluateAgainstTruth(dataset, input.truth, model.ensemble, platt, rows, test, threshold, qhat);
    log(`whole stock vs truth: AUC ${stock.wholeStockVsTruth.rocAuc.toFixed(4)}, coverage ${stock.wholeStockVsTruth.coverage?.coverage.toFixed(3)}`);
  }

  const onnx = exportOnnx(model.ensemble, { calibration: platt, version: input.version });
  const manifest = buildManifest({
    version: input.version, datasetHash: input.datasetHash, info: dataset.info, width: rows.width,
    platt, qhat, calibrationRows: calibration.rows, alpha: CONFORMAL_ALPHA, threshold,
  });
  const card = buildModelCard({
    manifest, dataset, rows, parts: { fit, valid, calibration, test }, params, trees: model.bestIteration,
    rounds: model.history.length, trainSeconds, headline, calibrationFold: summarize(pCal, calibration.y, threshold, qhat),
    spatialCv, randomCv, perWijk: spatialCv ? perWijkAuc(rows, spatialCv.oof, dataset.buurten) : null, stock,
  });
  return {
    ensemble: model.ensemble, platt, onnx, manifest, card,
    split: { train: fit, test },
    plots: { roc: rocCurve(pTest, test.y), calibration: headline.calibration },
  };
}

import type { TreeEnsemble } from '../service/domain/trees/tree-ensemble.js';
import { plattProbability, predictMargins } from '../service/domain/trees/predict-trees.js';
import { FEATURE_NAMES } from '../service/features/feature-spec.js';
import { trainGbdt, type TrainedGbdt } from './gbdt.js';
import type { Hyperparameters } from './hyperparameters.js';
import { fitPlatt, type PlattCalibration } from './platt.js';
import type { PandRows } from './training-rows.js';

/** Calibrated probabilities of `rows` (float32, as the ONNX graph computes them). */
export function calibratedProbabilities(ensemble: TreeEnsemble, calibration: PlattCalibration, rows: PandRows): Float32Array {
  const margins = predictMargins(ensemble, rows.x, rows.rows);
  return margins.map((m) => plattProbability(m, calibration));
}

/** Trains on `fit` with early stopping on `valid`. */
export function fitTrees(fit: PandRows, valid: PandRows, params: Hyperparameters): TrainedGbdt {
  return trainGbdt(fit, params, FEATURE_NAMES, valid);
}

/**
 * Trains on `fit` (early stopping on `valid`), then fits Platt scaling on `calibration` (which the trees
 * never saw) and returns the calibrated probabilities of `test` and of `calibration`.
 */
export function fitAndPredict(
  fit: PandRows,
  valid: PandRows,
  calibration: PandRows,
  test: PandRows,
  params: Hyperparameters,
): { p: Float32Array; pCalibration: Float32Array; trees: number } {
  const model = fitTrees(fit, valid, params);
  const platt = fitPlatt(predictMargins(model.ensemble, calibration.x, calibration.rows), calibration.y);
  return {
    p: calibratedProbabilities(model.ensemble, platt, test),
    pCalibration: calibratedProbabilities(model.ensemble, platt, calibration),
    trees: model.bestIteration,
  };
}

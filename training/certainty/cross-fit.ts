import { predictMargins } from '../../service/domain/trees/predict-trees.js';
import { fitTrees } from '../fit-calibrated.js';
import type { Hyperparameters } from '../hyperparameters.js';
import { groupFolds, groupPartition } from '../splits.js';
import { selectRows, type PandRows } from '../training-rows.js';
import type { TrainedGbdt } from '../gbdt.js';

/** Share of the tree-training buurten held out for early stopping. */
export const EARLY_STOPPING_FRACTION = 0.15;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Fits trees on the surveyed-on-suspicion rows among `indices` (audit rows never enter a tree fit: they
 * calibrate the stock scale and the sets), with early stopping on a buurt-grouped part of them.
 */
export function fitOnSurveyed(rows: PandRows, indices: readonly number[], params: Hyperparameters, seed: number): TrainedGbdt {
  const surveyed = indices.filter((i) => rows.audit[i] === 0);
  const parts = groupPartition(surveyed.map((i) => rows.buurtCodes[i]), { fit: 1 - EARLY_STOPPING_FRACTION, valid: EARLY_STOPPING_FRACTION }, seed);
  const pick = (pos: number[]) => selectRows(rows, pos.map((p) => surveyed[p]));
  return fitTrees(pick(parts.fit), pick(parts.valid), params);
}

/**
 * Cross-fitted margins: the rows at `indices` are split into `k` folds by buurt; each fold's margins come
 * from trees fit on the other folds' surveyed rows. Every row's margin is then out of sample, spatially
 * too, so every buurt can calibrate (the probability scales and the conformal sets) without a separate
 * calibration part. Returns one margin per entry of `indices`.
 */
export function crossFitMargins(rows: PandRows, indices: readonly number[], k: number, params: Hyperparameters): Float64Array {
  const folds = groupFolds(indices.map((i) => rows.buurtCodes[i]), k, params.seed + 101);
  const out = new Float64Array(indices.length);
  for (let f = 0; f < k; f += 1) {
    const inFold = range(indices.length).filter((p) => folds[p] === f);
    if (inFold.length === 0) continue;
    const model = fitOnSurveyed(rows, range(indices.length).filter((p) => folds[p] !== f).map((p) => indices[p]), params, params.seed + f + 1);
    const target = selectRows(rows, inFold.map((p) => indices[p]));
    const m = predictMargins(model.ensemble, target.x, target.rows);
    inFold.forEach((p, j) => { out[p] = m[j]; });
  }
  return out;
}

import { predictMargins } from '../../service/domain/trees/predict-trees.js';
import type { Hyperparameters } from '../hyperparameters.js';
import { groupFolds, groupPartition } from '../splits.js';
import { selectRows, type PandRows } from '../training-rows.js';
import { trainGbdt, type LabelledMatrix, type TrainedGbdt } from '../gbdt.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';

/** Share of the tree-training buurten held out for early stopping. */
export const EARLY_STOPPING_FRACTION = 0.15;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Weight of an audit (steekproef) row in the tree fit, relative to a row surveyed on suspicion. Audit rows
 * are the only labels drawn at random from the stock, so they teach the trees the stock's ranking; they
 * still calibrate honestly because calibration uses only their cross-fitted (out-of-fold) margins.
 */
export const AUDIT_WEIGHT = 1;

/**
 * Fits trees on the labelled rows among `indices` (audit rows with weight `auditWeight`; 0 leaves them
 * out), with early stopping on a buurt-grouped part of them.
 */
export function fitOnLabelled(
  rows: PandRows,
  indices: readonly number[],
  params: Hyperparameters,
  seed: number,
  auditWeight = AUDIT_WEIGHT,
): TrainedGbdt {
  const used = auditWeight > 0 ? [...indices] : indices.filter((i) => rows.audit[i] === 0);
  const parts = groupPartition(
    used.map((i) => rows.buurtCodes[i]),
    { fit: 1 - EARLY_STOPPING_FRACTION, valid: EARLY_STOPPING_FRACTION },
    seed,
  );
  const pick = (pos: number[]) =>
    withAuditWeight(
      selectRows(
        rows,
        pos.map((p) => used[p]),
      ),
      auditWeight,
    );
  return trainGbdt(pick(parts.fit), params, FEATURE_NAMES, pick(parts.valid));
}

/** The rows with audit rows weighted `auditWeight` (0 drops them); unchanged for weight 1. */
function withAuditWeight(part: PandRows, auditWeight: number): LabelledMatrix {
  if (auditWeight === 1) return part;
  if (auditWeight === 0)
    return selectRows(
      part,
      range(part.rows).filter((i) => part.audit[i] === 0),
    );
  return { ...part, weight: Float64Array.from(part.audit, (a) => (a === 1 ? auditWeight : 1)) };
}

/**
 * Cross-fitted margins: the rows at `indices` are split into `k` folds by buurt; each fold's margins come
 * from trees fit on the other folds' labelled rows. Every row's margin is then out of sample, spatially
 * too, so every buurt can calibrate (the probability scales and the conformal sets) without a separate
 * calibration part, and audit rows can both teach the trees and calibrate them. The fold models grow
 * exactly `trees` trees (the served model's count, no early stopping), so their margins are on the
 * served model's scale: thresholds and calibrations fitted on them transfer to it.
 */
export function crossFitMargins(
  rows: PandRows,
  indices: readonly number[],
  k: number,
  params: Hyperparameters,
  trees: number,
  auditWeight = AUDIT_WEIGHT,
): Float64Array {
  const folds = groupFolds(
    indices.map((i) => rows.buurtCodes[i]),
    k,
    params.seed + 101,
  );
  const out = new Float64Array(indices.length);
  const foldParams = { ...params, nTrees: Math.max(1, trees), earlyStoppingRounds: 0 };
  for (let f = 0; f < k; f += 1) {
    const inFold = range(indices.length).filter((p) => folds[p] === f);
    if (inFold.length === 0) continue;
    const fit = withAuditWeight(
      selectRows(
        rows,
        range(indices.length)
          .filter((p) => folds[p] !== f)
          .map((p) => indices[p]),
      ),
      auditWeight,
    );
    const model = trainGbdt(fit, { ...foldParams, seed: params.seed + f + 1 }, FEATURE_NAMES);
    const target = selectRows(
      rows,
      inFold.map((p) => indices[p]),
    );
    const m = predictMargins(model.ensemble, target.x, target.rows);
    inFold.forEach((p, j) => {
      out[p] = m[j];
    });
  }
  return out;
}

import type { Hyperparameters } from '../hyperparameters.js';
import type { Progress } from '../progress.js';
import { selectRows, type PandRows } from '../training-rows.js';
import { crossValidate, type CrossValidationReport } from './cross-validation.js';

/** Repeated buurt-grouped cross-validation with the spread of its figures, plus one random-split run. */
export interface RepeatedCvReport {
  folds: number;
  repeats: number;
  /** Spatial (buurt-grouped) runs: fold AUCs of every repeat, their mean, sd and range. */
  spatial: {
    foldAuc: number[];
    meanAuc: number;
    sdAuc: number;
    minAuc: number;
    maxAuc: number;
    /** Pooled out-of-fold AUC per repeat. */
    pooledAuc: number[];
    /** Survey-scale conformal coverage (surveyed rows) per repeat. */
    coverage: number[];
    /** Out-of-fold probabilities of the first repeat (per-wijk AUC). */
    oof: Float32Array;
  };
  random: Omit<CrossValidationReport, 'oof'>;
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);

/**
 * `repeats` × `folds` buurt-grouped cross-validation on the rows surveyed on suspicion (each repeat assigns
 * buurten to folds with another seed), so the headline figures come with their spread over buurt splits.
 */
export function repeatedCrossValidation(
  all: PandRows,
  folds: number,
  repeats: number,
  params: Hyperparameters,
  log: Progress,
  alpha: number,
): RepeatedCvReport {
  const rows = selectRows(
    all,
    Array.from({ length: all.rows }, (_, i) => i).filter((i) => all.audit[i] === 0),
  );
  const runs = Array.from({ length: repeats }, (_, r) =>
    crossValidate(rows, 'spatial-buurt', folds, { ...params, seed: params.seed + 1000 * r }, log, alpha),
  );
  const foldAuc = runs.flatMap((r) => r.foldAuc).filter((a) => !Number.isNaN(a));
  const m = mean(foldAuc);
  const { oof: _oof, ...random } = crossValidate(rows, 'random', folds, params, log, alpha);
  return {
    folds,
    repeats,
    spatial: {
      foldAuc,
      meanAuc: m,
      sdAuc: Math.sqrt(mean(foldAuc.map((a) => (a - m) ** 2)) * (foldAuc.length / Math.max(1, foldAuc.length - 1))),
      minAuc: Math.min(...foldAuc),
      maxAuc: Math.max(...foldAuc),
      pooledAuc: runs.map((r) => r.pooled.rocAuc),
      coverage: runs.map((r) => r.conformalCoverage),
      oof: runs[0].oof,
    },
    random,
  };
}

import type { BuurtRecord } from '../../service/domain/records.js';
import { fitAndPredict } from '../fit-calibrated.js';
import type { Hyperparameters } from '../hyperparameters.js';
import type { Progress } from '../progress.js';
import { groupFolds, groupPartition, randomFolds } from '../splits.js';
import { selectRows, type PandRows } from '../training-rows.js';
import { conformalQuantile, setCovers } from '../conformal.js';
import { brierScore, logLoss, prAuc, rocAuc } from './metrics.js';

/** Out-of-fold results of one cross-validation scheme. */
export interface CrossValidationReport {
  scheme: 'spatial-buurt' | 'random';
  folds: number;
  /** AUC of each fold's test part. */
  foldAuc: number[];
  meanAuc: number;
  sdAuc: number;
  /** Metrics of all out-of-fold calibrated probabilities pooled. */
  pooled: { rocAuc: number; prAuc: number; brier: number; logLoss: number };
  /** Share of out-of-fold rows whose conformal set (qhat from that fold's calibration part) holds the label. */
  conformalCoverage: number;
  /** Out-of-fold calibrated probability per row. */
  oof: Float32Array;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * K-fold cross-validation. `spatial-buurt`: every buurt sits in exactly one test fold, and inside each
 * training part the early-stopping and calibration rows are whole buurten too. `random`: rows are
 * assigned at random, so neighbours of a test building are in training (the optimistic view).
 */
export function crossValidate(
  rows: PandRows,
  scheme: CrossValidationReport['scheme'],
  k: number,
  params: Hyperparameters,
  log: Progress,
  alpha = 0.05,
): CrossValidationReport {
  const folds = scheme === 'spatial-buurt' ? groupFolds(rows.buurtCodes, k, params.seed) : randomFolds(rows.rows, k, params.seed);
  const oof = new Float32Array(rows.rows);
  const foldAuc: number[] = [];
  let covered = 0;
  for (let f = 0; f < k; f += 1) {
    const testIdx = range(rows.rows).filter((i) => folds[i] === f);
    const trainIdx = range(rows.rows).filter((i) => folds[i] !== f);
    const inner =
      scheme === 'spatial-buurt'
        ? groupPartition(
            trainIdx.map((i) => rows.buurtCodes[i]),
            { fit: 0.75, valid: 0.1, calibration: 0.15 },
            params.seed + f + 1,
          )
        : { fit: [] as number[], valid: [] as number[], calibration: [] as number[] };
    if (scheme === 'random') {
      trainIdx.forEach((_, pos) => {
        const r = pos % 20;
        (r < 15 ? inner.fit : r < 17 ? inner.valid : inner.calibration).push(pos);
      });
    }
    const part = (idx: number[]) =>
      selectRows(
        rows,
        idx.map((pos) => trainIdx[pos]),
      );
    const test = selectRows(rows, testIdx);
    const calibration = part(inner.calibration);
    const { p, pCalibration, trees } = fitAndPredict(part(inner.fit), part(inner.valid), calibration, test, params);
    const qhat = conformalQuantile(pCalibration, calibration.y, alpha);
    testIdx.forEach((i, pos) => {
      oof[i] = p[pos];
      covered += setCovers(p[pos], qhat, test.y[pos]) ? 1 : 0;
    });
    foldAuc.push(rocAuc(p, test.y));
    log(`${scheme} CV fold ${f + 1}/${k}: ${test.rows} test rows, ${trees} trees, AUC ${foldAuc[f].toFixed(4)}`);
  }
  const mean = foldAuc.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(foldAuc.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, k - 1));
  return {
    scheme,
    folds: k,
    foldAuc,
    meanAuc: mean,
    sdAuc: sd,
    conformalCoverage: covered / Math.max(1, rows.rows),
    pooled: { rocAuc: rocAuc(oof, rows.y), prAuc: prAuc(oof, rows.y), brier: brierScore(oof, rows.y), logLoss: logLoss(oof, rows.y) },
    oof,
  };
}

/** AUC per wijk of out-of-fold probabilities (wijken with both classes present). */
export function perWijkAuc(
  rows: PandRows,
  p: ArrayLike<number>,
  buurten: readonly BuurtRecord[],
): { wijkCode: string; rows: number; positives: number; rocAuc: number | null }[] {
  const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
  const byWijk = new Map<string, number[]>();
  rows.buurtCodes.forEach((b, i) => {
    const w = wijkOf.get(b) ?? 'onbekend';
    const list = byWijk.get(w);
    if (list) list.push(i);
    else byWijk.set(w, [i]);
  });
  return [...byWijk.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([wijkCode, idx]) => {
      const y = idx.map((i) => rows.y[i]);
      const positives = y.reduce((a, b) => a + b, 0);
      const auc = rocAuc(
        idx.map((i) => p[i]),
        y,
      );
      return { wijkCode, rows: idx.length, positives, rocAuc: Number.isNaN(auc) ? null : auc };
    });
}

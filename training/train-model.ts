import type { TruthRow } from '../service/adapters/dataset/dataset-schema.js';
import type { Dataset } from '../service/domain/records.js';
import type { TreeEnsemble } from '../service/domain/trees/tree-ensemble.js';
import { plattProbability, predictMargins } from '../service/domain/trees/predict-trees.js';
import { buildModelCard, type ModelCard } from './card/model-card.js';
import { AUDIT_WEIGHT, crossFitMargins, fitOnLabelled } from './certainty/cross-fit.js';
import { fitStockScale, type StockScale } from './certainty/stock-scale.js';
import { testBuurten } from './certainty/test-buurten.js';
import { conformalQuantile } from './conformal.js';
import { repeatedCrossValidation, type RepeatedCvReport } from './eval/repeated-cv.js';
import { perWijkAuc } from './eval/cross-validation.js';
import { bestF1Threshold, rocCurve } from './eval/metrics.js';
import { evaluateAgainstTruth, type StockEvaluation } from './eval/stock-evaluation.js';
import { summarize, type EvaluationSummary } from './eval/summary.js';
import { certaintyReport, type CertaintyReport } from './eval/certainty-report.js';
import type { Hyperparameters } from './hyperparameters.js';
import { buildManifest } from './manifest.js';
import { registerCutoff } from '../service/domain/surveys/register-with-surveys.js';
import { exportOnnx } from './onnx/export-onnx.js';
import { fitPlatt, type PlattCalibration } from './platt.js';
import type { Progress } from './progress.js';
import { labelledRows, selectRows, stockRows, type PandRows } from './training-rows.js';
import { trainingRangesOf } from './training-ranges.js';
import type { ManifestDraft } from '../service/domain/model-manifest.js';

/** Conformal miscoverage level: sets cover the true label for ≥ 95 % of buildings. */
export const CONFORMAL_ALPHA = 0.05;

/** Folds of the cross-fitting that gives every non-test row an out-of-sample margin. */
export const CROSS_FIT_FOLDS = 5;

/** What a training run needs. */
export interface TrainingInput {
  dataset: Dataset;
  /** Latent truth of synthetic data (card evaluation only, never a label), or null. */
  truth: readonly TruthRow[] | null;
  datasetHash: string;
  version: string;
  params: Hyperparameters;
  /** Number of cross-validation folds; 0 skips cross-validation (fast tests). */
  cvFolds: number;
  /** Repeats of the buurt-grouped cross-validation (different buurt assignments); default 5. */
  cvRepeats?: number;
  /** Survey error rates to use when the register has too few re-surveyed pairs to estimate them. */
  surveyError?: { falsePositive: number; falseNegative: number } | null;
  /** Weight of audit rows in the tree fit (0 keeps them out of it); default {@link AUDIT_WEIGHT}. */
  auditWeight?: number;
  /** The data cut-off to record when it is not the end of the register's latest survey year (recorded surveys are dated to the day). */
  dataCutoff?: string | null;
  log: Progress;
}

/** Everything a training run produces. */
export interface TrainingOutput {
  ensemble: TreeEnsemble;
  platt: PlattCalibration;
  stock: StockScale | null;
  onnx: Uint8Array;
  manifest: ManifestDraft;
  card: ModelCard;
  /**
   * The exact rows the served trees were fit on (with early stopping), the surveyed rows of the test buurten
   * (headline metrics) and the test buurten themselves (no row of them is used in training or calibration).
   */
  split: { train: PandRows; test: PandRows; testBuurten: string[] };
  /** Calibrated test probabilities and ROC points (for plots). */
  plots: { roc: { fpr: number; tpr: number }[]; calibration: EvaluationSummary['calibration'] };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The panden of the non-test buurten that are not in the register (the population the audit sample is drawn from). */
function unsurveyedStock(dataset: Dataset, held: ReadonlySet<string>): PandRows {
  const inRegister = new Set(dataset.register.map((r) => r.pandId));
  const stock = stockRows(dataset);
  return selectRows(
    stock,
    range(stock.rows).filter((i) => !held.has(stock.buurtCodes[i]) && !inRegister.has(stock.pandIds[i])),
  );
}

/**
 * The buurt-grouped split of the labelled rows: the test buurten (held out whole), the indices of the rows
 * outside them (fit and cross-fit), the surveyed rows of the test buurten, and the rows the trees are fit on
 * (without audit rows when their weight is 0). Deterministic in the rows and the seed, so a written model's
 * split can be recomputed from its dataset and card (see ./record-ranges.ts).
 */
export function trainingSplit(
  rows: PandRows,
  seed: number,
  auditWeight: number,
): { held: ReadonlySet<string>; trainIdx: number[]; test: PandRows; train: PandRows } {
  const held = testBuurten(rows.buurtCodes, seed);
  const trainIdx = range(rows.rows).filter((i) => !held.has(rows.buurtCodes[i]));
  const testIdx = range(rows.rows).filter((i) => held.has(rows.buurtCodes[i]) && rows.audit[i] === 0);
  const test = selectRows(rows, testIdx);
  const train = selectRows(
    rows,
    trainIdx.filter((i) => auditWeight > 0 || rows.audit[i] === 0),
  );
  return { held, trainIdx, test, train };
}

/**
 * Trains the served model. Whole buurten (≥ 10) are held out as the test set. On the rest, trees are fit
 * on the labelled buildings (surveyed on suspicion, and the audit sample); cross-fitting by buurt gives
 * every row there an out-of-sample margin, on which the survey scale (Platt on surveyed rows), the stock
 * scale (noisy-label Platt on the audit sample) and the conformal sets are calibrated.
 */
export function trainModel(input: TrainingInput): TrainingOutput {
  const { dataset, params, log } = input;
  const rows = labelledRows(dataset);
  const auditCount = rows.audit.reduce((a, b) => a + b, 0);
  log(
    `${rows.rows} labelled panden (${rows.y.reduce((a, b) => a + b, 0)} with a problem, ${auditCount} of them audit) from ${dataset.addresses.length} addresses`,
  );
  if (rows.rows - auditCount < 50) throw new Error(`only ${rows.rows - auditCount} panden surveyed on suspicion: too few to train`);

  const auditWeight = input.auditWeight ?? AUDIT_WEIGHT;
  const { held, trainIdx, test, train } = trainingSplit(rows, params.seed, auditWeight);
  log(`split by buurt: ${held.size} test buurten (${test.rows} surveyed rows), ${train.rows} labelled rows to fit on`);

  const started = performance.now();
  const model = fitOnLabelled(rows, trainIdx, params, params.seed, auditWeight);
  const trainSeconds = (performance.now() - started) / 1000;
  log(`trained ${model.bestIteration} trees (of ${model.history.length} rounds) in ${trainSeconds.toFixed(2)}s`);

  const oof = crossFitMargins(rows, trainIdx, CROSS_FIT_FOLDS, params, model.bestIteration, auditWeight);
  const surveyedPos = range(trainIdx.length).filter((p) => rows.audit[trainIdx[p]] === 0);
  const surveyedY = surveyedPos.map((p) => rows.y[trainIdx[p]]);
  const platt = fitPlatt(
    surveyedPos.map((p) => oof[p]),
    surveyedY,
  );
  const pCal = Float32Array.from(surveyedPos, (p) => plattProbability(oof[p], platt));
  const qhat = conformalQuantile(pCal, surveyedY, CONFORMAL_ALPHA);
  const threshold = bestF1Threshold(pCal, surveyedY);
  log(
    `survey scale: Platt a=${platt.a.toFixed(4)} b=${platt.b.toFixed(4)} on ${surveyedPos.length} cross-fitted rows, qhat=${qhat.toFixed(4)}`,
  );

  const unlabelled = unsurveyedStock(dataset, held);
  const unlabelledMargins = Array.from(predictMargins(model.ensemble, unlabelled.x, unlabelled.rows));
  const stock = fitStockScale({
    dataset,
    rows,
    trainIdx,
    oof,
    alpha: CONFORMAL_ALPHA,
    configured: input.surveyError ?? null,
    log,
    unlabelled: unlabelledMargins,
    selectionRows: {
      margins: [...Array.from(oof), ...unlabelledMargins],
      surveyed: [...trainIdx.map((i) => 1 - rows.audit[i]), ...unlabelledMargins.map(() => 0)],
    },
  });

  const pTest = Float32Array.from(predictMargins(model.ensemble, test.x, test.rows), (m) => plattProbability(m, platt));
  const headline = summarize(pTest, test.y, threshold, qhat);
  log(`spatial test: AUC ${headline.rocAuc.toFixed(4)}, Brier ${headline.brier.toFixed(4)}`);

  let cv: RepeatedCvReport | null = null;
  if (input.cvFolds > 1) {
    cv = repeatedCrossValidation(rows, input.cvFolds, input.cvRepeats ?? 5, params, log, CONFORMAL_ALPHA);
    log(
      `CV AUC: spatial ${cv.spatial.meanAuc.toFixed(4)} (runs ${cv.spatial.minAuc.toFixed(3)}–${cv.spatial.maxAuc.toFixed(3)}) vs random ${cv.random.pooled.rocAuc.toFixed(4)}`,
    );
  }
  let selection: StockEvaluation | null = null;
  let certainty: CertaintyReport | null = null;
  if (input.truth) {
    selection = evaluateAgainstTruth(dataset, input.truth, model.ensemble, platt, rows, test, threshold, qhat);
  }
  const onnx = exportOnnx(model.ensemble, { calibration: platt, version: input.version });
  const manifest = buildManifest({
    version: input.version,
    datasetHash: input.datasetHash,
    info: dataset.info,
    width: rows.width,
    platt,
    qhat,
    calibrationRows: surveyedPos.length,
    alpha: CONFORMAL_ALPHA,
    threshold,
    stock,
    dataCutoff: input.dataCutoff ?? registerCutoff(dataset.register),
    trainingRanges: trainingRangesOf(train),
  });
  certainty = certaintyReport({ dataset, truth: input.truth, rows, held, ensemble: model.ensemble, manifest });
  const card = buildModelCard({
    manifest,
    dataset,
    rows,
    held,
    train,
    test,
    params,
    trees: model.bestIteration,
    rounds: model.history.length,
    trainSeconds,
    headline,
    cv,
    perWijk: cv
      ? perWijkAuc(
          selectRows(
            rows,
            range(rows.rows).filter((i) => rows.audit[i] === 0),
          ),
          cv.spatial.oof,
          dataset.buurten,
        )
      : null,
    stock: selection,
    certainty,
  });
  return {
    ensemble: model.ensemble,
    platt,
    stock,
    onnx,
    manifest,
    card,
    split: { train, test, testBuurten: [...held].sort() },
    plots: { roc: rocCurve(pTest, test.y), calibration: headline.calibration },
  };
}

import type { ManifestDraft } from '../../service/domain/model-manifest.js';
import type { Dataset } from '../../service/domain/records.js';
import type { CrossValidationReport } from '../eval/cross-validation.js';
import type { StockEvaluation } from '../eval/stock-evaluation.js';
import type { EvaluationSummary } from '../eval/summary.js';
import type { Hyperparameters } from '../hyperparameters.js';
import type { LabelExclusions, PandRows } from '../training-rows.js';

/** One row of the learner benchmark (filled in by `bench/training-vs-xgboost.ts`). */
export interface BenchmarkRow {
  learner: string;
  rocAuc: number;
  seconds: number;
  /** Wall time relative to xgboost with one thread. */
  timeRatio: number | null;
  /** AUC minus xgboost (one thread). */
  aucDelta: number | null;
}

/** The benchmark section of the card. */
export interface BenchmarkTable {
  trainRows: number;
  testRows: number;
  trees: number;
  maxDepth: number;
  learningRate: number;
  maxBins: number;
  machine: string;
  rows: BenchmarkRow[];
}

type CvSummary = Omit<CrossValidationReport, 'oof'>;

/** `card.json`: everything a reader needs to judge the model, without plots. */
export interface ModelCard {
  version: string;
  dataset: { name: string; hash: string; synthetic: boolean; description: string; referenceYear: number; addresses: number; panden: number; buurten: number; registerRows: number; surveyed: number };
  label: { definition: string; rows: number; positives: number; prevalence: number; exclusions: LabelExclusions; restoredPolicy: string; unitPolicy: string };
  split: { method: string; fit: { rows: number; buurten: number }; validation: { rows: number; buurten: number }; calibration: { rows: number; buurten: number }; test: { rows: number; buurten: number } };
  learner: { hyperparameters: Hyperparameters; trees: number; rounds: number; trainSeconds: number; missingValues: string; categorical: string };
  calibration: ManifestDraft['calibration'] & { fittedOn: string };
  conformal: ManifestDraft['conformal'] & { rule: string };
  operatingThreshold: { value: number; chosenBy: string };
  metrics: {
    spatialTest: EvaluationSummary;
    calibrationFold: EvaluationSummary;
    spatialCv: CvSummary | null;
    randomCv: CvSummary | null;
    perWijkAuc: { wijkCode: string; rows: number; positives: number; rocAuc: number | null }[] | null;
  };
  selectionBias: StockEvaluation | null;
  limitations: string[];
  benchmark: BenchmarkTable | null;
}

const buurtCount = (rows: PandRows) => new Set(rows.buurtCodes).size;
const withoutOof = (cv: CrossValidationReport | null): CvSummary | null => {
  if (!cv) return null;
  const { oof: _oof, ...rest } = cv;
  return rest;
};

/** Assembles the model card from a training run. */
export function buildModelCard(c: {
  manifest: ManifestDraft; dataset: Dataset; rows: PandRows & { exclusions: LabelExclusions };
  parts: { fit: PandRows; valid: PandRows; calibration: PandRows; test: PandRows };
  params: Hyperparameters; trees: number; rounds: number; trainSeconds: number;
  headline: EvaluationSummary; calibrationFold: EvaluationSummary;
  spatialCv: CrossValidationReport | null; randomCv: CrossValidationReport | null;
  perWijk: ModelCard['metrics']['perWijkAuc']; stock: StockEvaluation | null;
}): ModelCard {
  const { manifest, dataset, rows, parts } = c;
  const positives = rows.y.reduce((a, b) => a + b, 0);
  const part = (p: PandRows) => ({ rows: p.rows, buurten: buurtCount(p) });
  return {
    version: manifest.version,
    dataset: {
      name: dataset.info.name, hash: manifest.datasetHash, synthetic: dataset.info.synthetic, description: dataset.info.description,
      referenceYear: dataset.info.referenceYear, addresses: dataset.addresses.length,
      panden: new Set(dataset.addresses.flatMap((a) => (a.pandId === null ? [] : [a.pandId]))).size, buurten: dataset.buurten.length,
      registerRows: dataset.register.length, surveyed: dataset.register.filter((r) => r.onderzocht).length,
    },
    label: {
      definition: manifest.label, rows: rows.rows, positives, prevalence: positives / rows.rows, exclusions: rows.exclusions,
      restoredPolicy: 'Restored panden are kept only when the survey year is known and not after the restoration year (the class then describes the original foundation the features describe); otherwise left out.',
      unitPolicy: 'One row per pand (the foundation belongs to the building); features from the address with the smallest BAG id. Rows per address would weight apartment blocks by their number of dwellings and leak between train and test.',
    },
    split: {
      method: 'Buurt-grouped: every buurt belongs to exactly one of fit / early-stopping validation / calibration / test.',
      fit: part(parts.fit), validation: part(parts.valid), calibration: part(parts.calibration), test: part(parts.test),
    },
    learner: {
      hyperparameters: { ...c.params }, trees: c.trees, rounds: c.rounds, trainSeconds: Math.round(c.trainSeconds * 100) / 100,
      missingValues: 'Native: a missing-value bin per feature; every split learns whether missing values go left or right (exported as nodes_missing_value_tracks_true).',
      categorical: 'Categorical features (woningtype, funderingtype) are category indices split by threshold (ordinal); with four categories each, trees can isolate any one in two splits.',
    },
    calibration: { ...manifest.calibration, fittedOn: 'calibration buurten (never seen by the trees or early stopping)' },
    conformal: { ...manifest.conformal, rule: 'set = {geen probleem if p ≤ qhat} ∪ {probleem if p ≥ 1 − qhat}; score = 1 − p(true label) on calibrated p' },
    operatingThreshold: { value: manifest.operatingThreshold, chosenBy: 'maximum F1 on the calibration buurten' },
    metrics: {
      spatialTest: c.headline, calibrationFold: c.calibrationFold,
      spatialCv: withoutOof(c.spatialCv), randomCv: withoutOof(c.randomCv), perWijkAuc: c.perWijk,
    },
    selectionBias: c.stock,
    limitations: [
      ...(dataset.info.synthetic ? ['The buildings, soil values and survey labels are SYNTHETIC (generated demo data). The metrics describe the method, not real Zaanstad foundations.'] : []),
      'Survey data is selection-biased: buildings are surveyed because a problem was suspected. Metrics on surveyed buildings do not describe the general stock (see the selection-bias section, measured on synthetic truth).',
      'Conformal coverage is marginal (on average over buildings exchangeable with the calibration buurten), not per building and not per risk class; on unsurveyed buildings the guarantee does not hold formally.',
      'The probability is calibrated to the surveyed population (the chance a survey finds class D/E), not to the whole stock, where it overstates the problem rate; buurt aggregates of it are relative, not counts of problem foundations.',
      'Risk classes A–E from this model are indicative; only a foundation survey gives an established class.',
      'Pile length is rarely known and is estimated as surface level minus top of the Pleistocene sand.',
      'Trees extrapolate flat: inputs outside the training range (e.g. what-if groundwater far below observed values) get the prediction of the nearest observed range.',
    ],
    benchmark: null,
  };
}

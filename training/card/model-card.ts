import type { ManifestDraft, TrainingRanges } from '../../service/domain/model-manifest.js';
import type { Dataset } from '../../service/domain/records.js';
import type { CertaintyReport } from '../eval/certainty-report.js';
import type { RepeatedCvReport } from '../eval/repeated-cv.js';
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

type CvSummary = Omit<RepeatedCvReport, 'spatial'> & { spatial: Omit<RepeatedCvReport['spatial'], 'oof'> };

/** The documented training command of a model in `models/<version>`. */
export const TRAINING_COMMAND = 'npm run train -- --dataset seeds/demo --out models/<version> --promote';

/** `card.json`: everything a reader needs to judge the model, without plots. */
export interface ModelCard {
  version: string;
  dataset: {
    name: string;
    hash: string;
    synthetic: boolean;
    description: string;
    referenceYear: number;
    addresses: number;
    panden: number;
    buurten: number;
    registerRows: number;
    surveyed: number;
  };
  label: {
    definition: string;
    rows: number;
    positives: number;
    prevalence: number;
    exclusions: LabelExclusions;
    restoredPolicy: string;
    unitPolicy: string;
  };
  split: {
    method: string;
    train: { rows: number; buurten: number };
    test: { rows: number; buurten: number; buurtCodes: string[] };
    auditRows: number;
  };
  learner: {
    hyperparameters: Hyperparameters;
    trees: number;
    rounds: number;
    trainSeconds: number;
    missingValues: string;
    categorical: string;
  };
  calibration: ManifestDraft['calibration'] & { fittedOn: string };
  stockScale: { calibration: ManifestDraft['stockCalibration']; meaning: string };
  conformal: ManifestDraft['conformal'] & { rule: string; guarantee: string };
  trainingCommand: string;
  operatingThreshold: { value: number; chosenBy: string };
  metrics: {
    spatialTest: EvaluationSummary;
    cv: CvSummary | null;
    perWijkAuc: { wijkCode: string; rows: number; positives: number; rocAuc: number | null }[] | null;
  };
  selectionBias: StockEvaluation | null;
  /** Both scales' calibration and the sets' coverage on the test buurten (per label, period group, wijk). */
  certainty: CertaintyReport | null;
  limitations: string[];
  benchmark: BenchmarkTable | null;
  /** Feature-group ablation and out-of-range shares (filled in by `npm run bench:evidence -- --write-card`). */
  evidence?: EvidenceSection | null;
  /**
   * The range of every numeric feature over the rows the trees were fit on, as in the manifest (the service
   * marks answers whose inputs lie outside it). Absent in cards written before it was recorded.
   */
  trainingRanges?: TrainingRanges | null;
}

/** The evidence section of the card (issue 15): what each feature group adds, and inputs out of range. */
export interface EvidenceSection {
  folds: number;
  repeats: number;
  evaluatedRows: number;
  /** Per group: fold AUC mean and sd; gain over the base group paired per repeat (null for the base). */
  groups: { group: string; meanAuc: number; sdAuc: number; gainMean: number | null; gainSd: number | null }[];
  /** Per input: share of stock values outside the labelled rows' range, and missing shares. */
  inputs: { name: string; outOfRange: number; missingLabelled: number; missingStock: number }[];
}

const buurtCount = (rows: PandRows) => new Set(rows.buurtCodes).size;
const withoutOof = (cv: RepeatedCvReport | null): CvSummary | null => {
  if (!cv) return null;
  const { oof: _oof, ...spatial } = cv.spatial;
  return { ...cv, spatial };
};

function guaranteeText(m: ManifestDraft): string {
  if (m.conformal.mondrian) {
    return `Stock-directed Mondrian sets (code mondrian-label-period), calibrated in ${m.conformal.mondrian.calibrationBuurten} buurten outside the test set: the union of label-conditional sets (≥ ${100 * (1 - m.conformal.alpha)} % of truly D/E and of truly sound buildings covered; thresholds from the ${m.conformal.mondrian.calibrationRows} cross-fitted audit rows, each weighted by the survey-error-corrected chance of its label, together with the unsurveyed buildings weighted by their stock-scale chance, so this part leans on the stock calibration) and split-conformal marginal sets per construction-period group on the audit rows (≥ ${100 * (1 - m.conformal.alpha)} % of each group covered). The guarantee is on average over buildings like the random audit sample (not surveyed on suspicion), and it leans on the survey-error rates used; it is not a promise about one house.`;
  }
  return 'Marginal split-conformal sets (code marginal-surveyed) on the survey scale: on average over buildings like the surveyed ones (surveyed on suspicion); no guarantee per label or group, and none for unsurveyed buildings. The register has no audit sample.';
}

/** Assembles the model card from a training run. */
export function buildModelCard(c: {
  manifest: ManifestDraft;
  dataset: Dataset;
  rows: PandRows & { exclusions: LabelExclusions };
  params: Hyperparameters;
  trees: number;
  rounds: number;
  trainSeconds: number;
  headline: EvaluationSummary;
  cv: RepeatedCvReport | null;
  held: ReadonlySet<string>;
  train: PandRows;
  test: PandRows;
  perWijk: ModelCard['metrics']['perWijkAuc'];
  stock: StockEvaluation | null;
  certainty: CertaintyReport | null;
}): ModelCard {
  const { manifest, dataset, rows } = c;
  const positives = rows.y.reduce((a, b) => a + b, 0);

  return {
    version: manifest.version,
    dataset: {
      name: dataset.info.name,
      hash: manifest.datasetHash,
      synthetic: dataset.info.synthetic,
      description: dataset.info.description,
      referenceYear: dataset.info.referenceYear,
      addresses: dataset.addresses.length,
      panden: new Set(dataset.addresses.flatMap((a) => (a.pandId === null ? [] : [a.pandId]))).size,
      buurten: dataset.buurten.length,
      registerRows: dataset.register.length,
      surveyed: dataset.register.filter((r) => r.onderzocht).length,
    },
    label: {
      definition: manifest.label,
      rows: rows.rows,
      positives,
      prevalence: positives / rows.rows,
      exclusions: rows.exclusions,
      restoredPolicy:
        'Restored panden are kept only when the survey year is known and not after the restoration year (the class then describes the original foundation the features describe); otherwise left out.',
      unitPolicy:
        'One row per pand (the foundation belongs to the building); features from the address with the smallest BAG id. Rows per address would weight apartment blocks by their number of dwellings and leak between train and test.',
    },
    split: {
      method:
        'Buurt-grouped: whole buurten (at least 10) are the test set. On the other buurten the trees are fit on the labelled buildings, surveyed on suspicion or in the audit sample (15 % of those buurten for early stopping); 5-fold buurt-grouped cross-fitting gives every row there an out-of-sample margin, on which both probability scales (survey: surveyed rows; stock: audit rows) and the conformal sets are calibrated, so no row calibrates a model that saw it.',
      train: { rows: c.train.rows, buurten: buurtCount(c.train) },
      test: { rows: c.test.rows, buurten: c.held.size, buurtCodes: [...c.held].sort() },
      auditRows: rows.audit.reduce((a, b) => a + b, 0),
    },
    learner: {
      hyperparameters: { ...c.params },
      trees: c.trees,
      rounds: c.rounds,
      trainSeconds: Math.round(c.trainSeconds * 100) / 100,
      missingValues:
        'Native: a missing-value bin per feature; every split learns whether missing values go left or right (exported as nodes_missing_value_tracks_true).',
      categorical:
        'Categorical features (woningtype, funderingtype) are category indices split by threshold (ordinal); with four categories each, trees can isolate any one in two splits.',
    },
    calibration: {
      ...manifest.calibration,
      fittedOn: 'cross-fitted margins of the surveyed rows outside the test buurten (survey scale: the chance a survey finds D/E)',
    },
    stockScale: {
      calibration: manifest.stockCalibration,
      meaning: manifest.stockCalibration
        ? 'the chance that the foundation itself is D/E, for a building drawn from the stock with this margin: for buildings not surveyed on suspicion sigmoid(a · margin + b), fitted on the random audit sample with P(audit says D/E) = e0 + (1 − e0 − e1) · p (e0, e1 the survey error rates); for buildings surveyed on suspicion the survey scale corrected for survey error; the two mixed by the chance, at this margin, of having been surveyed on suspicion (sigmoid(selection.a · margin + selection.b)). Buurt sums of it are expected counts.'
        : 'No audit (steekproef) sample: the model serves no stock-scale probability (null) and the map falls back to relative quintiles of the survey scale.',
    },
    conformal: {
      ...manifest.conformal,
      rule: manifest.conformal.mondrian
        ? 'per period group: probleem in the set when margin ≥ problemFrom, geen probleem when margin ≤ noProblemUpTo (null = always); empty sets become {both}'
        : 'set = {geen probleem if p ≤ qhat} ∪ {probleem if p ≥ 1 − qhat}; score = 1 − p(true label) on survey-scale p',
      guarantee: guaranteeText(manifest),
    },
    trainingCommand: TRAINING_COMMAND,
    operatingThreshold: { value: manifest.operatingThreshold, chosenBy: 'maximum F1 on the calibration buurten' },
    metrics: {
      spatialTest: c.headline,
      cv: withoutOof(c.cv),
      perWijkAuc: c.perWijk,
    },
    selectionBias: c.stock,
    certainty: c.certainty,
    limitations: [
      ...(dataset.info.synthetic
        ? [
            'The buildings, soil values and survey labels are SYNTHETIC (generated demo data). The metrics describe the method, not real Zaanstad foundations.',
          ]
        : []),
      'Survey data is selection-biased: buildings are surveyed because a problem was suspected. Metrics on surveyed buildings do not describe the general stock (see the selection-bias section, measured on synthetic truth).',
      'Conformal sets cover on average over groups of buildings (per label and per construction-period group when an audit sample exists), never per building; the stock-directed guarantee holds for buildings exchangeable with the random audit sample and depends on the survey-error rates used.',
      'The survey-scale probability (probabilitySurvey) is calibrated to the surveyed population (the chance a survey finds class D/E) and overstates the problem rate of the stock; only the stock scale (probability) sums to expected counts.',
      'Risk classes A–E from this model are indicative; only a foundation survey gives an established class.',
      'Pile length is rarely known and is estimated as surface level minus top of the Pleistocene sand.',
      'Trees extrapolate flat: inputs outside the training range (e.g. what-if groundwater far below observed values) get the prediction of the nearest observed range.',
    ],
    benchmark: null,
    trainingRanges: manifest.trainingRanges ?? null,
  };
}

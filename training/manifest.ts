import { type ManifestDraft, manifestDraftSchema, type TrainingRanges } from '../service/domain/model-manifest.js';
import type { DatasetInfo } from '../service/domain/records.js';
import { FEATURES } from '../service/features/feature-spec.js';
import { ONNX_NAMES } from './onnx/export-onnx.js';
import type { StockScale } from './certainty/stock-scale.js';
import type { PlattCalibration } from './platt.js';

/** The file names inside `models/<version>/`. */
export const MODEL_FILES = { model: 'model.onnx', trees: 'trees.json', card: 'card.json', cardMarkdown: 'card.md' } as const;

/** A plain-language definition of the label, recorded in the manifest and the card. */
export const LABEL_DEFINITION =
  'Funderingsprobleem: pand onderzocht met kwaliteitsklasse D of E (foundation survey found class D or E); one row per pand.';

/**
 * Builds and validates the manifest draft (throws if it does not match the service's schema); the
 * file hashes are added by the writer, from the bytes it writes ({@link writeModel}).
 */
export function buildManifest(m: {
  version: string;
  datasetHash: string;
  info: DatasetInfo;
  width: number;
  platt: PlattCalibration;
  qhat: number;
  calibrationRows: number;
  alpha: number;
  threshold: number;
  stock: StockScale | null;
  /** The latest survey date the training register holds (see the manifest's `dataCutoff`). */
  dataCutoff?: string | null;
  /** The range of every numeric feature over the rows the trees were fit on. */
  trainingRanges?: TrainingRanges;
}): ManifestDraft {
  return manifestDraftSchema.parse({
    formatVersion: 1,
    version: m.version,
    datasetHash: m.datasetHash,
    datasetName: m.info.name,
    synthetic: m.info.synthetic,
    label: LABEL_DEFINITION,
    input: { name: ONNX_NAMES.input, dtype: 'float32', width: m.width },
    outputs: { margin: ONNX_NAMES.margin, probability: ONNX_NAMES.probability },
    features: FEATURES.map((f) => ({
      name: f.name,
      labelNl: f.labelNl,
      labelEn: f.labelEn,
      unit: f.unit,
      kind: f.kind,
      ...(f.categories ? { categories: [...f.categories] } : {}),
    })),
    calibration: { method: 'platt', a: m.platt.a, b: m.platt.b },
    stockCalibration: m.stock
      ? {
          method: 'platt-noisy-audit',
          a: m.stock.calibration.a,
          b: m.stock.calibration.b,
          selection: m.stock.selection,
          covariance: m.stock.calibration.covariance,
          auditRows: m.stock.calibration.rows,
          surveyError: m.stock.surveyError,
        }
      : null,
    conformal: { alpha: m.alpha, qhat: m.qhat, calibrationRows: m.calibrationRows, mondrian: m.stock?.mondrian ?? null },
    operatingThreshold: m.threshold,
    files: { ...MODEL_FILES },
    ...(m.dataCutoff ? { dataCutoff: m.dataCutoff } : {}),
    ...(m.trainingRanges ? { trainingRanges: m.trainingRanges } : {}),
  });
}

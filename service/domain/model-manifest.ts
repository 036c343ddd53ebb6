import { z } from 'zod';

/** Feature description as recorded in a model's manifest. */
export const manifestFeatureSchema = z.object({
  name: z.string(),
  labelNl: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  categories: z.array(z.string()).optional(),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');

const marginThreshold = z.number().nullable().describe('margin threshold; null = the label always stays in the set');

/** Stock-directed Mondrian sets (see `service/domain/conformal.ts`). */
export const mondrianSchema = z.object({
  guarantee: z.literal('mondrian-label-period'),
  calibrationRows: z.number().int(),
  calibrationBuurten: z.number().int(),
  label: z.object({ problemFrom: marginThreshold, noProblemUpTo: marginThreshold }),
  periodGroups: z
    .array(
      z.object({
        name: z.string(),
        fromYear: z.number().int().nullable(),
        toYear: z.number().int().nullable(),
        rows: z.number().int(),
        problemFrom: marginThreshold,
        noProblemUpTo: marginThreshold,
      }),
    )
    .min(1),
});

/** Survey error rates used for the stock scale: P(survey D/E | sound) and P(survey not D/E | problem). */
export const surveyErrorSchema = z.object({
  falsePositive: z.number().min(0).lt(0.5),
  falseNegative: z.number().min(0).lt(0.5),
  source: z.enum(['re-surveys', 'configured', 'assumed-zero']),
  pairs: z.number().int().min(0),
});

/**
 * Stock scale (`service/domain/stock-scale.ts`): for buildings not surveyed on suspicion,
 * sigmoid(a · margin + b), fitted on the random audit sample with the survey-error correction
 * (`covariance` = [var a, cov ab, var b], for intervals of buurt sums); mixed by `selection`, the chance
 * a building with that margin was surveyed on suspicion, with the error-corrected survey scale.
 */
export const stockCalibrationSchema = z.object({
  method: z.literal('platt-noisy-audit'),
  a: z.number().positive(),
  b: z.number(),
  selection: z.object({ a: z.number(), b: z.number() }),
  covariance: z.tuple([z.number(), z.number(), z.number()]),
  auditRows: z.number().int().positive(),
  surveyError: surveyErrorSchema,
});

/**
 * The range of each numeric model feature over the rows the trees were fit on (`basis` says which rows and
 * which statistic). Trees extrapolate flat outside it, so an answer whose input lies outside it deserves
 * less trust; the address answer marks such inputs. Absent in models written before it was recorded.
 */
export const trainingRangesSchema = z.object({
  basis: z.string(),
  rows: z.number().int().positive(),
  features: z.record(
    z.string(),
    z
      .object({ min: z.number(), max: z.number(), values: z.number().int().min(0) })
      .refine((r) => r.min <= r.max, 'min must not exceed max'),
  ),
});

/** The manifest without the file hashes: what training decides before it writes the folder. */
export const manifestDraftSchema = z.object({
  formatVersion: z.literal(1),
  version: z.string().min(1),
  /** sha256 over the dataset files the model was trained on. */
  datasetHash: z.string().regex(/^[0-9a-f]{64}$/),
  datasetName: z.string(),
  synthetic: z.boolean(),
  label: z.string(),
  input: z.object({ name: z.string(), dtype: z.literal('float32'), width: z.number().int().positive() }),
  /** ONNX output names: raw margin (log-odds) and calibrated probability, both shaped [N, 1]. */
  outputs: z.object({ margin: z.string(), probability: z.string() }),
  features: z.array(manifestFeatureSchema).min(1),
  /** Platt scaling, applied inside the ONNX graph: p = sigmoid(a · margin + b). */
  calibration: z.object({ method: z.literal('platt'), a: z.number(), b: z.number() }),
  /**
   * Stock scale from the audit sample, or null when the register has no audit sample: then the service
   * serves no stock-scale figure.
   */
  stockCalibration: stockCalibrationSchema.nullable().default(null),
  /**
   * Conformal sets. `mondrian` (stock-directed, per label and period group) when there is an audit sample;
   * otherwise split conformal on survey-scale probabilities, score = 1 − p(true label), threshold `qhat`.
   */
  conformal: z.object({
    alpha: z.number().gt(0).lt(1),
    qhat: z.number().min(0).max(1),
    calibrationRows: z.number().int(),
    mondrian: mondrianSchema.nullable().default(null),
  }),
  /** Probability above which the model says "problem" (used for accuracy/precision/recall). */
  operatingThreshold: z.number().min(0).max(1),
  files: z.object({ model: z.string(), trees: z.string(), card: z.string().optional(), cardMarkdown: z.string().optional() }),
  /**
   * The latest survey date in the training register (`YYYY-MM-DD`): surveys dated after it are a fresh test
   * of the model (its track record). Absent in models trained before it was recorded: then the served
   * register's latest survey year gives it.
   */
  dataCutoff: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Training range of every numeric feature (see {@link trainingRangesSchema}); absent in older models. */
  trainingRanges: trainingRangesSchema.optional(),
});

/** The roles of the files a manifest lists (`files.model` is `model.onnx`, and so on). */
export type ModelFileRole = keyof z.output<typeof manifestDraftSchema>['files'];

/**
 * `models/<version>/manifest.json`: what the service checks the ONNX session against at start-up, and
 * what it needs to turn a margin into an honest answer. `sha256` binds the folder's files together:
 * the hash of every file listed under `files`, by the same role, as the training writer wrote it.
 */
export const modelManifestSchema = manifestDraftSchema
  .extend({
    sha256: z.object({ model: sha256, trees: sha256, card: sha256.optional(), cardMarkdown: sha256.optional() }),
  })
  .superRefine((m, ctx) => {
    for (const role of Object.keys(m.files) as ModelFileRole[]) {
      if (m.sha256[role] === undefined)
        ctx.addIssue({ code: 'custom', path: ['sha256', role], message: `no sha256 recorded for ${m.files[role]}` });
    }
  });

export type ManifestDraft = z.output<typeof manifestDraftSchema>;
export type TrainingRanges = z.output<typeof trainingRangesSchema>;
export type ModelManifest = z.output<typeof modelManifestSchema>;

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
  /** Split conformal prediction on calibrated probabilities, score = 1 − p(true label). */
  conformal: z.object({ alpha: z.number().gt(0).lt(1), qhat: z.number().min(0).max(1), calibrationRows: z.number().int() }),
  /** Probability above which the model says "problem" (used for accuracy/precision/recall). */
  operatingThreshold: z.number().min(0).max(1),
  files: z.object({ model: z.string(), trees: z.string(), card: z.string().optional(), cardMarkdown: z.string().optional() }),
});

/** The roles of the files a manifest lists (`files.model` is `model.onnx`, and so on). */
export type ModelFileRole = keyof z.output<typeof manifestDraftSchema>['files'];

/**
 * `models/<version>/manifest.json`: what the service checks the ONNX session against at start-up, and
 * what it needs to turn a margin into an honest answer. `sha256` binds the folder's files together:
 * the hash of every file listed under `files`, by the same role, as the training writer wrote it.
 */
export const modelManifestSchema = manifestDraftSchema.extend({
  sha256: z.object({ model: sha256, trees: sha256, card: sha256.optional(), cardMarkdown: sha256.optional() }),
}).superRefine((m, ctx) => {
  for (const role of Object.keys(m.files) as ModelFileRole[]) {
    if (m.sha256[role] === undefined) ctx.addIssue({ code: 'custom', path: ['sha256', role], message: `no sha256 recorded for ${m.files[role]}` });
  }
});

export type ManifestDraft = z.output<typeof manifestDraftSchema>;
export type ModelManifest = z.output<typeof modelManifestSchema>;

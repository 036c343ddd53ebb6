import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FEATURE_NAMES } from '../../features/feature-spec.js';
import { type ModelManifest, modelManifestSchema } from '../../domain/model-manifest.js';
import { predictMargins } from '../../domain/trees/predict-trees.js';
import type { TreeEnsemble } from '../../domain/trees/tree-ensemble.js';
import type { ModelOutput, RiskModel } from '../../ports/risk-model.js';

/** The model folder is missing, malformed or does not match the code's feature module. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

/** Resolves the model folder: an explicit version, else the one named in `<modelsDir>/current`. */
export async function resolveModelDir(modelsDir: string, version?: string): Promise<string> {
  if (version) return join(modelsDir, version);
  const pointer = join(modelsDir, 'current');
  if (!existsSync(pointer)) throw new ModelLoadError(`${pointer} not found: train a model with "npm run train -- --promote" or set MODEL_VERSION`);
  return join(modelsDir, (await readFile(pointer, 'utf8')).trim());
}

async function readJson(path: string): Promise<unknown> {
  if (!existsSync(path)) throw new ModelLoadError(`${path} not found`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Checks the manifest against this code's feature module and the session's inputs and outputs. */
function checkSession(manifest: ModelManifest, session: ort.InferenceSession): void {
  const names = manifest.features.map((f) => f.name);
  if (names.join(',') !== FEATURE_NAMES.join(',')) {
    throw new ModelLoadError(`model features [${names.join(', ')}] differ from the service's [${FEATURE_NAMES.join(', ')}]`);
  }
  if (manifest.input.width !== FEATURE_NAMES.length) throw new ModelLoadError(`manifest input width ${manifest.input.width} ≠ ${FEATURE_NAMES.length} features`);
  if (!session.inputNames.includes(manifest.input.name)) throw new ModelLoadError(`ONNX model has no input "${manifest.input.name}" (has ${session.inputNames.join(', ')})`);
  for (const out of [manifest.outputs.margin, manifest.outputs.probability]) {
    if (!session.outputNames.includes(out)) throw new ModelLoadError(`ONNX model has no output "${out}" (has ${session.outputNames.join(', ')})`);
  }
}

/**
 * Probe rows that walk many branches: all missing, then each feature at low, middle and high split
 * thresholds of the ensemble (plus a hair, so both sides of a split are taken).
 */
function probeRows(trees: TreeEnsemble, width: number): Float32Array {
  const thresholds: number[][] = Array.from({ length: width }, () => []);
  for (const t of trees.trees) for (const n of t.nodes) if (n.feature >= 0) thresholds[n.feature].push(n.threshold);
  thresholds.forEach((list) => list.sort((a, b) => a - b));
  const quantiles = [0.1, 0.5, 0.9];
  const rows = new Float32Array((quantiles.length + 1) * width).fill(Number.NaN);
  quantiles.forEach((q, r) => {
    for (let f = 0; f < width; f += 1) {
      const list = thresholds[f];
      if (list.length > 0) rows[(r + 1) * width + f] = list[Math.floor(q * (list.length - 1))] + (r % 2 === 0 ? 1e-3 : -1e-3);
    }
  });
  return rows;
}

/** Refuses a model folder whose `trees.json` (used for explanations) is not the ensemble in `model.onnx`. */
async function checkTreesMatchOnnx(model: RiskModel): Promise<void> {
  const width = model.manifest.input.width;
  const rows = probeRows(model.trees, width);
  const n = rows.length / width;
  const { margin } = await model.predict(rows, n);
  const expected = predictMargins(model.trees, rows, n);
  for (let i = 0; i < n; i += 1) {
    if (Math.abs(margin[i] - expected[i]) > 1e-4) {
      throw new ModelLoadError(`trees.json does not match model.onnx (margin ${expected[i]} vs ${margin[i]} on probe row ${i}): explanations would describe another model`);
    }
  }
}

/** A {@link RiskModel} backed by one onnxruntime-node session, created once and reused. */
class OnnxRiskModel implements RiskModel {
  constructor(
    readonly manifest: ModelManifest,
    readonly trees: TreeEnsemble,
    private readonly session: ort.InferenceSession,
  ) {}

  async predict(features: Float32Array, rows: number): Promise<ModelOutput> {
    const width = this.manifest.input.width;
    if (features.length !== rows * width) throw new RangeError(`expected ${rows * width} values, got ${features.length}`);
    const input = new ort.Tensor('float32', features, [rows, width]);
    const out = await this.session.run({ [this.manifest.input.name]: input });
    const margin = out[this.manifest.outputs.margin].data as Float32Array;
    const probability = out[this.manifest.outputs.probability].data as Float32Array;
    if (margin.length !== rows || probability.length !== rows) throw new Error(`ONNX output has ${margin.length} rows, expected ${rows}`);
    return { margin, probability };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Loads `manifest.json`, `trees.json` and `model.onnx` from a model folder and checks them. */
export async function loadOnnxModel(dir: string): Promise<RiskModel> {
  const parsed = modelManifestSchema.safeParse(await readJson(join(dir, 'manifest.json')));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ModelLoadError(`${join(dir, 'manifest.json')}: field ${i.path.join('.')}: ${i.message}`);
  }
  const manifest = parsed.data;
  const trees = (await readJson(join(dir, manifest.files.trees))) as TreeEnsemble;
  if (!Array.isArray(trees.trees) || trees.featureNames?.join(',') !== FEATURE_NAMES.join(',')) {
    throw new ModelLoadError(`${join(dir, manifest.files.trees)} does not hold trees over the service's features`);
  }
  const modelPath = join(dir, manifest.files.model);
  if (!existsSync(modelPath)) throw new ModelLoadError(`${modelPath} not found`);
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    checkSession(manifest, session);
  } catch (err) {
    await session.release();
    throw err;
  }
  const model = new OnnxRiskModel(manifest, trees, session);
  try {
    await checkTreesMatchOnnx(model);
  } catch (err) {
    await session.release();
    throw err;
  }
  return model;
}

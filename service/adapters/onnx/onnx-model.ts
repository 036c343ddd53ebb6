import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FEATURE_NAMES } from '../../features/feature-spec.js';
import { type ModelManifest, modelManifestSchema } from '../../domain/model-manifest.js';
import { predictMargins } from '../../domain/trees/predict-trees.js';
import type { TreeEnsemble } from '../../domain/trees/tree-ensemble.js';
import type { ModelOutput, RiskModel } from '../../ports/risk-model.js';
import { ModelLoadError, readCheckedModelFiles } from './model-files.js';
import { leafRows } from './leaf-rows.js';

export { ModelLoadError };

/** Resolves the model folder: an explicit version, else the one named in `<modelsDir>/current`. */
export async function resolveModelDir(modelsDir: string, version?: string): Promise<string> {
  if (version) return join(modelsDir, version);
  const pointer = join(modelsDir, 'current');
  if (!existsSync(pointer))
    throw new ModelLoadError(`${pointer} not found: train a model with "npm run train -- --promote" or set MODEL_VERSION`);
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
  if (manifest.input.width !== FEATURE_NAMES.length)
    throw new ModelLoadError(`manifest input width ${manifest.input.width} ≠ ${FEATURE_NAMES.length} features`);
  for (const name of Object.keys(manifest.trainingRanges?.features ?? {})) {
    if (manifest.features.find((f) => f.name === name)?.kind !== 'numeric')
      throw new ModelLoadError(`manifest trainingRanges names ${name}, which is not a numeric feature of the model`);
  }
  if (!session.inputNames.includes(manifest.input.name))
    throw new ModelLoadError(`ONNX model has no input "${manifest.input.name}" (has ${session.inputNames.join(', ')})`);
  for (const out of [manifest.outputs.margin, manifest.outputs.probability]) {
    if (!session.outputNames.includes(out))
      throw new ModelLoadError(`ONNX model has no output "${out}" (has ${session.outputNames.join(', ')})`);
  }
}

/**
 * Refuses a model folder whose `trees.json` (used for explanations) is not the ensemble in `model.onnx`:
 * one row per leaf of every tree, each built to reach that leaf, so a changed leaf anywhere shows.
 */
async function checkTreesMatchOnnx(model: RiskModel): Promise<void> {
  const width = model.manifest.input.width;
  const rows = leafRows(model.trees, width);
  const n = rows.length / width;
  const { margin } = await model.predict(rows, n);
  const expected = predictMargins(model.trees, rows, n);
  for (let i = 0; i < n; i += 1) {
    if (Math.abs(margin[i] - expected[i]) > 1e-4) {
      throw new ModelLoadError(
        `trees.json does not match model.onnx (margin ${expected[i]} vs ${margin[i]} on leaf row ${i} of ${n}): explanations would describe another model`,
      );
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

/**
 * Loads `manifest.json`, `trees.json` and `model.onnx` from a model folder and checks them: every file
 * against the sha256 the manifest records, the session against the manifest, the trees against the session.
 */
export async function loadOnnxModel(dir: string): Promise<RiskModel> {
  const parsed = modelManifestSchema.safeParse(await readJson(join(dir, 'manifest.json')));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ModelLoadError(`${join(dir, 'manifest.json')}: field ${i.path.join('.')}: ${i.message}`);
  }
  const manifest = parsed.data;
  const files = await readCheckedModelFiles(dir, manifest);
  let trees: TreeEnsemble;
  try {
    trees = JSON.parse(files.trees!.toString('utf8')) as TreeEnsemble;
  } catch (err) {
    throw new ModelLoadError(`${join(dir, manifest.files.trees)} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(trees.trees) || trees.featureNames?.join(',') !== FEATURE_NAMES.join(',')) {
    throw new ModelLoadError(`${join(dir, manifest.files.trees)} does not hold trees over the service's features`);
  }
  const session = await ort.InferenceSession.create(files.model!, { intraOpNumThreads: 1, interOpNumThreads: 1 });
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

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cardMarkdown } from './card/card-markdown.js';
import type { ModelCard } from './card/model-card.js';
import { calibrationSvg, rocSvg } from './card/svg-plots.js';
import {
  type ManifestDraft,
  type ModelFileRole,
  type ModelManifest,
  manifestDraftSchema,
  modelManifestSchema,
} from '../service/domain/model-manifest.js';
import { sha256Hex } from '../service/adapters/onnx/model-files.js';
import { MODEL_FILES } from './manifest.js';
import type { TrainingOutput } from './train-model.js';

/** Plot files written beside the card. */
export const PLOT_FILES = { roc: 'roc.svg', calibration: 'calibration.svg' } as const;

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * Writes `manifest.json`: the draft plus the sha256 of every file it lists, hashed from the folder as
 * it is now. Written last, so the hashes bind exactly the files beside it.
 */
export async function writeManifest(dir: string, draft: ManifestDraft): Promise<ModelManifest> {
  const body = manifestDraftSchema.parse(draft); // drops any hashes recorded before
  const sha256: Partial<Record<ModelFileRole, string>> = {};
  for (const role of Object.keys(body.files) as ModelFileRole[]) sha256[role] = sha256Hex(await readFile(join(dir, body.files[role]!)));
  const manifest = modelManifestSchema.parse({ ...body, sha256 });
  await writeFile(join(dir, 'manifest.json'), json(manifest));
  return manifest;
}

async function writeCardFiles(dir: string, card: ModelCard): Promise<void> {
  await writeFile(join(dir, MODEL_FILES.card), json(card));
  await writeFile(join(dir, MODEL_FILES.cardMarkdown), cardMarkdown(card));
}

/**
 * Rewrites card.json and card.md of a written model folder (the benchmark adds its table) and
 * records their new hashes in its manifest (`draft` replaces the manifest's body when given).
 */
export async function writeCard(dir: string, card: ModelCard, draft?: ManifestDraft): Promise<void> {
  await writeCardFiles(dir, card);
  await writeManifest(dir, draft ?? (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestDraft));
}

/**
 * The benchmark table of an existing card in `dir`, when it was measured for the same dataset,
 * hyperparameters and number of trees (then the split and the fit are identical, so it still holds).
 */
async function carriedBenchmark(dir: string, card: ModelCard): Promise<ModelCard['benchmark']> {
  const path = join(dir, MODEL_FILES.card);
  if (!existsSync(path)) return null;
  const old = JSON.parse(await readFile(path, 'utf8')) as ModelCard;
  const same =
    old.dataset?.hash === card.dataset.hash &&
    old.learner?.trees === card.learner.trees &&
    JSON.stringify(old.learner?.hyperparameters) === JSON.stringify(card.learner.hyperparameters);
  return same ? (old.benchmark ?? null) : null;
}

/** The evidence ablation of an existing card in `dir` when it was measured on the same dataset (it does not depend on the model). */
async function carriedEvidence(dir: string, card: ModelCard): Promise<ModelCard['evidence']> {
  const path = join(dir, MODEL_FILES.card);
  if (!existsSync(path)) return null;
  const old = JSON.parse(await readFile(path, 'utf8')) as ModelCard;
  return old.dataset?.hash === card.dataset.hash ? (old.evidence ?? null) : null;
}

/** Writes `model.onnx`, `trees.json`, the card and its plots into `dir`, then `manifest.json` with their hashes. */
export async function writeModel(dir: string, out: TrainingOutput): Promise<void> {
  const benchmark = await carriedBenchmark(dir, out.card);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MODEL_FILES.model), out.onnx);
  await writeFile(join(dir, MODEL_FILES.trees), `${JSON.stringify(out.ensemble)}\n`);
  await writeFile(join(dir, PLOT_FILES.roc), rocSvg(out.plots.roc, out.card.metrics.spatialTest.rocAuc));
  await writeFile(join(dir, PLOT_FILES.calibration), calibrationSvg(out.plots.calibration));
  await writeCardFiles(dir, { ...out.card, benchmark, evidence: await carriedEvidence(dir, out.card) });
  await writeManifest(dir, out.manifest);
}

/** Points `<models>/current` at the version in `dir` (one line: the folder name). */
export async function promote(dir: string): Promise<string> {
  const abs = resolve(dir);
  const file = join(dirname(abs), 'current');
  await writeFile(file, `${basename(abs)}\n`);
  return file;
}

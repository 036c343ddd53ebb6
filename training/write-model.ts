import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cardMarkdown } from './card/card-markdown.js';
import type { ModelCard } from './card/model-card.js';
import { calibrationSvg, rocSvg } from './card/svg-plots.js';
import { MODEL_FILES } from './manifest.js';
import type { TrainingOutput } from './train-model.js';

/** Plot files written beside the card. */
export const PLOT_FILES = { roc: 'roc.svg', calibration: 'calibration.svg' } as const;

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Writes card.json and card.md (also used by the benchmark to add its table). */
export async function writeCard(dir: string, card: ModelCard): Promise<void> {
  await writeFile(join(dir, MODEL_FILES.card), json(card));
  await writeFile(join(dir, MODEL_FILES.cardMarkdown), cardMarkdown(card));
}

/** Writes `model.onnx`, `manifest.json`, `trees.json`, the card and its plots into `dir`. */
export async function writeModel(dir: string, out: TrainingOutput): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MODEL_FILES.model), out.onnx);
  await writeFile(join(dir, 'manifest.json'), json(out.manifest));
  await writeFile(join(dir, MODEL_FILES.trees), `${JSON.stringify(out.ensemble)}\n`);
  await writeFile(join(dir, PLOT_FILES.roc), rocSvg(out.plots.roc, out.card.metrics.spatialTest.rocAuc));
  await writeFile(join(dir, PLOT_FILES.calibration), calibrationSvg(out.plots.calibration));
  await writeCard(dir, out.card);
}

/** Points `<models>/current` at the version in `dir` (one line: the folder name). */
export async function promote(dir: string): Promise<string> {
  const abs = resolve(dir);
  const file = join(dirname(abs), 'current');
  await writeFile(file, `${basename(abs)}\n`);
  return file;
}

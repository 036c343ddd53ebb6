import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDataset } from '../service/adapters/dataset/dataset-files.js';
import { datasetHash } from '../service/adapters/dataset/dataset-hash.js';
import { type TrainingRanges, modelManifestSchema } from '../service/domain/model-manifest.js';
import type { ModelCard } from './card/model-card.js';
import { AUDIT_WEIGHT } from './certainty/cross-fit.js';
import { MODEL_FILES } from './manifest.js';
import type { Progress } from './progress.js';
import { trainingSplit } from './train-model.js';
import { trainingRangesOf } from './training-ranges.js';
import { labelledRows } from './training-rows.js';
import { writeCard } from './write-model.js';

/**
 * Records the training ranges of a model written before they were part of the card (`--record-ranges`),
 * without refitting a tree: the split is recomputed from the dataset the manifest names (by hash) and the
 * seed the card records, through the same code the training run used ({@link trainingSplit}), and accepted
 * only when it reproduces the card's split exactly (training rows and test buurten). The ranges are written
 * into the card (card.json, card.md) and the manifest, whose sha256 entries are recomputed by the writer;
 * model.onnx and trees.json are not touched, so their hashes stay as they were.
 */
export async function recordTrainingRanges(modelDir: string, datasetDir: string, log: Progress): Promise<TrainingRanges> {
  const manifest = modelManifestSchema.parse(JSON.parse(await readFile(join(modelDir, 'manifest.json'), 'utf8')));
  const card = JSON.parse(await readFile(join(modelDir, MODEL_FILES.card), 'utf8')) as ModelCard;
  const hash = await datasetHash(datasetDir);
  if (hash !== manifest.datasetHash)
    throw new Error(
      `${datasetDir} is not the dataset ${manifest.version} was trained on (sha256 ${hash}, manifest records ${manifest.datasetHash})`,
    );
  const dataset = await readDataset(datasetDir);
  const rows = labelledRows(dataset);
  const seed = card.learner.hyperparameters.seed;
  const { held, test, train } = trainingSplit(rows, seed, AUDIT_WEIGHT);
  const heldCodes = [...held].sort();
  const expected = card.split;
  if (
    train.rows !== expected.train.rows ||
    test.rows !== expected.test.rows ||
    JSON.stringify(heldCodes) !== JSON.stringify([...expected.test.buurtCodes].sort())
  )
    throw new Error(
      `the split recomputed with seed ${seed} (${train.rows} training rows, ${test.rows} test rows in ${held.size} buurten) is not the card's (${expected.train.rows}, ${expected.test.rows} in ${expected.test.buurten}); was the model trained --with-surveys? Retrain instead.`,
    );
  const ranges = trainingRangesOf(train);
  log(
    `${manifest.version}: split reproduced (${train.rows} training rows, test buurten as in the card); ranges of ${Object.keys(ranges.features).length} numeric features`,
  );
  await writeCard(modelDir, { ...card, trainingRanges: ranges }, { ...manifest, trainingRanges: ranges });
  log(`wrote the ranges into ${join(modelDir, MODEL_FILES.card)}, ${MODEL_FILES.cardMarkdown} and manifest.json (card hashes updated)`);
  return ranges;
}

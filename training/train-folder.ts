import { readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { datasetHash } from '../service/adapters/dataset/dataset-hash.js';
import type { TrainArgs } from './cli-args.js';
import { exportSplit } from './export-split.js';
import { DEFAULT_HYPERPARAMETERS } from './hyperparameters.js';
import type { Progress } from './progress.js';
import { trainModel } from './train-model.js';
import { promote, writeModel } from './write-model.js';
import { withRecordedSurveys } from './with-surveys.js';

/**
 * What `npm run train` does: reads the dataset folder, trains and writes the model folder. The hidden
 * truth (`truth.csv.gz`), when present, feeds only the card's evaluation sections; the model files
 * (model.onnx, trees.json, manifest.json) are the same with or without it.
 */
export async function trainFolder(args: TrainArgs, log: Progress, cvRepeats?: number): Promise<void> {
  log(`reading dataset ${args.dataset}`);
  const [read, truth, hash] = await Promise.all([readDataset(args.dataset), readTruth(args.dataset), datasetHash(args.dataset)]);
  const { dataset, dataCutoff } = args.withSurveys
    ? await withRecordedSurveys(read, args.dataset, log)
    : { dataset: read, dataCutoff: null };
  const params = { ...DEFAULT_HYPERPARAMETERS, seed: args.seed ?? DEFAULT_HYPERPARAMETERS.seed };
  const out = trainModel({
    dataset,
    truth,
    datasetHash: hash,
    version: args.version,
    params,
    cvFolds: args.cvFolds,
    cvRepeats,
    surveyError: args.surveyError,
    dataCutoff,
    log,
  });
  await writeModel(args.out, out);
  log(`wrote model ${args.version} to ${args.out}`);
  if (args.exportSplit) {
    await exportSplit(args.exportSplit, out.split);
    log(`wrote train.csv and test.csv to ${args.exportSplit}`);
  }
  if (args.promote) log(`promoted: ${await promote(args.out)} → ${args.version}`);
}

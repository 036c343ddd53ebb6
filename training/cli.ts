/**
 * `npm run train -- --dataset DIR --out DIR [--seed N] [--export-split DIR] [--promote]`: trains, evaluates
 * and exports a model into `DIR` (whose folder name is the model version). Progress goes to stderr.
 */
import { readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { parseTrainArgs, USAGE, type TrainArgs } from './cli-args.js';
import { datasetHash } from '../service/adapters/dataset/dataset-hash.js';
import { exportSplit } from './export-split.js';
import { DEFAULT_HYPERPARAMETERS } from './hyperparameters.js';
import { stderrProgress } from './progress.js';
import { trainModel } from './train-model.js';
import { promote, writeModel } from './write-model.js';

async function main(args: TrainArgs): Promise<void> {
  const log = stderrProgress();
  log(`reading dataset ${args.dataset}`);
  const [dataset, truth, hash] = await Promise.all([readDataset(args.dataset), readTruth(args.dataset), datasetHash(args.dataset)]);
  const params = { ...DEFAULT_HYPERPARAMETERS, seed: args.seed ?? DEFAULT_HYPERPARAMETERS.seed };
  const out = trainModel({ dataset, truth, datasetHash: hash, version: args.version, params, cvFolds: args.cvFolds, log });
  await writeModel(args.out, out);
  log(`wrote model ${args.version} to ${args.out}`);
  if (args.exportSplit) {
    await exportSplit(args.exportSplit, out.split);
    log(`wrote train.csv and test.csv to ${args.exportSplit}`);
  }
  if (args.promote) log(`promoted: ${await promote(args.out)} → ${args.version}`);
}

let args: TrainArgs;
try {
  args = parseTrainArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
main(args).catch((err: unknown) => {
  process.stderr.write(`training failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

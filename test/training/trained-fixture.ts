import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../training/hyperparameters.js';
import { silentProgress } from '../../training/progress.js';
import { trainModel, type TrainingOutput } from '../../training/train-model.js';
import { syntheticDataset } from './synthetic-dataset.js';

/** Small, fast hyperparameters for tests. */
export const TEST_PARAMS: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, nTrees: 60, learningRate: 0.1, earlyStoppingRounds: 15 };

/** Trains the served-model pipeline on a small synthetic dataset (no cross-validation). */
export function trainSmallModel(seed = 42, cvFolds = 0): TrainingOutput {
  const { dataset, truth } = syntheticDataset(2500, 24, 11);
  return trainModel({
    dataset,
    truth,
    datasetHash: 'ab'.repeat(32),
    version: 'test-model',
    params: { ...TEST_PARAMS, seed },
    cvFolds,
    log: silentProgress,
  });
}

/**
 * Benchmark (not a test): our TypeScript learner vs xgboost (`hist`, nthread 1 and 2) and scikit-learn's
 * HistGradientBoostingClassifier on the exact spatial split of the served model, with the same number of
 * trees, depth, learning rate, bins and row/column sampling. Prints AUC and fit wall time side by side
 * and writes the table into the model card of `--model DIR` (default: the version in models/current).
 *
 *   npx tsx bench/training-vs-xgboost.ts [--dataset seeds/demo] [--model models/<version>] [--repeats 5]
 *
 * Needs Debian's python3-xgboost and python3-sklearn (run with /usr/bin/python3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { predictMargins } from '../service/domain/trees/predict-trees.js';
import { FEATURE_NAMES } from '../service/features/feature-spec.js';
import { benchmarkMarkdown } from '../training/card/card-markdown.js';
import type { BenchmarkRow, BenchmarkTable, ModelCard } from '../training/card/model-card.js';
import { datasetHash } from '../service/adapters/dataset/dataset-hash.js';
import { rocAuc } from '../training/eval/metrics.js';
import { exportSplit } from '../training/export-split.js';
import { trainGbdt } from '../training/gbdt.js';
import { DEFAULT_HYPERPARAMETERS } from '../training/hyperparameters.js';
import { silentProgress } from '../training/progress.js';
import { trainModel } from '../training/train-model.js';
import { writeCard } from '../training/write-model.js';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = defineCli({
  name: 'bench/training-vs-xgboost',
  usage: 'npx tsx bench/training-vs-xgboost.ts',
  summary: "Our learner against xgboost and scikit-learn on the served model's split; writes the table into the model card.",
  options: {
    dataset: { type: 'string', value: 'DIR', description: 'dataset folder', default: 'seeds/demo' },
    model: { type: 'string', value: 'DIR', description: 'model folder whose card gets the table (default: the version in models/current)' },
    repeats: { type: 'string', value: 'N', description: 'fits per learner', default: '5' },
  },
  notes: ["Needs Debian's python3-xgboost and python3-sklearn (run with /usr/bin/python3)."],
});
const cli = parseCliOrExit(CLI, (args) => ({
  dataset: args.string('dataset') ?? 'seeds/demo',
  model: args.string('model'),
  repeats: numberOption(args, 'repeats', { min: 1, integer: true }),
}));

async function main(): Promise<void> {
  const datasetDir = cli.dataset;
  const modelDir = cli.model ?? join('models', (await readFile(join('models', 'current'), 'utf8')).trim());
  const repeats = cli.repeats;
  const params = { ...DEFAULT_HYPERPARAMETERS };
  const [dataset, truth, hash] = await Promise.all([readDataset(datasetDir), readTruth(datasetDir), datasetHash(datasetDir)]);
  const run = trainModel({ dataset, truth, datasetHash: hash, version: 'bench', params, cvFolds: 0, log: silentProgress });
  const trees = run.ensemble.trees.length;
  const { train, test } = run.split;
  const splitDir = await mkdtemp(join(tmpdir(), 'bench-split-'));
  await exportSplit(splitDir, run.split);

  // Ours: the same fit (fixed number of trees, no early stopping), best of `repeats` after one warm-up.
  const fixed = { ...params, nTrees: trees, earlyStoppingRounds: 0 };
  let oursSeconds = Number.POSITIVE_INFINITY;
  let oursAuc = Number.NaN;
  for (let r = 0; r <= repeats; r += 1) {
    const t0 = performance.now();
    const model = trainGbdt(train, fixed, FEATURE_NAMES);
    const seconds = (performance.now() - t0) / 1000;
    if (r > 0) oursSeconds = Math.min(oursSeconds, seconds);
    oursAuc = rocAuc(predictMargins(model.ensemble, test.x, test.rows), test.y);
  }

  const py = execFileSync(
    '/usr/bin/python3',
    [
      join(here, 'training-vs-xgboost.py'),
      splitDir,
      String(trees),
      String(params.maxDepth),
      String(params.learningRate),
      String(params.maxBins),
      String(params.minSamplesLeaf),
      String(params.lambda),
      String(params.subsample),
      String(params.colsample),
      String(repeats),
    ],
    { encoding: 'utf8' },
  );
  await rm(splitDir, { recursive: true, force: true });
  const others = py
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { learner: string; rocAuc: number; seconds: number });
  const xgb1 = others.find((o) => o.learner.includes('nthread 1'));
  const rows: BenchmarkRow[] = [
    { learner: 'ours (TypeScript, 1 thread)', rocAuc: oursAuc, seconds: oursSeconds, timeRatio: null, aucDelta: null },
    ...others.map((o) => ({ ...o, timeRatio: null, aucDelta: null })),
  ].map((r) => ({ ...r, timeRatio: xgb1 ? r.seconds / xgb1.seconds : null, aucDelta: xgb1 ? r.rocAuc - xgb1.rocAuc : null }));
  const table: BenchmarkTable = {
    trainRows: train.rows,
    testRows: test.rows,
    trees,
    maxDepth: params.maxDepth,
    learningRate: params.learningRate,
    maxBins: params.maxBins,
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; fit time only, best of ${repeats}`,
    rows,
  };
  process.stdout.write(`${benchmarkMarkdown(table)}\n`);
  const card = JSON.parse(await readFile(join(modelDir, 'card.json'), 'utf8')) as ModelCard;
  if (card.dataset.hash !== hash) {
    process.stderr.write(`not writing the card: ${modelDir} was trained on another dataset version\n`);
    return;
  }
  await writeCard(modelDir, { ...card, benchmark: table });
  process.stderr.write(`benchmark table written into ${modelDir}/card.json and card.md\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

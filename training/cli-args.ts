/**
 * `npm run train` arguments, parsed with the project's one parser (`service/cli/support/parse-args.ts`:
 * `--help`, `--flag=value`, unknown flags refused with exit 2).
 */
import { basename, resolve } from 'node:path';
import { DEFAULT_HYPERPARAMETERS } from './hyperparameters.js';
import { defineCli, type ParsedCli, parseCli, UsageError } from '../service/cli/support/parse-args.js';

/** Parsed `npm run train` arguments. */
export interface TrainArgs {
  dataset: string;
  out: string;
  version: string;
  seed: number | null;
  exportSplit: string | null;
  promote: boolean;
  cvFolds: number;
  /** Survey error rates (false positive, false negative) to use when the register has no re-surveys. */
  surveyError: { falsePositive: number; falseNegative: number } | null;
  /** Train on the register plus the recorded surveys (the dataset's field records, or PostGIS with DATABASE_URL). */
  withSurveys: boolean;
  /** Record the training ranges of the model already in --out (no retraining; see record-ranges.ts). */
  recordRanges: boolean;
}

/** The training command line. */
export const TRAIN_CLI = defineCli({
  name: 'train',
  usage: 'npm run train --',
  summary:
    'Trains, evaluates and exports a model into --out DIR, whose folder name is the model version (models/v7 → v7). Progress goes to stderr.',
  options: {
    dataset: {
      type: 'string',
      value: 'DIR',
      description: 'dataset folder to train on (seeds/demo, or one written by npm run seeds)',
      required: true,
    },
    out: { type: 'string', value: 'DIR', description: 'model folder to write; its name is the version', required: true },
    seed: { type: 'string', value: 'N', description: `random seed of the trees and splits (default: ${DEFAULT_HYPERPARAMETERS.seed})` },
    'export-split': {
      type: 'string',
      value: 'DIR',
      description: 'also write train.csv and test.csv (the spatial split) there, for outside comparisons',
    },
    promote: {
      type: 'boolean',
      description: 'write the version into `current` beside the model folder (models/current), so the service serves it',
    },
    'cv-folds': { type: 'string', value: 'K', description: 'cross-validation folds, 0 = off', default: '5' },
    'survey-error': {
      type: 'string',
      value: 'FP,FN',
      description: 'survey error rates when the register has no re-surveys, each in [0, 0.5)',
    },
    'with-surveys': {
      type: 'boolean',
      description:
        "train on the register plus the surveys recorded through POST /v1/surveys (DATABASE_URL or the dataset's field-records file)",
    },
    'record-ranges': {
      type: 'boolean',
      description:
        'retrain nothing: recompute the split of the model already in --out from --dataset and write its training ranges into its card and manifest',
    },
  },
  examples: [
    'npm run train -- --dataset seeds/demo --out models/v7 --seed 3 --promote',
    'npm run train -- --dataset=DIR --out=/tmp/m/v1 --cv-folds 0',
    'npm run train -- --dataset seeds/demo --out models/gbdt-demo-v3 --record-ranges',
  ],
});

/** Parses CLI arguments; throws {@link UsageError} with a readable message on bad input (`HelpRequested` for `--help`). */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  return trainArgsOf(parseCli(TRAIN_CLI, argv));
}

/** Checks the values of a parsed training command line. Throws {@link UsageError}. */
export function trainArgsOf(args: ParsedCli): TrainArgs {
  const dataset = args.string('dataset') ?? '';
  const out = args.string('out') ?? '';
  const seedText = args.string('seed');
  const seed = seedText === undefined ? null : Number(seedText);
  if (seed !== null && !(Number.isInteger(seed) && seed >= 0))
    throw new UsageError(`--seed must be a non-negative integer, got ${seedText}`);
  const cvFolds = Number(args.string('cv-folds') ?? 5);
  if (!Number.isInteger(cvFolds) || cvFolds < 0 || cvFolds === 1) throw new UsageError('--cv-folds must be 0 (off) or ≥ 2');
  return {
    dataset,
    out,
    version: basename(resolve(out)),
    seed,
    exportSplit: args.string('export-split') ?? null,
    promote: args.flag('promote'),
    cvFolds,
    surveyError: parseSurveyError(args.string('survey-error')),
    withSurveys: args.flag('with-surveys'),
    recordRanges: args.flag('record-ranges'),
  };
}

/** `--survey-error 0.04,0.05`: P(survey says D/E | sound), P(survey misses D/E); each in [0, 0.5). */
function parseSurveyError(text: string | undefined): TrainArgs['surveyError'] {
  if (text === undefined) return null;
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || parts.some((v) => !(v >= 0 && v < 0.5)))
    throw new UsageError(`--survey-error must be two rates in [0, 0.5) as FP,FN, got ${text}`);
  return { falsePositive: parts[0], falseNegative: parts[1] };
}

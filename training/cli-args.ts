import { basename, resolve } from 'node:path';

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
}

/** The usage line printed on bad arguments. */
export const USAGE = 'usage: npm run train -- --dataset DIR --out DIR [--seed N] [--export-split DIR] [--promote] [--cv-folds K] [--survey-error FP,FN] [--with-surveys]';

/** Parses CLI arguments; throws an Error with a readable message on bad input. */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const values = new Map<string, string>();
  let promote = false;
  let withSurveys = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--promote') { promote = true; continue; }
    if (a === '--with-surveys') { withSurveys = true; continue; }
    if (!['--dataset', '--out', '--seed', '--export-split', '--cv-folds', '--survey-error'].includes(a)) throw new Error(`unknown argument ${a}`);
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
    values.set(a, v);
    i += 1;
  }
  const dataset = values.get('--dataset');
  const out = values.get('--out');
  if (!dataset || !out) throw new Error('--dataset and --out are required');
  const seedText = values.get('--seed');
  const seed = seedText === undefined ? null : Number(seedText);
  if (seed !== null && !(Number.isInteger(seed) && seed >= 0)) throw new Error(`--seed must be a non-negative integer, got ${seedText}`);
  const cvFolds = Number(values.get('--cv-folds') ?? 5);
  if (!Number.isInteger(cvFolds) || cvFolds < 0 || cvFolds === 1) throw new Error('--cv-folds must be 0 (off) or ≥ 2');
  return { dataset, out, version: basename(resolve(out)), seed, exportSplit: values.get('--export-split') ?? null, promote, cvFolds, surveyError: parseSurveyError(values.get('--survey-error')), withSurveys };
}

/** `--survey-error 0.04,0.05`: P(survey says D/E | sound), P(survey misses D/E); each in [0, 0.5). */
function parseSurveyError(text: string | undefined): TrainArgs['surveyError'] {
  if (text === undefined) return null;
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || parts.some((v) => !(v >= 0 && v < 0.5))) throw new Error(`--survey-error must be two rates in [0, 0.5) as FP,FN, got ${text}`);
  return { falsePositive: parts[0], falseNegative: parts[1] };
}

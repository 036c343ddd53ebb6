/**
 * `npm run seeds -- surveys --dataset DIR --count N --from-year YEAR --out FILE [--years N] [--panden FILE] [--seed S]`:
 * writes a CSV of simulated future surveys (see `survey-stream.ts`) that `npm run surveys -- import` takes.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DatasetError, readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { formatCsv } from '../service/adapters/dataset/csv.js';
import { SURVEY_CSV_COLUMNS } from '../service/domain/surveys/survey-csv.js';
import { BAG_ID_PATTERN } from '../service/domain/ids.js';
import { GenerationError } from './generation-error.js';
import { simulateSurveys } from './survey-stream.js';

const USAGE = `usage: npm run seeds -- surveys --dataset DIR --from-year YEAR --out FILE (--count N | --panden FILE) [--years N] [--seed S]
  --dataset DIR    a generated dataset folder with truth.csv.gz (e.g. seeds/demo)
  --count N        surveys to draw on suspicion, with the register's selection and survey-error model
  --panden FILE    survey exactly these panden instead (one 16-digit pand id per line, or a CSV with pand_id), e.g. an audit plan
  --from-year Y    surveys are dated from 1 January of Y …
  --years N        … over N years (default 1)
  --seed S         random seed (default 1)
  --out FILE       the survey CSV to write`;

const fail = (message: string) => {
  process.stderr.write(`seeds surveys: ${message}\n`);
  return 2;
};

const whole = (flag: string, text: string | undefined, min: number, max: number): number | string => {
  if (text === undefined) return `${flag} is required`;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max)
    return `${flag} must be a whole number from ${min} to ${max}, got "${text}"`;
  return Number(text);
};

/** Reads a list of pand ids: one per line, or a CSV whose header has `pand_id`. */
async function readPanden(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const header = lines[0]?.split(',') ?? [];
  const col = header.indexOf('pand_id');
  const ids = col >= 0 ? lines.slice(1).map((l) => l.split(',')[col]?.trim() ?? '') : lines;
  ids.forEach((id, i) => {
    if (!BAG_ID_PATTERN.test(id))
      throw new GenerationError(file, `line ${i + 1 + (col >= 0 ? 1 : 0)}`, `expected a 16-digit pand id, got "${id}"`);
  });
  return ids;
}

/** Runs the subcommand; returns the exit code. */
export async function runSurveysCommand(argv: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: 'string' },
        count: { type: 'string' },
        'from-year': { type: 'string' },
        years: { type: 'string' },
        out: { type: 'string' },
        panden: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataset = values.dataset as string | undefined;
  const out = values.out as string | undefined;
  if (!dataset) return fail(`--dataset DIR is required\n${USAGE}`);
  if (!out) return fail(`--out FILE is required\n${USAGE}`);
  const fromYear = whole('--from-year', values['from-year'] as string | undefined, 1900, 2100);
  const years = whole('--years', (values.years as string | undefined) ?? '1', 1, 50);
  const seed = whole('--seed', (values.seed as string | undefined) ?? '1', 0, 999_999_999);
  const count = values.panden ? 0 : whole('--count', values.count as string | undefined, 1, 1_000_000);
  for (const v of [fromYear, years, seed, count]) if (typeof v === 'string') return fail(v);
  if (values.panden && values.count) return fail('give --count or --panden, not both');
  try {
    const truth = await readTruth(dataset);
    if (!truth) return fail(`${dataset} has no truth.csv.gz: only a generated dataset can simulate surveys`);
    const rows = simulateSurveys(await readDataset(dataset), truth, {
      seed: seed as number,
      count: count as number,
      fromYear: fromYear as number,
      years: years as number,
      panden: values.panden ? await readPanden(values.panden as string) : undefined,
    });
    // written whole or not at all: a temporary file renamed into place
    const tmp = `${out}.${process.pid}.tmp`;
    await writeFile(tmp, formatCsv(SURVEY_CSV_COLUMNS, rows));
    await rename(tmp, out);
    const bad = rows.filter((r) => r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E').length;
    process.stderr.write(
      `seeds surveys: wrote ${out}: ${rows.length} surveys (${bad} found D/E), ${rows[0]?.date ?? '-'} … ${rows.at(-1)?.date ?? '-'}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DatasetError || err instanceof GenerationError) return fail(`error: ${err.message}`);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fail(`error: ${(err as Error).message}`);
    throw err;
  }
}

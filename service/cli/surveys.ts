/**
 * `npm run surveys -- import FILE (--url URL --key KEY | --dataset DIR)`: imports a CSV of surveys (see
 * `service/domain/surveys/survey-csv.ts`) through the API of a running service, or, without a service,
 * straight into a store: the file beside the dataset folder DIR, or PostGIS when DATABASE_URL is set.
 * Every row is checked before any is sent: a bad row prints one line naming file, row and column and
 * nothing is imported (exit 2). A row the service refuses (an unknown address) prints such a line too;
 * the other rows are kept (exit 2 at the end).
 */
import { readFile } from 'node:fs/promises';
import { defineCli, type ParsedCli, runCli, UsageError } from './support/parse-args.js';
import { pino } from 'pino';
import { CsvSyntaxError, parseCsv } from '../adapters/dataset/csv.js';
import { createDeps } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { CSV_COLUMN_OF, SURVEY_CSV_REQUIRED, surveyBodyOfCsv } from '../domain/surveys/survey-csv.js';
import { zodIssues } from '../http/error-handler.js';
import { ApiError, type FieldIssue } from '../http/problems.js';
import { recordSurvey } from '../http/survey-intake.js';
import { type SurveyInput, surveyInputSchema } from '../http/survey-schemas.js';

const CLI = defineCli({
  name: 'surveys',
  usage: 'npm run surveys --',
  summary:
    'Imports a CSV of foundation surveys: through a running service, into a dataset folder, or into PostGIS. Every row is checked first; one line per bad row.',
  commands: {
    import: {
      summary:
        'import FILE (CSV columns: address_id, date (YYYY-MM-DD), kwaliteitsklasse (A–E), mechanisms (a;b), hersteld (true/false), herstel_jaar, report_reference, surveyor_organisation[, corrects (record id), pand_id (ignored)])',
      positionals: { name: 'FILE', description: 'the survey CSV', min: 1, max: 1 },
      options: {
        url: { type: 'string', value: 'URL', description: 'a running service (with --key)' },
        key: { type: 'string', value: 'KEY', description: 'an inspector key for --url' },
        dataset: { type: 'string', value: 'DIR', description: 'write straight into DIR/.field-records.jsonl' },
      },
    },
  },
  examples: [
    'npm run surveys -- import surveys.csv --url http://localhost:8080 --key KEY',
    'npm run surveys -- import surveys.csv --dataset seeds/demo',
    'DATABASE_URL=postgres://… npm run surveys -- import surveys.csv',
  ],
  notes: [
    'Without --url or --dataset the records go to the PostGIS store of DATABASE_URL (migration 009).',
    'Exit 2 when any row was refused.',
  ],
});

/** Bad input: the lines were printed; exit 2. */
class BadInput extends Error {}

interface Row {
  row: number;
  line: number;
  input: SurveyInput;
}

const column = (path: string) => CSV_COLUMN_OF[path.split(/[.[]/)[0]] ?? path;
const say = (s: string) => process.stderr.write(`${s}\n`);

/** Reads and checks every row; prints one line per bad row. */
async function readRows(file: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    say(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    throw new BadInput();
  }
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text, SURVEY_CSV_REQUIRED);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    say(`${file}: ${err.message}`);
    throw new BadInput();
  }
  const rows: Row[] = [];
  let bad = 0;
  parsed.records.forEach((rec, i) => {
    const result = surveyInputSchema.safeParse(surveyBodyOfCsv(rec.values));
    if (result.success) rows.push({ row: i + 1, line: rec.line, input: result.data });
    else {
      bad += 1;
      say(
        `${file}, row ${i + 1} (line ${rec.line}): ${zodIssues(result.error)
          .map((x) => `field ${column(x.path)}: ${x.message}`)
          .join('; ')}`,
      );
    }
  });
  if (bad > 0) {
    say(`${bad} of ${parsed.records.length} rows are invalid; nothing was imported`);
    throw new BadInput();
  }
  return rows;
}

const issueLine = (file: string, r: Row, detail: string, issues: FieldIssue[]) =>
  `${file}, row ${r.row} (line ${r.line}): ${issues.length > 0 ? issues.map((x) => `field ${column(x.path)}: ${x.message}`).join('; ') : detail}`;

/** Sends the rows to `POST /v1/surveys`, four at a time; returns the number refused. */
async function throughApi(file: string, rows: Row[], url: string, key: string): Promise<number> {
  let refused = 0;
  let next = 0;
  const endpoint = new URL('/v1/surveys', url).href;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(r.input),
      });
      if (res.status === 201) continue;
      const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: FieldIssue[] };
      if (res.status === 401 || res.status === 403)
        throw new UsageError(`the service refused the key (${res.status}): ${problem.detail ?? ''}`);
      refused += 1;
      say(issueLine(file, r, `${res.status} ${problem.detail ?? ''}`, problem.errors ?? []));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return refused;
}

/** Records the rows straight into the configured store, with the configured model's answer at intake. */
async function direct(file: string, rows: Row[], env: Record<string, string | undefined>): Promise<number> {
  const deps = await createDeps(loadConfig({ ...env, LOG_LEVEL: 'silent', DEMO_KEY: 'false' }), pino({ level: 'silent' }));
  let refused = 0;
  try {
    for (const r of rows) {
      try {
        await recordSurvey(deps, r.input, 'surveys import');
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        refused += 1;
        say(issueLine(file, r, err.detail, err.issues));
      }
    }
  } finally {
    await deps.close();
  }
  return refused;
}

async function main(args: ParsedCli): Promise<number> {
  const [file] = args.positionals;
  const values = { url: args.string('url'), key: args.string('key'), dataset: args.string('dataset') };
  if (values.url && values.dataset) throw new UsageError('give --url or --dataset, not both');
  if (values.url && !values.key) throw new UsageError('--url needs --key (an inspector key)');
  if (!values.url && !values.dataset && !process.env.DATABASE_URL)
    throw new UsageError('give --url URL --key KEY, --dataset DIR, or set DATABASE_URL');
  const rows = await readRows(file);
  const started = Date.now();
  const env = values.dataset ? { ...process.env, DATASET_DIR: values.dataset, DATABASE_URL: undefined } : process.env;
  const refused = values.url ? await throughApi(file, rows, values.url, values.key!) : await direct(file, rows, env);
  say(
    `imported ${rows.length - refused} of ${rows.length} surveys from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s${refused > 0 ? `; ${refused} refused` : ''}`,
  );
  return refused > 0 ? 2 : 0;
}

await runCli(CLI, async (args) => {
  try {
    return await main(args);
  } catch (err) {
    if (err instanceof BadInput) return 2;
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
});

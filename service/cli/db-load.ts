import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { DatasetError } from '../adapters/dataset/dataset-files.js';
import { loadOnnxModel, resolveModelDir } from '../adapters/onnx/onnx-model.js';
import { folderSource } from '../adapters/postgis/dataset-source.js';
import type { LoadProgress } from '../adapters/postgis/load-rows.js';
import { migrate } from '../adapters/postgis/migrations.js';
import { poolOptionsOf } from '../adapters/postgis/open-store.js';
import { createPool } from '../adapters/postgis/pool.js';
import { type LoadMode, LoadError, stagedLoad } from '../adapters/postgis/staged-load.js';
import { GEMEENTE_CODE_PATTERN } from '../domain/ids.js';
import { RiskScorer } from '../domain/risk-scorer.js';
import { defineCli, type ParsedCli, runCli, UsageError } from './support/parse-args.js';

const CLI = defineCli({
  name: 'db:load',
  usage: 'npm run db:load --',
  summary:
    'Migrates DATABASE_URL, then loads a dataset folder into PostGIS through a staging schema (COPY, score, aggregate) and swaps it in with one short transaction: lookups keep answering the old data until then. A load that was killed resumes when run again with the same dataset and model. Progress and timings go to stderr.',
  options: {
    dataset: { type: 'string', value: 'DIR', description: 'dataset folder to load (default: DATASET_DIR, else seeds/demo)' },
    gemeente: {
      type: 'string',
      value: 'GM0479',
      description: "load or replace only this gemeente's buurten, addresses, register rows and nummeraanduidingen",
    },
    rescore: { type: 'boolean', description: 'score the served data again with the current model (with --gemeente: only that gemeente)' },
  },
  examples: [
    'DATABASE_URL=postgres://postgres@127.0.0.1:5432/funderingsrisico npm run db:load -- --dataset seeds/demo',
    'node dist/db-load.js --dataset=/data/nl --gemeente=GM0479',
    'npm run db:load -- --rescore',
  ],
  notes: [
    'Environment: DATABASE_URL (required), DATASET_DIR, MODELS_DIR, MODEL_VERSION, DB_LOAD_BATCH_ROWS.',
    'Exit codes: 0 loaded, 2 bad arguments or dataset (one line naming file, line and field), 1 other failure.',
  ],
});

const progress: LoadProgress = (phase, done, total) => {
  process.stderr.write(`${phase}: ${done}/${total}${done === total && phase !== 'copy' ? '\n' : '\r'}`);
};

const rate = (rows: number, ms: number) => Math.round(rows / Math.max(ms / 1000, 1e-3));

/**
 * `npm run db:load -- --dataset DIR [--gemeente GM…] | --rescore`: migrates, then streams the dataset
 * through the staged loader (service/adapters/postgis/staged-load.ts). Progress and timings go to stderr.
 */
async function main(cli: ParsedCli): Promise<number> {
  const args = { dataset: cli.string('dataset'), gemeente: cli.string('gemeente'), rescore: cli.flag('rescore') };
  if (args.gemeente !== undefined && !GEMEENTE_CODE_PATTERN.test(args.gemeente))
    throw new UsageError(`--gemeente must be a CBS code like GM0479, got "${args.gemeente}"`);
  if (args.rescore && args.dataset !== undefined) throw new UsageError('--rescore scores the served data; it takes no --dataset');
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new LoadError('DATABASE_URL is not set');
  const t0 = Date.now();
  let mode: LoadMode;
  if (args.rescore) {
    mode = { kind: 'rescore', gemeente: args.gemeente };
  } else {
    const dir = args.dataset ?? config.datasetDir;
    const source = await folderSource(dir);
    process.stderr.write(`reading ${dir} (${source.buurten.length} buurten; version ${source.version?.slice(0, 12)})\n`);
    mode = args.gemeente ? { kind: 'gemeente', source, gemeente: args.gemeente } : { kind: 'full', source };
  }
  const modelDir = await resolveModelDir(config.modelsDir, config.modelVersion);
  const model = await loadOnnxModel(modelDir);
  const pool = createPool({ ...poolOptionsOf(config), max: 2, statementTimeoutMs: 0 });
  try {
    await migrate(pool);
    const manifestPath = join(modelDir, 'manifest.json');
    const manifest: unknown = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, 'utf8')) : model.manifest;
    const scorer = new RiskScorer(model, config.scoreChunkRows);
    const r = await stagedLoad(pool, mode, scorer, manifest, {
      batchSize: config.dbLoadBatchRows,
      onProgress: progress,
      resumable: true,
      // The peak so far at each phase's start tells which phase a high peak belongs to.
      onPhase: (phase) =>
        process.stderr.write(
          `\nphase ${phase} (rss ${Math.round(process.memoryUsage().rss / 1e6)} MB; peak so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)\n`,
        ),
    });
    process.stderr.write(
      [
        '',
        `loaded: ${r.addresses} addresses, ${r.buurten} buurten, ${r.register} register rows served (model ${scorer.modelVersion})${r.resumedAfter ? `; resumed after ${r.resumedAfter}` : ''}`,
        `copy ${r.copyMs} ms (${rate(r.addresses, r.copyMs)} addresses/s); index ${r.indexMs} ms`,
        `score ${r.scoreMs} ms (${rate(r.scored, r.scoreMs)} rows/s, ${r.scored} scored)`,
        `aggregate ${r.aggregateMs} ms; swap ${r.swapMs} ms; total ${Date.now() - t0} ms; peak rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
        ...(r.oldTablesDropped
          ? []
          : ['note: readers kept the replaced tables locked, so they were not dropped yet; the next load drops them']),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await pool.end();
    await model.close();
  }
}

await runCli(CLI, async (args) => {
  try {
    return await main(args);
  } catch (err) {
    if (err instanceof DatasetError || err instanceof LoadError) {
      process.stderr.write(`db:load: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
});

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { readDataset } from '../adapters/dataset/dataset-files.js';
import { loadOnnxModel, resolveModelDir } from '../adapters/onnx/onnx-model.js';
import { type LoadProgress, loadDataset } from '../adapters/postgis/loader.js';
import { migrate } from '../adapters/postgis/migrations.js';
import { poolOptionsOf } from '../adapters/postgis/open-store.js';
import { createPool } from '../adapters/postgis/pool.js';
import { RiskScorer } from '../domain/risk-scorer.js';
import { defineCli, type ParsedCli, runCli } from './support/parse-args.js';

const CLI = defineCli({
  name: 'db:load',
  usage: 'npm run db:load --',
  summary:
    'Migrates DATABASE_URL, then loads a dataset folder with COPY and scores every address with the current model, all in one transaction. Progress and timings go to stderr.',
  options: { dataset: { type: 'string', value: 'DIR', description: 'dataset folder to load (default: DATASET_DIR, else seeds/demo)' } },
  examples: ['DATABASE_URL=postgres://postgres@127.0.0.1:5432/funderingsrisico npm run db:load -- --dataset seeds/demo', 'node dist/db-load.js --dataset=/data/zaanstad'],
  notes: ['Environment: DATABASE_URL (required), DATASET_DIR, MODELS_DIR, MODEL_VERSION, DB_LOAD_BATCH_ROWS.'],
});

const progress: LoadProgress = (phase, done, total) => {
  process.stderr.write(`${phase}: ${done}/${total}${done === total ? '\n' : '\r'}`);
};

const rate = (rows: number, ms: number) => Math.round(rows / Math.max(ms / 1000, 1e-3));

/**
 * `npm run db:load -- --dataset DIR`: migrates, then loads the dataset with COPY and scores every
 * address with the current model, all in one transaction. Progress and timings go to stderr.
 */
async function main(args: ParsedCli): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const dir = args.string('dataset') ?? config.datasetDir;
  const t0 = Date.now();
  const dataset = await readDataset(dir);
  const readMs = Date.now() - t0;
  process.stderr.write(`read ${dataset.addresses.length} addresses from ${dir} in ${readMs} ms\n`);
  const modelDir = await resolveModelDir(config.modelsDir, config.modelVersion);
  const model = await loadOnnxModel(modelDir);
  const pool = createPool({ ...poolOptionsOf(config), max: 2, statementTimeoutMs: 0 });
  try {
    await migrate(pool);
    const manifestPath = join(modelDir, 'manifest.json');
    const manifest: unknown = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, 'utf8')) : model.manifest;
    const scorer = new RiskScorer(model, config.scoreChunkRows);
    const r = await loadDataset(pool, dataset, scorer, manifest, { batchSize: config.dbLoadBatchRows, onProgress: progress });
    process.stderr.write([
      `loaded ${r.addresses} addresses, ${r.buurten} buurten, ${r.register} register rows (model ${scorer.modelVersion})`,
      `copy ${r.copyMs} ms (${rate(r.addresses, r.copyMs)} addresses/s)`,
      `score ${r.scoreMs} ms (${rate(r.scored, r.scoreMs)} rows/s)`,
      `aggregate ${r.aggregateMs} ms; transaction ${r.totalMs} ms; total with reading ${Date.now() - t0} ms`,
      '',
    ].join('\n'));
  } finally {
    await pool.end();
    await model.close();
  }
}

await runCli(CLI, main);

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

/** Reads `--dataset DIR` (or `--dataset=DIR`); defaults to the configured dataset folder. */
function datasetArg(argv: readonly string[], fallback: string): string {
  const i = argv.findIndex((a) => a === '--dataset' || a.startsWith('--dataset='));
  if (i < 0) return fallback;
  const value = argv[i].includes('=') ? argv[i].slice('--dataset='.length) : argv[i + 1];
  if (!value) throw new Error('--dataset needs a folder');
  return value;
}

const progress: LoadProgress = (phase, done, total) => {
  process.stderr.write(`${phase}: ${done}/${total}${done === total ? '\n' : '\r'}`);
};

const rate = (rows: number, ms: number) => Math.round(rows / Math.max(ms / 1000, 1e-3));

/**
 * `npm run db:load -- --dataset DIR`: migrates, then loads the dataset with COPY and scores every
 * address with the current model, all in one transaction. Progress and timings go to stderr.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const dir = datasetArg(process.argv.slice(2), config.datasetDir);
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

main().catch((err: unknown) => {
  process.stderr.write(`db:load failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

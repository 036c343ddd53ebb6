/**
 * A loader run as a separate process, so a test can kill it with SIGKILL at a chosen point:
 * `node --import tsx staged-load-child.ts URL SCHEMA DIR BATCH`. Writes `phase <name>` when a phase starts,
 * `progress <phase> <done>` after every chunk or batch and `done <json report>` at the end, on stdout.
 */
import { folderSource } from '../../../service/adapters/postgis/dataset-source.js';
import { createPool } from '../../../service/adapters/postgis/pool.js';
import { stagedLoad } from '../../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../../service/adapters/onnx/onnx-model.js';
import { RiskScorer } from '../../../service/domain/risk-scorer.js';

const [url, schema, dir, batch] = process.argv.slice(2);
const model = await loadOnnxModel(await resolveModelDir('models'));
const pool = createPool({ connectionString: url, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema });
try {
  const report = await stagedLoad(pool, { kind: 'full', source: await folderSource(dir) }, new RiskScorer(model, 1_000), model.manifest, {
    batchSize: Number(batch),
    chunkRows: 500,
    resumable: true,
    onPhase: (p) => process.stdout.write(`phase ${p}\n`),
    onProgress: (p, done) => process.stdout.write(`progress ${p} ${done}\n`),
  });
  process.stdout.write(`done ${JSON.stringify(report)}\n`);
} finally {
  await pool.end();
  await model.close();
}

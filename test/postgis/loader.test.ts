import { loadDataset } from '../../service/adapters/postgis/loader.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import type { RiskModel } from '../../service/ports/risk-model.js';
import { useLoadedWorld } from '../contract/store-fixture.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS loader tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('loading a dataset into PostGIS', () => {
  const loaded = useLoadedWorld(databaseUrl!);
  const poolOf = (schema: string) =>
    createPool({ connectionString: databaseUrl!, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema });

  it('when migrations run again, then nothing is applied twice', async () => {
    const pool = poolOf(loaded.schema);
    try {
      expect(await migrate(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('when a load fails while scoring, then the previous data is left intact', async () => {
    const pool = poolOf(loaded.schema);
    const store = new PostgisStore(poolOf(loaded.schema), { suppressBelow: 10 });
    const failing = {
      manifest: { version: 'broken', conformal: { qhat: 0.1, alpha: 0.1 } },
      predict: async () => {
        throw new Error('model failed');
      },
    } as unknown as RiskModel;
    const smaller = { ...loaded.world.dataset, addresses: loaded.world.dataset.addresses.slice(0, 100) };
    try {
      const before = await store.listBuurten();
      await expect(loadDataset(pool, smaller, new RiskScorer(failing, 1_000), {}, { batchSize: 50 })).rejects.toThrow('model failed');
      expect(await store.listBuurten()).toEqual(before);
      expect((await store.getAddress(loaded.world.reference.at(-1)!.address.verblijfsobjectId))?.score).toEqual(
        loaded.world.reference.at(-1)!.score,
      );
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('when a dataset is loaded, then every address has a score from the registered current model', async () => {
    const pool = poolOf(loaded.schema);
    try {
      const { rows } = await pool.query<{ unscored: number; current: string }>(
        `SELECT (SELECT count(*) FROM addresses a LEFT JOIN scores s USING (verblijfsobject_id) WHERE s.model_version IS NULL)::int AS unscored,
                (SELECT version FROM models WHERE is_current) AS current`,
      );
      expect(rows[0]).toEqual({ unscored: 0, current: loaded.world.scorer.modelVersion });
    } finally {
      await pool.end();
    }
  });
});

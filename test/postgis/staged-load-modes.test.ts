import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderSource } from '../../service/adapters/postgis/dataset-source.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { stagedSchema } from './support/staged-schema.js';
import { LoadError, stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import type { RiskModel } from '../../service/ports/risk-model.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { generateCountry } from '../../seeds/country.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS per-gemeente load and rescoring tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('loading one gemeente and rescoring', () => {
  const schema = `modes_${process.pid}`;
  let work = '';
  const { admin, pool, ...fixture } = stagedSchema(databaseUrl, schema);
  let model: RiskModel & { close(): Promise<void> };
  let scorer: RiskScorer;

  /** Per gemeente: its addresses (id, ord order) with their scores, and its buurten's statistics. */
  async function byGemeente() {
    const { rows } = await pool.query<{ g: string; ids: string; scored: string; stats: string }>(
      `SELECT b.gemeente_code AS g,
              md5(string_agg(a.verblijfsobject_id || ':' || coalesce(s.probability::text, s.reason), ',' ORDER BY a.ord)) AS ids,
              max(s.scored_at)::text AS scored,
              (SELECT md5(string_agg(st.buurt_code || st.dwellings || st.sum_probability, ',' ORDER BY st.buurt_code)) FROM buurt_stats st JOIN buurten b2 ON b2.code = st.buurt_code WHERE b2.gemeente_code = b.gemeente_code) AS stats
         FROM addresses a JOIN buurten b ON b.code = a.buurt_code LEFT JOIN scores s USING (verblijfsobject_id)
        GROUP BY b.gemeente_code ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.g, r]));
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-modes-'));
    // many small gemeenten: one buurt of ≈ 45 addresses each
    await generateCountry({ addresses: 150, out: join(work, 'a'), seed: 31, buurtenPerGemeente: 1 });
    await generateCountry({ addresses: 150, out: join(work, 'b'), seed: 32, buurtenPerGemeente: 1 });
    await fixture.create();
    model = await loadOnnxModel(await resolveModelDir('models'));
    scorer = new RiskScorer(model, 1_000);
    await stagedLoad(pool, { kind: 'full', source: await folderSource(join(work, 'a')) }, scorer, model.manifest, { batchSize: 20 });
  }, 300_000);

  afterAll(async () => {
    await model?.close();
    await fixture.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('when one gemeente is loaded from another dataset, then only its rows change and they equal a full load of that dataset', async () => {
    const before = await byGemeente();
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(3);
    await stagedLoad(pool, { kind: 'gemeente', source: await folderSource(join(work, 'b')), gemeente: 'GM5001' }, scorer, model.manifest, {
      batchSize: 20,
    });
    const after = await byGemeente();
    expect(after.GM5001.ids).not.toBe(before.GM5001.ids);
    for (const g of Object.keys(before).filter((x) => x !== 'GM5001')) expect(after[g]).toEqual(before[g]);

    // The same gemeente in a full load of the other dataset (a schema of its own) has the same rows, order and scores.
    const other = `${schema}_b`;
    await admin.query(`CREATE SCHEMA ${other}`);
    const otherPool = createPool({ connectionString: databaseUrl!, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema: other });
    try {
      await migrate(otherPool);
      await stagedLoad(otherPool, { kind: 'full', source: await folderSource(join(work, 'b')) }, scorer, model.manifest, { batchSize: 20 });
      const { rows } = await otherPool.query<{ ids: string }>(
        `SELECT md5(string_agg(a.verblijfsobject_id || ':' || coalesce(s.probability::text, s.reason), ',' ORDER BY a.ord)) AS ids
           FROM addresses a JOIN buurten b ON b.code = a.buurt_code LEFT JOIN scores s USING (verblijfsobject_id) WHERE b.gemeente_code = 'GM5001'`,
      );
      expect(after.GM5001.ids).toBe(rows[0].ids);
    } finally {
      await otherPool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${other} CASCADE`);
    }
  }, 300_000);

  it('when one gemeente is rescored, then only its scores are written again (same model: same values)', async () => {
    const before = await byGemeente();
    await stagedLoad(pool, { kind: 'rescore', gemeente: 'GM0479' }, scorer, model.manifest, { batchSize: 20 });
    const after = await byGemeente();
    expect(after.GM0479.ids).toBe(before.GM0479.ids);
    expect(after.GM0479.stats).toBe(before.GM0479.stats);
    expect(after.GM0479.scored > before.GM0479.scored).toBe(true);
    for (const g of Object.keys(before).filter((x) => x !== 'GM0479')) expect(after[g]).toEqual(before[g]);
  }, 300_000);

  it('when the gemeente is not in the dataset, then the load is refused and the served data stays', async () => {
    const before = await byGemeente();
    await expect(
      stagedLoad(pool, { kind: 'gemeente', source: await folderSource(join(work, 'b')), gemeente: 'GM9998' }, scorer, model.manifest, {
        batchSize: 20,
      }),
    ).rejects.toThrow(LoadError);
    await expect(stagedLoad(pool, { kind: 'rescore', gemeente: 'GM9998' }, scorer, model.manifest, { batchSize: 20 })).rejects.toThrow(
      'GM9998 is not loaded',
    );
    expect(await byGemeente()).toEqual(before);
  }, 300_000);
});

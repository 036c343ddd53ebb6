/**
 * Every pool's connections start with the settings the store relies on, set at connection start-up (not by a
 * query fired on 'connect', which raced the caller's first query on the same client: pg warns it will stop
 * queueing such queries in pg@9).
 */
import { createPool } from '../../service/adapters/postgis/pool.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS pool-settings tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('a PostGIS pool', () => {
  it('when a fresh connection runs its first statement, then generic plans and the schema are already in effect', async () => {
    const pool = createPool({
      connectionString: databaseUrl!,
      max: 3,
      statementTimeoutMs: 0,
      connectTimeoutMs: 5_000,
      schema: 'fr_no_such_schema',
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // Several at once, each on a new connection: the first statement each client runs is this one.
      const rows = await Promise.all(
        Array.from({ length: 3 }, () =>
          pool.query<{ mode: string; path: string }>(
            "SELECT current_setting('plan_cache_mode') AS mode, current_setting('search_path') AS path",
          ),
        ),
      );
      for (const {
        rows: [row],
      } of rows)
        expect(row).toEqual({ mode: 'force_generic_plan', path: 'fr_no_such_schema,public' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await pool.end();
    }
  });
});

import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { pino } from 'pino';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { createDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';
import { expectProblem } from '../support/demo-deps.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS start-up migration test (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('start-up on an empty PostGIS database', () => {
  it('when DB_MIGRATE_ON_START is set, then the schema is migrated and /readyz waits for a load', async () => {
    const schema = `startup_${randomBytes(4).toString('hex')}`;
    const admin = createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(databaseUrl!);
    url.searchParams.set('options', `-c search_path=${schema},public`);
    const deps = await createDeps(
      loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url.toString(), DB_MIGRATE_ON_START: 'true' }),
      pino({ level: 'silent' }),
    );
    try {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`);
      expect(rows[0].n).toBeGreaterThan(0);
      expectProblem(await request(buildApp(deps)).get('/readyz'), 503, 'NOT_READY');
    } finally {
      await deps.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});

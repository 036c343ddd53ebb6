/**
 * The pools the staged-loader tests share: an admin pool on the database and a pool whose search path is
 * a schema of the test's own, created and migrated by `create()`; `drop()` removes it with its staging and
 * old-tables schemas and ends both pools.
 */
import type pg from 'pg';
import { migrate } from '../../../service/adapters/postgis/migrations.js';
import { createPool } from '../../../service/adapters/postgis/pool.js';

export interface StagedSchema {
  admin: pg.Pool;
  /** Search path: the schema, then public. */
  pool: pg.Pool;
  create(): Promise<void>;
  drop(): Promise<void>;
}

/** `adminMax`: connections of the admin pool (a test holding a reader's lock while watching pg_locks needs 2). */
export function stagedSchema(databaseUrl: string | undefined, schema: string, adminMax = 1): StagedSchema {
  const connectionString = databaseUrl ?? 'postgres://unused';
  const admin = createPool({ connectionString, max: adminMax, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  const pool = createPool({ connectionString, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema });
  return {
    admin,
    pool,
    async create() {
      await admin.query(`CREATE SCHEMA ${schema}`);
      await migrate(pool);
    },
    async drop() {
      await pool.end();
      for (const s of [schema, `${schema}_stage`, `${schema}_old`]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await admin.end();
    },
  };
}

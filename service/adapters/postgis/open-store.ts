import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { migrate } from './migrations.js';
import { createPool, type PoolOptions } from './pool.js';
import { PostgisStore } from './postgis-store.js';
import { ReadPools } from './read-pools.js';

/** Pool settings from the typed config. */
export function poolOptionsOf(config: Config, schema?: string): PoolOptions {
  if (!config.databaseUrl) throw new RangeError('DATABASE_URL is not set');
  return {
    connectionString: config.databaseUrl,
    max: config.dbPoolMax,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    ...(schema ? { schema } : {}),
  };
}

/**
 * Opens the PostGIS store without requiring the database to be up: the pool connects on demand, so
 * the service starts, reports not-ready, and recovers by itself when the database appears.
 * Applies pending migrations first when `DB_MIGRATE_ON_START` is set (failures are logged, not fatal).
 */
export async function openPostgisStore(config: Config, logger: Logger): Promise<PostgisStore> {
  const pool = createPool(poolOptionsOf(config), (err) =>
    logger.warn({ err: err.name, code: (err as { code?: unknown }).code }, 'database connection lost'),
  );
  if (config.dbMigrateOnStart) {
    try {
      const applied = await migrate(pool);
      logger.info({ applied }, 'database migrations checked');
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.name : 'unknown' }, 'database migrations not applied at start-up');
    }
  }
  const { connectionString: _primary, ...readOptions } = poolOptionsOf(config);
  const readPools =
    config.databaseReadUrls.length > 0
      ? new ReadPools(config.databaseReadUrls, readOptions, (err) =>
          logger.warn({ err: err.name, code: (err as { code?: unknown }).code }, 'replica connection lost'),
        )
      : undefined;
  return new PostgisStore(pool, {
    suppressBelow: config.suppressBelow,
    tileCacheBytes: config.tileCacheBytes,
    versionCheckMs: config.dbVersionCheckMs,
    readPools,
  });
}

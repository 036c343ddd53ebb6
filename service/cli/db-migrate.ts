import { loadConfig } from '../config/config.js';
import { migrate } from '../adapters/postgis/migrations.js';
import { createPool } from '../adapters/postgis/pool.js';
import { poolOptionsOf } from '../adapters/postgis/open-store.js';

/** `npm run db:migrate`: applies pending SQL migrations to `DATABASE_URL`. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const pool = createPool({ ...poolOptionsOf(config), max: 1, statementTimeoutMs: 0 });
  try {
    const applied = await migrate(pool);
    process.stderr.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database schema is up to date\n');
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import { loadConfig } from '../config/config.js';
import { migrate } from '../adapters/postgis/migrations.js';
import { createPool } from '../adapters/postgis/pool.js';
import { poolOptionsOf } from '../adapters/postgis/open-store.js';
import { defineCli, runCli } from './support/parse-args.js';

const CLI = defineCli({
  name: 'db:migrate',
  usage: 'npm run db:migrate --',
  summary: 'Applies the pending SQL migrations to DATABASE_URL (each once, in order); prints what it applied.',
  examples: ['DATABASE_URL=postgres://postgres@127.0.0.1:5432/funderingsrisico npm run db:migrate', 'node dist/db-migrate.js'],
  notes: ['Environment: DATABASE_URL (required).'],
});

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

await runCli(CLI, main);

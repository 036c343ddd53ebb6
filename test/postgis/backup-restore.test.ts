import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { type ContractWorld, SUPPRESS_BELOW, loadSchema, openWorld } from '../contract/store-fixture.js';

const run = promisify(execFile);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: backup and restore round trip (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

/** The URL of another database on the same server. */
const urlOf = (name: string): string => {
  const u = new URL(databaseUrl!);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Exact row count of every table in `schema`, by table name. */
async function rowCounts(url: string, schema: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
      [schema],
    );
    const counts: Record<string, number> = {};
    for (const { table_name: t } of rows)
      counts[t] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${t}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

/**
 * The procedure in docs/operations.md: `pg_dump --format=custom` of the whole database (PostGIS
 * extension, schema, migrations table and every table), then `pg_restore` into a new, empty database.
 */
describePg('backup and restore (pg_dump → pg_restore into a new database)', () => {
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const source = `fr_backup_src_${suffix}`;
  const target = `fr_backup_dst_${suffix}`;
  let admin: pg.Client;
  let world: ContractWorld;
  let dir: string;
  let schema: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${source}`);
    await admin.query(`CREATE DATABASE ${target} TEMPLATE template0`);
    world = await openWorld();
    ({ schema } = await loadSchema(world, urlOf(source)));
    dir = await mkdtemp(join(tmpdir(), 'backup-'));
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    for (const db of [source, target]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('when a loaded database is dumped and restored into a new one, then every table has the same rows and the restored store answers the same', async () => {
    const file = join(dir, 'funderingsrisico.dump');
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${urlOf(source)}`]);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${urlOf(target)}`, file]);

    const [before, after] = await Promise.all([rowCounts(urlOf(source), schema), rowCounts(urlOf(target), schema)]);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['addresses', 'buurten', 'register', 'scores', 'buurt_stats', 'schema_migrations']),
    );
    expect(before.addresses).toBe(world.dataset.addresses.length);
    expect(after).toEqual(before);

    const open = (db: string) =>
      new PostgisStore(createPool({ connectionString: urlOf(db), max: 1, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema }), {
        suppressBelow: SUPPRESS_BELOW,
      });
    const [src, dst] = [open(source), open(target)];
    try {
      const [a, b] = await Promise.all([src.listBuurten(), dst.listBuurten()]);
      expect(b).toEqual(a);
      const id = world.reference[0].address.verblijfsobjectId;
      expect(await dst.getAddress(id)).toEqual(await src.getAddress(id));
    } finally {
      await Promise.all([src.close(), dst.close()]);
    }
  }, 120_000);
});

/**
 * After the swap, the replaced tables are dropped while readers may still lock them by their old identity
 * (a prepared statement's cached plan locks its tables before it is found stale), in the order their
 * statements name them. Seen in bench:national: `DROP SCHEMA … CASCADE` locked them in its own order and
 * deadlocked with such a reader, and the load — already swapped in — exited 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { folderSource } from '../../service/adapters/postgis/dataset-source.js';
import { stagedSchema } from './support/staged-schema.js';
import { stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import type { RiskModel } from '../../service/ports/risk-model.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { generateCountry } from '../../seeds/country.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS drop of the replaced tables (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('the replaced tables after a staged load', () => {
  const schema = `dropold_${process.pid}`;
  const old = `${schema}_old`;
  let work = '';
  const { admin, pool, ...fixture } = stagedSchema(databaseUrl, schema);
  let model: RiskModel & { close(): Promise<void> };
  let scorer: RiskScorer;
  const load = async (dir: string, onPhase?: (phase: string) => unknown, swapLockTimeoutMs?: number) =>
    stagedLoad(pool, { kind: 'full', source: await folderSource(join(work, dir)) }, scorer, model.manifest, {
      batchSize: 50,
      onPhase,
      swapLockTimeoutMs,
    });
  const oldExists = async () => (await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [old])).rowCount === 1;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-drop-old-'));
    await generateCountry({ addresses: 100, out: join(work, 'a'), seed: 41, buurtenPerGemeente: 1 });
    await generateCountry({ addresses: 100, out: join(work, 'b'), seed: 42, buurtenPerGemeente: 1 });
    await fixture.create();
    model = await loadOnnxModel(await resolveModelDir('models'));
    scorer = new RiskScorer(model, 1_000);
    await load('a');
  }, 300_000);

  afterAll(async () => {
    await model?.close();
    await fixture.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('when a reader holds the old addresses and then reads the old buurten while the drop waits, then neither deadlocks and the drop completes after the reader', async () => {
    const reader = new pg.Client({ connectionString: databaseUrl });
    await reader.connect();
    let readerError: unknown = null;
    let readerDone: Promise<void> = Promise.resolve();
    try {
      const report = await load(
        'b',
        async (phase) => {
          if (phase !== 'drop-old') return;
          // A reader's statement locks addresses first, then buurten (the order ENTRY_SELECT names them).
          await reader.query('BEGIN');
          await reader.query(`SELECT 1 FROM ${old}.addresses LIMIT 1`);
          readerDone = (async () => {
            // Wait until the loader waits for a lock on the old tables, then take the next one, as the
            // reader's statement would, and finish.
            for (let i = 0; i < 200; i++) {
              const { rowCount } = await admin.query(
                `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT l.granted AND n.nspname = $1`,
                [old],
              );
              if (rowCount) break;
              await sleep(20);
            }
            await reader.query(`SELECT 1 FROM ${old}.buurten LIMIT 1`);
            await sleep(200);
            await reader.query('COMMIT');
          })().catch((err: unknown) => {
            readerError = err;
          });
        },
        10_000,
      );
      await readerDone;
      expect(readerError).toBeNull();
      expect(report.oldTablesDropped).toBe(true);
      expect(await oldExists()).toBe(false);
    } finally {
      await reader.query('ROLLBACK').catch(() => {});
      await reader.end();
    }
  }, 120_000);

  it('when a reader keeps the old tables locked through every retry, then the load still succeeds with the new data served, and the next load drops them', async () => {
    const reader = new pg.Client({ connectionString: databaseUrl });
    await reader.connect();
    try {
      const report = await load(
        'a',
        async (phase) => {
          if (phase !== 'drop-old') return;
          await reader.query('BEGIN');
          await reader.query(`SELECT 1 FROM ${old}.addresses LIMIT 1`);
        },
        100,
      );
      expect(report.oldTablesDropped).toBe(false);
      expect(await oldExists()).toBe(true);
      const served = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
      expect(served.rows[0].n).toBe(report.addresses);
      await reader.query('COMMIT');
      const next = await load('b');
      expect(next.oldTablesDropped).toBe(true);
      expect(await oldExists()).toBe(false);
    } finally {
      await reader.query('ROLLBACK').catch(() => {});
      await reader.end();
    }
  }, 120_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { folderSource } from '../../service/adapters/postgis/dataset-source.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { stagedSchema } from './support/staged-schema.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { generateCountry } from '../../seeds/country.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS staged-loader kill tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | string | null>;
}

/** Starts the loader process; `killAt` (a line prefix, the n-th occurrence) sends SIGKILL when it is printed. */
function runLoader(schema: string, dir: string, killAt?: { line: string; nth: number }): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/postgis/support/staged-load-child.ts', databaseUrl!, schema, dir, '200'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let seen = 0;
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    if (killAt && l.startsWith(killAt.line) && ++seen === killAt.nth) child.kill('SIGKILL');
  });
  child.stderr!.resume();
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, lines, exited };
}

describePg('killing the staged loader', () => {
  const schema = `kill_${process.pid}`;
  let work = '';
  let oldDir = '';
  let newDir = '';
  const { admin, pool, ...fixture } = stagedSchema(databaseUrl, schema, 2);
  let store: PostgisStore;
  let oldVersion: string;
  let newVersion: string;
  let oldId: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-kill-'));
    oldDir = join(work, 'old');
    newDir = join(work, 'new');
    await generateCountry({ addresses: 1_500, out: oldDir, seed: 11 });
    await generateCountry({ addresses: 2_500, out: newDir, seed: 12 });
    await fixture.create();
    const model = await loadOnnxModel(await resolveModelDir('models'));
    try {
      const source = await folderSource(oldDir);
      oldVersion = source.version!;
      newVersion = (await folderSource(newDir)).version!;
      await stagedLoad(pool, { kind: 'full', source }, new RiskScorer(model, 1_000), model.manifest, { batchSize: 500 });
    } finally {
      await model.close();
    }
    oldId = (await pool.query<{ id: string }>('SELECT verblijfsobject_id AS id FROM addresses ORDER BY ord LIMIT 1')).rows[0].id;
    store = new PostgisStore(
      createPool({ connectionString: databaseUrl!, max: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema }),
      { suppressBelow: 10, versionCheckMs: 0 },
    );
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    await fixture.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** What is served: the dataset version, the address count and whether every address has a score. */
  async function served() {
    const { rows } = await pool.query<{ n: number; unscored: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE s.verblijfsobject_id IS NULL)::int AS unscored FROM addresses a LEFT JOIN scores s USING (verblijfsobject_id)',
    );
    return { version: (await store.info()).version, addresses: rows[0].n, unscored: rows[0].unscored };
  }

  /**
   * Runs `fn` while a reader holds a lock on the live addresses: a swap waits for it and cannot commit, so a
   * kill sent late (the loader ran on past the line it was aimed at) still lands before the swap commits.
   */
  async function holdingSwap<T>(fn: () => Promise<T>): Promise<T> {
    const reader = await admin.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`LOCK TABLE ${schema}.addresses IN ACCESS SHARE MODE`);
      return await fn();
    } finally {
      await reader.query('ROLLBACK');
      reader.release();
    }
  }

  const points: [string, { line: string; nth: number; holdSwap?: boolean }][] = [
    ['while copying', { line: 'progress copy', nth: 2 }],
    ['as the index phase starts', { line: 'phase index', nth: 1 }],
    ['in the middle of scoring', { line: 'progress score', nth: 3 }],
    ['as aggregation starts', { line: 'phase aggregate', nth: 1 }],
    // few buurten here: aggregation may end before the signal arrives, so the swap is held (see holdingSwap)
    ['in the middle of aggregation', { line: 'progress aggregate', nth: 1, holdSwap: true }],
  ];

  it.each(points)(
    'when the loader is killed %s, then the old data is still served, complete, and lookups answer throughout',
    async (_label, killAt) => {
      const before = await served();
      expect(before.version).toBe(oldVersion);
      const run = killAt.holdSwap ? await holdingSwap(async () => runAndKill(killAt)) : await runAndKill(killAt);
      expect(await run.exited).toBe('SIGKILL');
      expect(run.lookups).toBeGreaterThan(0);
      expect(await served()).toEqual(before);
    },
    180_000,
  );

  /** Runs the loader until it is killed at `killAt`, looking an old address up throughout. */
  async function runAndKill(killAt: { line: string; nth: number }): Promise<Run & { lookups: number }> {
    const run = runLoader(schema, newDir, killAt);
    // Lookups keep answering (never "unavailable") from the old data while the loader runs and dies.
    let lookups = 0;
    let ended = false;
    void run.exited.then(() => {
      ended = true;
    });
    while (!ended) {
      const entry = await store.getAddress(oldId);
      expect(entry?.address.verblijfsobjectId).toBe(oldId);
      lookups += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { ...run, lookups };
  }

  it('when the loader is killed inside the swap transaction, then the old data is still served, complete, and lookups answer', async () => {
    const before = await served();
    expect(before.version).toBe(oldVersion);
    // A reader's lock on the live addresses holds the swap inside its transaction (waiting for its locks)
    // long enough to kill it there; then the lock goes, and the dead loader's transaction must roll back.
    await holdingSwap(async () => {
      const run = runLoader(schema, newDir);
      const waitingSwap = async () =>
        (
          await admin.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = 'addresses' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted`,
            [schema],
          )
        ).rows[0].n > 0;
      const deadline = Date.now() + 150_000;
      while (!(run.lines.includes('phase swap') && (await waitingSwap()))) {
        if (Date.now() > deadline || run.child.exitCode !== null)
          throw new Error(`the loader never waited in its swap: ${run.lines.slice(-3)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe('SIGKILL');
    });
    // Lookups answer again once the orphaned swap has given up (its lock wait ends at the lock timeout at the latest).
    const entry = await store.getAddress(oldId);
    expect(entry?.address.verblijfsobjectId).toBe(oldId);
    expect(await served()).toEqual(before);
  }, 180_000);

  it('when the loader is rerun after the kills, then it resumes and the new data is served complete', async () => {
    const run = runLoader(schema, newDir);
    expect(await run.exited).toBe(0);
    const report = JSON.parse(run.lines.find((l) => l.startsWith('done '))!.slice(5)) as { resumedAfter: string | null; addresses: number };
    // the last kill came after aggregation (in the swap): the rerun went straight on from there
    expect(report.resumedAfter).toBe('aggregated');
    const now = await served();
    expect(now).toEqual({ version: newVersion, addresses: report.addresses, unscored: 0 });
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ANY($1)', [
      [`${schema}_stage`, `${schema}_old`],
    ]);
    expect(rows[0].n).toBe(0);
  }, 180_000);
});

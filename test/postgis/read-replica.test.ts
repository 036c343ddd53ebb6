import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { folderSource } from '../../service/adapters/postgis/dataset-source.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { ReadPools } from '../../service/adapters/postgis/read-pools.js';
import { stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import { createDeps, type LoadedDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { buildApp } from '../../service/http/app.js';
import { generateCountry } from '../../seeds/country.js';
import { PrimaryAndReplica, replicaUnavailableReason } from './support/replica-clusters.js';

const reason = replicaUnavailableReason();
if (reason && process.env.THROWAWAY_CLUSTER_REQUIRED === '1')
  throw new Error(`a throw-away primary and replica are required here but cannot be made: ${reason}`);
if (reason) console.warn(`SKIPPED: read replica test (cannot make a throw-away primary and streaming replica: ${reason}).`);
const describeCluster = reason ? describe.skip : describe;

describeCluster('reads from a streaming replica (DATABASE_READ_URL)', () => {
  let clusters: PrimaryAndReplica | undefined;
  let work = '';
  const pool = () => createPool({ connectionString: clusters!.primaryUrl('fr'), max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  const options = { max: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 3_000 };

  async function load(dir: string): Promise<string> {
    const p = pool();
    const model = await loadOnnxModel(await resolveModelDir('models'));
    try {
      await migrate(p);
      const source = await folderSource(dir);
      await stagedLoad(p, { kind: 'full', source }, new RiskScorer(model, 1_000), model.manifest, { batchSize: 1_000 });
      return source.version!;
    } finally {
      await model.close();
      await p.end();
    }
  }

  /** Waits until the replica has replayed everything the primary wrote. */
  async function caughtUp(store: PostgisStore): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const [lag] = await store.replicaLag();
      if (lag.reachable && lag.lagBytes === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the replica did not catch up in 30 s');
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-replica-'));
    await generateCountry({ addresses: 1_000, out: join(work, 'a'), seed: 21 });
    await generateCountry({ addresses: 1_800, out: join(work, 'b'), seed: 22 });
    clusters = await PrimaryAndReplica.create();
    const admin = new pg.Client({ connectionString: clusters.primaryUrl() });
    await admin.connect();
    await admin.query('CREATE DATABASE fr');
    await admin.end();
    const fr = new pg.Client({ connectionString: clusters.primaryUrl('fr') });
    await fr.connect();
    await fr.query('CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm;');
    await fr.end();
  }, 300_000);

  afterAll(async () => {
    await clusters?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('when a load commits on the primary, then the replica serves it after the swap, and reads keep coming from the replica when the primary stops', async () => {
    const versionA = await load(join(work, 'a'));
    const primary = pool();
    const store = new PostgisStore(primary, {
      suppressBelow: 10,
      versionCheckMs: 0,
      readPools: new ReadPools([clusters!.replicaUrl('fr')], options),
    });
    try {
      await caughtUp(store);
      expect((await store.info()).version).toBe(versionA);
      const [first] = await store.listBuurten();

      // /readyz and /metrics of a service with DATABASE_READ_URL show the replica's lag.
      const deps: LoadedDeps = await createDeps(
        loadConfig({ DATABASE_URL: clusters!.primaryUrl('fr'), DATABASE_READ_URL: clusters!.replicaUrl('fr'), LOG_LEVEL: 'silent' }),
        pino({ level: 'silent' }),
      );
      try {
        const app = buildApp(deps);
        const ready = await request(app).get('/readyz');
        expect(ready.status).toBe(200);
        expect(ready.body.replicas).toEqual([
          {
            replica: `127.0.0.1:${clusters!.replicaPort}/fr`,
            reachable: true,
            lagBytes: expect.any(Number),
            lagSeconds: expect.any(Number),
          },
        ]);
        const metrics = await request(app).get('/metrics');
        expect(metrics.text).toMatch(new RegExp(`db_replica_lag_bytes\\{replica="127.0.0.1:${clusters!.replicaPort}/fr"\\} \\d+`));
      } finally {
        await deps.close();
      }

      const versionB = await load(join(work, 'b'));
      await caughtUp(store);
      expect((await store.info()).version).toBe(versionB);
      const { rows } = await primary.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
      const {
        rows: [sample],
      } = await primary.query<{ id: string; postcode: string; huisnummer: number }>(
        'SELECT verblijfsobject_id AS id, postcode, huisnummer FROM addresses ORDER BY ord DESC LIMIT 1',
      );

      // With the primary stopped, only the replica can answer: reads still work and show the new load.
      await clusters!.stop('primary');
      const buurten = await store.listBuurten();
      expect(buurten.reduce((s, b) => s + b.stats.dwellings, 0)).toBe(rows[0].n);
      expect(first.buurt.code).toBe(buurten[0].buurt.code);
      const found = await store.findByPostcode({
        postcode: sample.postcode,
        huisnummer: sample.huisnummer,
        huisletter: null,
        toevoeging: null,
      });
      expect(found.map((e) => e.address.verblijfsobjectId)).toContain(sample.id);
      expect((await store.getAddress(sample.id))?.score.modelVersion).not.toBe('');
    } finally {
      await store.close();
    }
  }, 600_000);
});

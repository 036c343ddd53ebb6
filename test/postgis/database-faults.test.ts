import request from 'supertest';
import { pino } from 'pino';
import { type LoadedDeps, createDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisAccessStore } from '../../service/adapters/postgis/postgis-access-store.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { KeyAdmin } from '../../service/domain/access/key-admin.js';
import { QueryCancelledError } from '../../service/ports/store.js';
import { StoreUnavailableError } from '../../service/ports/store.js';
import { type ContractWorld, loadSchema, openWorld, useLoadedWorld } from '../contract/store-fixture.js';
import { expectProblem } from '../support/demo-deps.js';
import { TcpGate } from './tcp-gate.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS fault tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

const oldHouse = {
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  bouwlagen: 2,
  maaiveld_nap_m: -0.8,
  veendikte_m: 3.5,
  pleistoceen_nap_m: -17,
  grondwater_nap_m: -1.9,
  bodemdaling_mm_jr: -4,
  funderingtype: null,
};

describePg('the service on PostGIS when the database goes away and comes back', () => {
  let world: ContractWorld;
  let loaded: { schema: string; drop(): Promise<void> };
  let gate: TcpGate;
  let deps: LoadedDeps;
  let addressId: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    world = await openWorld();
    loaded = await loadSchema(world, databaseUrl!);
    addressId = world.reference[0].address.verblijfsobjectId;
    // An inspector key in the loaded schema, written past the gate (keys live in PostGIS too).
    const keys = new PostgisAccessStore(
      createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema: loaded.schema }),
    );
    auth = { authorization: `Bearer ${(await new KeyAdmin(keys).add('faults', 'inspector')).key}` };
    await keys.close();
    const target = new URL(databaseUrl!);
    gate = await TcpGate.reserve({ host: target.hostname, port: Number(target.port || 5432) });
    const gated = new URL(databaseUrl!);
    gated.host = `127.0.0.1:${gate.port}`;
    gated.searchParams.set('options', `-c search_path=${loaded.schema},public`);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: gated.toString(),
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '5000',
    });
    deps = await createDeps(config, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await deps?.close();
    await gate?.close();
    await loaded?.drop();
    await world?.close();
  });

  it('when the database is down at start-up, then the service starts and /readyz answers 503', async () => {
    expectProblem(await request(buildApp(deps)).get('/readyz'), 503, 'NOT_READY');
  });

  it('when the database is down, then database routes answer 503 STORE_UNAVAILABLE without internals', async () => {
    for (const path of [`/v1/addresses/${addressId}`, '/v1/buurten', '/v1/addresses?q=zaandam', '/tiles/buurten/12/2102/1343.mvt']) {
      const res = await request(buildApp(deps)).get(path).set(auth);
      expect({ path, status: res.status }).toEqual({ path, status: 503 });
      const body = expectProblem(res, 503, 'STORE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/SELECT|ECONNREFUSED|127\.0\.0\.1/);
    }
  });

  it('when the database goes down after the keys were read, then POST /v1/score with features still answers', async () => {
    await gate.open();
    expect((await request(buildApp(deps)).get('/v1/me').set(auth)).status).toBe(200);
    await gate.close();
    const res = await request(buildApp(deps)).post('/v1/score').set(auth).send(oldHouse);
    expect(res.status).toBe(200);
    expect(res.body.probabilitySurvey).toEqual(expect.any(Number));
  });

  it('when the database comes back, then the service recovers without a restart', async () => {
    await gate.open();
    expect((await request(buildApp(deps)).get('/readyz')).status).toBe(200);
    const res = await request(buildApp(deps)).get(`/v1/addresses/${addressId}`).set(auth);
    expect(res.status).toBe(200);
  });

  it('when the database drops open connections and returns, then requests fail with 503 and then succeed again', async () => {
    await gate.open();
    expect((await request(buildApp(deps)).get('/v1/buurten')).status).toBe(200);
    await gate.close();
    expectProblem(await request(buildApp(deps)).get('/v1/buurten'), 503, 'STORE_UNAVAILABLE');
    await gate.open();
    expect((await request(buildApp(deps)).get('/v1/buurten')).status).toBe(200);
  });
});

describePg('the PostGIS store under a statement timeout', () => {
  const loaded = useLoadedWorld(databaseUrl!);

  /** Runs `fn` with a store of its own while another connection holds an exclusive lock on addresses. */
  async function whileAddressesLocked(
    pool: { max: number; statementTimeoutMs: number },
    fn: (store: PostgisStore) => Promise<void>,
  ): Promise<void> {
    const locker = createPool({
      connectionString: databaseUrl!,
      max: 1,
      statementTimeoutMs: 0,
      connectTimeoutMs: 5_000,
      schema: loaded.schema,
    });
    const store = new PostgisStore(
      createPool({ connectionString: databaseUrl!, ...pool, connectTimeoutMs: 5_000, schema: loaded.schema }),
      { suppressBelow: 10 },
    );
    const client = await locker.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE addresses IN ACCESS EXCLUSIVE MODE');
      await fn(store);
    } finally {
      await client.query('ROLLBACK');
      client.release();
      await store.close();
      await locker.end();
    }
  }

  it('when a query waits longer than the statement timeout, then the store gives up with StoreUnavailableError', async () => {
    await whileAddressesLocked({ max: 1, statementTimeoutMs: 200 }, async (store) => {
      const t0 = Date.now();
      await expect(store.getAddress(loaded.world.reference[0].address.verblijfsobjectId)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - t0).toBeLessThan(3_000);
    });
  });

  it('when the caller aborts a waiting query, then the statement is cancelled on the server', async () => {
    await whileAddressesLocked({ max: 2, statementTimeoutMs: 20_000 }, async (store) => {
      const controller = new AbortController();
      const t0 = Date.now();
      setTimeout(() => controller.abort(), 150);
      // The table stays locked, so only a server-side cancel can end the wait before the 20 s timeout.
      await expect(
        store.getAddress(loaded.world.reference[0].address.verblijfsobjectId, { signal: controller.signal }),
      ).rejects.toBeInstanceOf(QueryCancelledError);
      expect(Date.now() - t0).toBeLessThan(5_000);
    });
  });
});

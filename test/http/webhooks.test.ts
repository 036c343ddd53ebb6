import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import type { KeyRole } from '../../service/domain/access/roles.js';
import type { ChangeEvent } from '../../service/domain/webhooks/change-event.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../service/domain/webhooks/signature.js';
import { buildApp } from '../../service/http/app.js';
import { ModelSwitch } from '../../service/model-swap.js';
import { loadOnnxModel } from '../../service/adapters/onnx/onnx-model.js';
import { modelChangeEvent } from '../../service/domain/webhooks/change-detection.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { expectProblem, keyOf, loadDemoDeps } from '../support/demo-deps.js';
import { type Received, WebhookReceiver, settle } from '../support/webhook-receiver.js';

const served = readFileSync('models/current', 'utf8').trim();
const CANDIDATE = `${served}-shifted`;

let deps: LoadedDeps;
let modelsDir: string;
let models: ModelSwitch;
let buildings: AddressEntry[][];
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  // The served model and a candidate whose stock calibration is shifted, so a switch changes classes.
  const dir = mkdtempSync(join(tmpdir(), 'models-'));
  cpSync(join('models', served), join(dir, served), { recursive: true });
  cpSync(join('models', served), join(dir, CANDIDATE), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, CANDIDATE, 'manifest.json'), 'utf8')) as {
    stockCalibration: { b: number };
  };
  manifest.stockCalibration.b += 1;
  writeFileSync(join(dir, CANDIDATE, 'manifest.json'), JSON.stringify({ ...manifest, version: CANDIDATE }));
  writeFileSync(join(dir, 'current'), `${served}\n`);
  modelsDir = dir;
  deps = await loadDemoDeps({
    MODELS_DIR: dir,
    MODEL_WATCH_MS: '0',
    SHUTDOWN_GRACE_MS: '200',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '200',
    WEBHOOK_TIMEOUT_MS: '2000',
  });
  models = new ModelSwitch(deps, buildApp, pino({ level: 'silent' }));
  // Buildings (panden) with two or more addresses whose register has no class E: a survey finding E changes them.
  const byPand = new Map<string, AddressEntry[]>();
  for (const e of await deps.store.listEntries(null))
    if (e.address.pandId !== null && e.register?.kwaliteitsklasse !== 'E')
      byPand.set(e.address.pandId, [...(byPand.get(e.address.pandId) ?? []), e]);
  buildings = [...byPand.values()].filter((b) => b.length >= 2).slice(0, 20);
}, 120_000);

afterEach(async () => {
  for (const s of await models.deps.webhooks.list()) await models.deps.webhooks.remove(s.id);
  for (const r of receivers.splice(0)) await r.stop();
});

afterAll(async () => {
  await models.deps.close();
});

const app = () => buildApp(models.deps);
const keyIdOf = async (role: KeyRole) => (await deps.access.keyAdmin.list()).find((k) => k.name === `test ${role}`)!.id;
const admin = () =>
  request(app())
    .post('/v1/webhooks')
    .set('Authorization', `Bearer ${keyOf(deps, 'admin')}`);

async function receiver(): Promise<WebhookReceiver> {
  const r = await WebhookReceiver.start();
  receivers.push(r);
  return r;
}

/** Registers a URL for the key of a role; returns the subscription id and its (generated) secret. */
async function subscribe(role: KeyRole, url: string): Promise<{ id: string; secret: string }> {
  const res = await admin().send({ keyId: await keyIdOf(role), url });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

let nextBuilding = 0;
/** A building no other test has surveyed. */
const freshBuilding = () => buildings[nextBuilding++];

async function survey(addressId: string, kwaliteitsklasse: string, date = '2026-06-01') {
  const res = await request(app())
    .post('/v1/surveys')
    .set('Authorization', `Bearer ${keyOf(deps, 'inspector')}`)
    .send({
      addressId,
      date,
      kwaliteitsklasse,
      mechanisms: [],
      hersteld: false,
      reportReference: 'FO-TEST',
      surveyorOrganisation: 'Testbureau',
    });
  expect(res.status).toBe(201);
  return res;
}

const verifies = (r: Received, secret: string, body = r.body) =>
  verifySignature(secret, { timestamp: r.headers[TIMESTAMP_HEADER] as string, signature: r.headers[SIGNATURE_HEADER] as string }, body);

async function deliveriesOf(subscriptionId: string) {
  return models.deps.webhooks.store.listDeliveries({ subscriptionId });
}

describe('change notifications after a survey', () => {
  it('when a survey changes a building class, then each subscriber gets exactly one signed POST listing every address of the building', async () => {
    const [a, b] = [await receiver(), await receiver()];
    const subA = await subscribe('inspector', a.url);
    const subB = await subscribe('admin', b.url);
    const building = freshBuilding();
    await survey(building[0].address.verblijfsobjectId, 'E');
    const [ra] = await a.waitFor(1);
    const [rb] = await b.waitFor(1);
    await settle(500);
    expect([a.received.length, b.received.length]).toEqual([1, 1]);
    expect(verifies(ra, subA.secret)).toBe(true);
    expect(verifies(rb, subB.secret)).toBe(true);
    expect(verifies(ra, subB.secret)).toBe(false);
    expect(verifies(ra, subA.secret, ra.body.replace('"E"', '"A"'))).toBe(false);
    expect(ra.headers[EVENT_HEADER]).toBe(rb.headers[EVENT_HEADER]);
    expect(ra.headers[DELIVERY_HEADER]).not.toBe(rb.headers[DELIVERY_HEADER]);
    expect(ra.body).toBe(rb.body);
    const event = JSON.parse(ra.body) as ChangeEvent;
    expect(event.cause).toMatchObject({ type: 'survey', pandId: building[0].address.pandId });
    expect(event.buurten).toEqual([]);
    expect(event.addresses.map((x) => x.addressId).sort()).toEqual(building.map((e) => e.address.verblijfsobjectId).sort());
    for (const x of event.addresses)
      expect(x).toMatchObject({ kind: 'established', old: building[0].register?.kwaliteitsklasse ?? null, new: 'E' });
  });

  it('when a later survey finds the same class, then no second event is sent', async () => {
    const r = await receiver();
    await subscribe('inspector', r.url);
    const building = freshBuilding();
    await survey(building[0].address.verblijfsobjectId, 'E', '2026-06-01');
    await r.waitFor(1);
    await survey(building[1].address.verblijfsobjectId, 'E', '2026-07-01');
    await settle(600);
    expect(r.received.length).toBe(1);
  });

  it('when the receiver answers 503 twice, then the delivery is retried with back-off and the third attempt lands', async () => {
    const r = await receiver();
    r.statuses.push(503, 503);
    const sub = await subscribe('inspector', r.url);
    await survey(freshBuilding()[0].address.verblijfsobjectId, 'E');
    const got = await r.waitFor(3);
    await settle(500);
    expect(got.length).toBe(3);
    expect(new Set(got.map((x) => x.headers[DELIVERY_HEADER])).size).toBe(1);
    expect(got.every((x) => verifies(x, sub.secret))).toBe(true);
    const [d] = await deliveriesOf(sub.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    const listed = await request(app())
      .get('/v1/webhooks')
      .set('Authorization', `Bearer ${keyOf(deps, 'admin')}`);
    expect(listed.body.webhooks[0]).toMatchObject({ id: sub.id, pending: 0, lastDelivery: { status: 'delivered', attempts: 3 } });
    expect(JSON.stringify(listed.body)).not.toContain(sub.secret);
  });

  it('when the receiver is down (connection refused), then it is retried and delivered once it comes up', async () => {
    const r = await receiver();
    await r.stop();
    const sub = await subscribe('inspector', r.url);
    await survey(freshBuilding()[0].address.verblijfsobjectId, 'D');
    const until = Date.now() + 10_000;
    while (((await deliveriesOf(sub.id))[0]?.attempts ?? 0) < 2 && Date.now() < until) await settle(20);
    const [failing] = await deliveriesOf(sub.id);
    expect(failing).toMatchObject({ status: 'pending', lastError: expect.stringContaining('ECONNREFUSED') });
    await r.listen();
    receivers.push(r);
    await r.waitFor(1);
    await settle(500);
    expect(r.received.length).toBe(1);
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'delivered' });
  });

  it('when the receiver does not answer, then the survey is recorded and answered all the same', async () => {
    const r = await receiver();
    r.hold = true;
    await subscribe('inspector', r.url);
    const res = await survey(freshBuilding()[0].address.verblijfsobjectId, 'E');
    expect(res.body).toMatchObject({ kind: 'survey', version: 1 });
    await r.waitFor(1);
    r.release();
  });

  it('when a subscription is removed, then its URL gets nothing more', async () => {
    const r = await receiver();
    const sub = await subscribe('inspector', r.url);
    const del = await request(app())
      .delete(`/v1/webhooks/${sub.id}`)
      .set('Authorization', `Bearer ${keyOf(deps, 'admin')}`);
    expect([del.status, del.body]).toEqual([200, { id: sub.id, deleted: true }]);
    await survey(freshBuilding()[0].address.verblijfsobjectId, 'E');
    await settle(500);
    expect(r.received.length).toBe(0);
  });
});

describe('registering webhooks: bad input', () => {
  it('when the body lacks a URL, then 400 VALIDATION_FAILED names it', async () => {
    const body = expectProblem(await admin().send({ keyId: await keyIdOf('inspector') }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(body)).toContain('url');
  });

  it('when the key is unknown or of a role that may not see survey outcomes, then 422 WEBHOOK_KEY_INVALID', async () => {
    expectProblem(await admin().send({ keyId: 'no-such-key', url: 'http://127.0.0.1:9/x' }), 422, 'WEBHOOK_KEY_INVALID');
    expectProblem(await admin().send({ keyId: await keyIdOf('planner'), url: 'http://127.0.0.1:9/x' }), 422, 'WEBHOOK_KEY_INVALID');
  });

  it.each([
    ['a host not on the allow-list', 'https://hooks.example.org/x'],
    ['an internal address not on the allow-list', 'http://10.0.0.5/x'],
    ['another loopback address', 'http://127.0.0.2/x'],
    ['a scheme other than http(s)', 'ftp://127.0.0.1/x'],
    ['credentials in the URL', 'http://user:pw@127.0.0.1/x'],
    ['no URL at all', 'not a url'],
  ])('when the URL has %s, then 422 WEBHOOK_TARGET_REFUSED', async (_what, url) => {
    const body = expectProblem(await admin().send({ keyId: await keyIdOf('inspector'), url }), 422, 'WEBHOOK_TARGET_REFUSED');
    expect(body.errors).toEqual([{ path: 'url', message: expect.any(String) }]);
  });

  it.each([
    ['an array', [1, 2]],
    ['a number as keyId', { keyId: 7, url: 'http://127.0.0.1:9/x' }],
    ['an unknown field', { keyId: 'k', url: 'http://127.0.0.1:9/x', events: ['all'] }],
    ['a URL of 3,000 characters', { keyId: 'k', url: `http://127.0.0.1:9/${'a'.repeat(3_000)}` }],
  ])('when the body is %s, then 400 VALIDATION_FAILED', async (_what, body) => {
    expectProblem(await admin().send(body as object), 400, 'VALIDATION_FAILED');
  });

  it('when the body is not JSON, then a 4xx problem', async () => {
    const res = await admin().set('content-type', 'application/json').send('{"keyId":');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when the admin sets a secret, then it is not echoed, and a short one is refused', async () => {
    const keyId = await keyIdOf('inspector');
    const ok = await admin().send({ keyId, url: 'http://127.0.0.1:9/x', secret: 'a-secret-of-thirty-two-characters' });
    expect(ok.status).toBe(201);
    expect(ok.body.secret).toBeUndefined();
    expectProblem(await admin().send({ keyId, url: 'http://127.0.0.1:9/x', secret: 'short' }), 400, 'VALIDATION_FAILED');
  });

  it('when a subscription id is malformed or unknown, then DELETE answers 400 or 404', async () => {
    const del = (id: string) =>
      request(app())
        .delete(`/v1/webhooks/${id}`)
        .set('Authorization', `Bearer ${keyOf(deps, 'admin')}`);
    expectProblem(await del('nope'), 400, 'VALIDATION_FAILED');
    expectProblem(await del('00000000-0000-4000-8000-000000000000'), 404, 'WEBHOOK_NOT_FOUND');
  });

  it('when an inspector tries to register, then 403', async () => {
    const res = await request(app())
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${keyOf(deps, 'inspector')}`)
      .send({ keyId: await keyIdOf('inspector'), url: 'http://127.0.0.1:9/x' });
    expectProblem(res, 403, 'FORBIDDEN');
  });
});

describe('change notifications after a model switch', () => {
  let sharedStoreAddresses: Map<string, string | null> | null = null;

  it('when old and new model share one store (PostGIS), then changed addresses are found by scoring afresh and no buurt is listed', async () => {
    const model = await loadOnnxModel(join(modelsDir, CANDIDATE));
    try {
      const candidate = new RiskScorer(model, 1_000);
      const event = await modelChangeEvent({ store: deps.store, scorer: deps.scorer }, { store: deps.store, scorer: candidate }, 10);
      expect(event?.buurten).toEqual([]);
      expect(event!.addresses.length).toBeGreaterThan(100);
      sharedStoreAddresses = new Map(event!.addresses.map((a) => [a.addressId, a.new]));
    } finally {
      await model.close();
    }
  }, 120_000);

  it('when a promoted model changes classes, then one event lists each changed address and buurt as the new model answers it', async () => {
    const r = await receiver();
    const sub = await subscribe('admin', r.url);
    await models.switchTo(CANDIDATE);
    const [got] = await r.waitFor(1, 60_000);
    await settle(300);
    expect(r.received.length).toBe(1);
    expect(verifies(got, sub.secret)).toBe(true);
    const event = JSON.parse(got.body) as ChangeEvent;
    expect(event.cause).toEqual({ type: 'model', from: served, to: CANDIDATE });
    expect(event.addresses.length).toBeGreaterThan(100);
    expect(event.buurten.length).toBeGreaterThan(0);
    expect(event.addresses.every((x) => x.kind === 'indicative' && x.old !== x.new)).toBe(true);
    const sample = event.addresses[Math.floor(event.addresses.length / 2)];
    const answer = await request(app())
      .get(`/v1/addresses/${sample.addressId}`)
      .set('Authorization', `Bearer ${keyOf(deps, 'inspector')}`);
    expect([answer.body.modelVersion, answer.body.risk.riskClass]).toEqual([CANDIDATE, sample.new]);
    // The shared-store path (scoring afresh) finds the very changes the two scored memory stores show.
    if (sharedStoreAddresses) expect(new Map(event.addresses.map((a) => [a.addressId, a.new]))).toEqual(sharedStoreAddresses);
    const buurt = event.buurten[0];
    const shown = await request(app()).get(`/v1/buurten/${buurt.buurtCode}`);
    expect(shown.body.properties?.riskClass ?? shown.body.riskClass).toBe(buurt.new);
  }, 120_000);
});

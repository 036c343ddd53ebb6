import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisWebhookStore } from '../../service/adapters/postgis/webhook-store.js';
import { httpSend } from '../../service/adapters/webhooks/http-send.js';
import { WebhookFileStore } from '../../service/adapters/webhooks/webhook-file-store.js';
import { type ChangeEvent, changeEvent } from '../../service/domain/webhooks/change-event.js';
import { DELIVERY_HEADER } from '../../service/domain/webhooks/signature.js';
import { parseAllowList } from '../../service/domain/webhooks/target-policy.js';
import { WebhookService } from '../../service/domain/webhooks/webhook-service.js';
import type { WebhookStore } from '../../service/ports/webhook-store.js';
import { WebhookReceiver, settle } from '../support/webhook-receiver.js';
import { storeKinds } from './store-fixture.js';

const databaseUrl = process.env.DATABASE_URL;

/**
 * Opens stores of one kind over the same place (a file, or a throw-away schema), as a restarted process
 * would; `drop` removes the place.
 */
async function storePlace(kind: 'memory' | 'postgis'): Promise<{ open: () => WebhookStore; drop: () => Promise<void> }> {
  if (kind === 'memory') {
    const file = join(mkdtempSync(join(tmpdir(), 'webhooks-contract-')), '.webhooks.jsonl');
    return { open: () => new WebhookFileStore(file), drop: async () => undefined };
  }
  const schema = `webhooks_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const options = { connectionString: databaseUrl!, max: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema };
  const setup = createPool(options);
  await migrate(setup);
  await setup.end();
  return {
    open: () => new PostgisWebhookStore(createPool(options)),
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const sub = (url = 'http://127.0.0.1:9/hook') => ({
  id: randomUUID(),
  keyId: 'key-1',
  url,
  secret: 'whsec_contract-test-secret-0123456789',
  createdAt: new Date().toISOString(),
});

const event = (): ChangeEvent =>
  changeEvent({ type: 'model', from: 'm1', to: 'm2' }, 'm2', [], [{ buurtCode: 'BU04790101', kind: 'indicative', old: 'B', new: 'C' }])!;

const stored = (e = event(), at = new Date()) => ({ id: e.id, createdAt: at.toISOString(), body: JSON.stringify(e) });

describe.each(storeKinds(databaseUrl))('webhook store contract: %s', (kind) => {
  let place: Awaited<ReturnType<typeof storePlace>>;
  let store: WebhookStore;
  beforeEach(async () => {
    place = await storePlace(kind);
    store = place.open();
  });
  afterEach(async () => {
    await store.close();
    await place.drop();
  });

  it('when subscriptions are added and one removed, then the list shows the others and removing it again is false', async () => {
    const [a, b] = [sub(), sub()];
    await store.addSubscription(a);
    await store.addSubscription(b);
    expect((await store.listSubscriptions()).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store.removeSubscription(a.id)).toBe(true);
    expect(await store.removeSubscription(a.id)).toBe(false);
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([b.id]);
    expect((await store.listSubscriptions())[0]).toEqual(b);
  });

  it('when an event is enqueued for two subscribers, then each gets one pending delivery, claimed once while leased', async () => {
    const [a, b] = [sub(), sub()];
    await store.addSubscription(a);
    await store.addSubscription(b);
    const e = stored();
    const made = await store.enqueue(e, [a.id, b.id]);
    expect(made.map((d) => [d.subscriptionId, d.status, d.attempts])).toEqual([
      [a.id, 'pending', 0],
      [b.id, 'pending', 0],
    ]);
    const now = new Date(Date.now() + 1_000);
    const claimed = await store.claimDue(now, 10, 60_000);
    expect(claimed.map((d) => d.subscriptionId).sort()).toEqual([a.id, b.id].sort());
    expect(claimed.every((d) => d.body === e.body && d.eventId === e.id)).toBe(true);
    expect(claimed.find((d) => d.subscriptionId === a.id)).toMatchObject({ url: a.url, secret: a.secret });
    expect(await store.claimDue(now, 10, 60_000)).toEqual([]);
    expect(await store.pendingCount(a.id)).toBe(1);
  });

  it('when an attempt fails and then succeeds, then the delivery records both and is no longer due', async () => {
    const a = sub();
    await store.addSubscription(a);
    const [d] = await store.enqueue(stored(), [a.id]);
    const t0 = new Date(Date.now() + 1_000);
    await store.claimDue(t0, 1, 10);
    const retryAt = new Date(t0.getTime() + 5_000);
    await store.recordAttempt(d.id, {
      status: 'pending',
      attempts: 1,
      nextAttemptAt: retryAt.toISOString(),
      lastError: 'HTTP 503',
      lastStatus: 503,
      at: t0.toISOString(),
    });
    expect((await store.nextDueAt())?.getTime()).toBe(retryAt.getTime());
    expect(await store.claimDue(t0, 1, 10)).toEqual([]);
    const [again] = await store.claimDue(retryAt, 1, 10);
    expect(again).toMatchObject({ id: d.id, attempts: 1, lastStatus: 503 });
    await store.recordAttempt(d.id, {
      status: 'delivered',
      attempts: 2,
      nextAttemptAt: null,
      lastError: null,
      lastStatus: 200,
      at: retryAt.toISOString(),
    });
    expect(await store.nextDueAt()).toBeNull();
    expect(await store.listDeliveries({ subscriptionId: a.id })).toEqual([
      expect.objectContaining({ id: d.id, status: 'delivered', attempts: 2, deliveredAt: retryAt.toISOString() }),
    ]);
  });

  it('when the store is reopened (a restart), then subscriptions and pending deliveries are still there and due', async () => {
    const a = sub();
    await store.addSubscription(a);
    const e = stored();
    const [d] = await store.enqueue(e, [a.id]);
    await store.close();
    store = place.open();
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([a.id]);
    const [due] = await store.claimDue(new Date(Date.now() + 1_000), 10, 1_000);
    expect(due).toMatchObject({ id: d.id, eventId: e.id, body: e.body, status: 'pending' });
  });

  it('when a subscription is removed, then its pending deliveries are cancelled and never claimed', async () => {
    const a = sub();
    await store.addSubscription(a);
    const [d] = await store.enqueue(stored(), [a.id]);
    await store.removeSubscription(a.id);
    expect(await store.claimDue(new Date(Date.now() + 1_000), 10, 1_000)).toEqual([]);
    expect(await store.nextDueAt()).toBeNull();
    expect((await store.listDeliveries({ eventId: d.eventId }))[0]).toMatchObject({ status: 'cancelled' });
  });

  describe('delivering through the store (a local receiver)', () => {
    const service = (s: WebhookStore, opts: Partial<ConstructorParameters<typeof WebhookService>[1]> = {}) =>
      new WebhookService(s, {
        allowList: parseAllowList('127.0.0.1'),
        resolve: async () => ['127.0.0.1'],
        send: httpSend,
        maxAttempts: 20,
        retryBaseMs: 50,
        retryMaxMs: 200,
        timeoutMs: 2_000,
        concurrency: 4,
        maxPendingPerSubscription: 100,
        pollMs: 0,
        keyMayReceive: async () => true,
        log: () => undefined,
        ...opts,
      });

    it('when the receiver is down while the service restarts, then the event is delivered once, after the restart, when it is up', async () => {
      const receiver = await WebhookReceiver.start();
      await receiver.stop();
      const first = service(store);
      const { subscription } = await first.register('key-1', receiver.url);
      first.start();
      await first.publish(event());
      const until = Date.now() + 10_000;
      while (((await store.listDeliveries())[0]?.attempts ?? 0) < 2 && Date.now() < until) await settle(20);
      await first.close();
      store = place.open();
      await receiver.listen();
      const second = service(store);
      second.start();
      try {
        const [got] = await receiver.waitFor(1);
        await settle(400);
        expect(receiver.received.length).toBe(1);
        const [d] = await store.listDeliveries({ subscriptionId: subscription.id });
        expect(got.headers[DELIVERY_HEADER]).toBe(d.id);
        expect(d).toMatchObject({ status: 'delivered', lastStatus: 200 });
        expect(d.attempts).toBeGreaterThanOrEqual(3);
      } finally {
        await second.close();
        store = place.open();
        await receiver.stop();
      }
    });

    it('when the service stops right after changes were queued, then they are worked out and kept as pending deliveries', async () => {
      const s = service(store);
      const { subscription } = await s.register('key-1', 'http://127.0.0.1:9/hook');
      for (let i = 0; i < 3; i += 1)
        void s.notify(`change ${i}`, async () => {
          await settle(50);
          return event();
        });
      await s.close(5_000);
      store = place.open();
      const kept = await store.listDeliveries({ subscriptionId: subscription.id });
      expect(kept.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    });

    it('when a subscriber stays down, then at most maxPendingPerSubscription deliveries wait and later events are recorded as failed', async () => {
      const s = service(store, { maxPendingPerSubscription: 2, send: async () => 503, retryBaseMs: 60_000 });
      const { subscription } = await s.register('key-1', 'http://127.0.0.1:9/hook');
      try {
        for (let i = 0; i < 5; i += 1) await s.publish(event());
        expect(await store.pendingCount(subscription.id)).toBe(2);
        const failed = (await store.listDeliveries({ subscriptionId: subscription.id })).filter((d) => d.status === 'failed');
        expect(failed.length).toBe(3);
        expect(failed[0].lastError).toMatch(/still pending/);
      } finally {
        await s.close();
        store = place.open();
      }
    });

    it('when the key is revoked after an event was recorded, then its pending delivery is not sent but marked failed', async () => {
      let sent = 0;
      let active = true;
      const s = service(store, {
        keyMayReceive: async () => active,
        send: async () => {
          sent += 1;
          return 200;
        },
      });
      const { subscription } = await s.register('key-1', 'http://127.0.0.1:9/hook');
      try {
        await s.publish(event());
        active = false;
        s.start();
        const until = Date.now() + 10_000;
        while ((await store.listDeliveries({ subscriptionId: subscription.id }))[0]?.status === 'pending' && Date.now() < until)
          await settle(20);
        expect(sent).toBe(0);
        expect((await store.listDeliveries({ subscriptionId: subscription.id }))[0]).toMatchObject({
          status: 'failed',
          lastError: expect.stringContaining('may no longer receive'),
        });
      } finally {
        await s.close();
        store = place.open();
      }
    });

    it('when the attempts are used up, then the delivery is marked failed and not tried again', async () => {
      let calls = 0;
      const s = service(store, {
        maxAttempts: 3,
        send: async () => {
          calls += 1;
          return 500;
        },
      });
      const { subscription } = await s.register('key-1', 'http://127.0.0.1:9/hook');
      s.start();
      try {
        await s.publish(event());
        const until = Date.now() + 10_000;
        while ((await store.listDeliveries({ subscriptionId: subscription.id }))[0]?.status !== 'failed' && Date.now() < until)
          await settle(20);
        await settle(400);
        expect(calls).toBe(3);
        expect((await store.listDeliveries({ subscriptionId: subscription.id }))[0]).toMatchObject({
          status: 'failed',
          attempts: 3,
          lastError: 'the receiver answered HTTP 500',
        });
      } finally {
        await s.close();
        store = place.open();
      }
    });
  });
});

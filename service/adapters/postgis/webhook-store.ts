import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  AttemptOutcome,
  DueDelivery,
  StoredEvent,
  WebhookDelivery,
  WebhookStore,
  WebhookSubscription,
} from '../../ports/webhook-store.js';
import { guarded } from './pool.js';

type DeliveryRow = {
  id: string;
  event_id: string;
  subscription_id: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  last_status: number | null;
  created_at: Date;
  delivered_at: Date | null;
};

const DELIVERY_COLUMNS =
  'd.id, d.event_id, d.subscription_id, d.status, d.attempts, d.next_attempt_at, d.last_error, d.last_status, d.created_at, d.delivered_at';

const deliveryOf = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  eventId: r.event_id,
  subscriptionId: r.subscription_id,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  lastError: r.last_error,
  lastStatus: r.last_status,
  createdAt: r.created_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
});

/** Webhook subscriptions and deliveries in PostgreSQL (migration 014), shared by every replica. */
export class PostgisWebhookStore implements WebhookStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = true,
  ) {}

  async addSubscription(s: WebhookSubscription): Promise<void> {
    await guarded(() =>
      this.pool.query('INSERT INTO webhook_subscriptions (id, key_id, url, secret, created_at) VALUES ($1, $2, $3, $4, $5)', [
        s.id,
        s.keyId,
        s.url,
        s.secret,
        s.createdAt,
      ]),
    );
  }

  async listSubscriptions(): Promise<WebhookSubscription[]> {
    const { rows } = await guarded(() =>
      this.pool.query<{ id: string; key_id: string; url: string; secret: string; created_at: Date }>(
        'SELECT id, key_id, url, secret, created_at FROM webhook_subscriptions WHERE removed_at IS NULL ORDER BY created_at, id',
      ),
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id, url: r.url, secret: r.secret, createdAt: r.created_at.toISOString() }));
  }

  async removeSubscription(id: string): Promise<boolean> {
    return guarded(async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const { rowCount } = await client.query(
          'UPDATE webhook_subscriptions SET removed_at = now() WHERE id = $1 AND removed_at IS NULL',
          [id],
        );
        await client.query(
          "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE subscription_id = $1 AND status = 'pending'",
          [id],
        );
        await client.query('COMMIT');
        return (rowCount ?? 0) > 0;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    });
  }

  async enqueue(
    event: StoredEvent,
    subscriptionIds: readonly string[],
    refused: ReadonlyMap<string, string> = new Map(),
  ): Promise<WebhookDelivery[]> {
    if (subscriptionIds.length === 0) return [];
    const ids = subscriptionIds.map(() => randomUUID());
    const reasons = subscriptionIds.map((s) => refused.get(s) ?? null);
    return guarded(async () => {
      const { rows } = await this.pool.query<DeliveryRow>(
        `WITH e AS (INSERT INTO webhook_events (id, created_at, body) VALUES ($1, $2, $3) RETURNING id, created_at)
         INSERT INTO webhook_deliveries AS d (id, event_id, subscription_id, status, next_attempt_at, last_error, created_at)
         SELECT u.id, e.id, u.sub, CASE WHEN u.reason IS NULL THEN 'pending' ELSE 'failed' END,
                CASE WHEN u.reason IS NULL THEN e.created_at END, u.reason, e.created_at
         FROM e, unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u (id, sub, reason, n)
         ORDER BY u.n
         RETURNING ${DELIVERY_COLUMNS}`,
        [event.id, event.createdAt, event.body, ids, subscriptionIds, reasons],
      );
      return rows.map(deliveryOf);
    });
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    // SKIP LOCKED: replicas claiming at once each get other rows; the lease keeps a claimed row from the next claim.
    const { rows } = await guarded(() =>
      this.pool.query<DeliveryRow & { key_id: string; url: string; secret: string; body: string }>(
        `WITH due AS (
           SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.removed_at IS NULL
           WHERE d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_deliveries AS d SET next_attempt_at = $3 FROM due, webhook_subscriptions s, webhook_events e
         WHERE d.id = due.id AND s.id = d.subscription_id AND e.id = d.event_id
         RETURNING ${DELIVERY_COLUMNS}, s.key_id, s.url, s.secret, e.body`,
        [now, limit, new Date(now.getTime() + leaseMs)],
      ),
    );
    // The answer carries the leased time; the attempt reports what it had when claimed.
    return rows
      .map((r) => ({ ...deliveryOf(r), nextAttemptAt: now.toISOString(), keyId: r.key_id, url: r.url, secret: r.secret, body: r.body }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async recordAttempt(id: string, o: AttemptOutcome): Promise<void> {
    await guarded(() =>
      this.pool.query(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, last_status = $6,
           delivered_at = CASE WHEN $2 = 'delivered' THEN $7::timestamptz ELSE delivered_at END
         WHERE id = $1 AND status = 'pending'`,
        [id, o.status, o.attempts, o.nextAttemptAt, o.lastError, o.lastStatus, o.at],
      ),
    );
  }

  async nextDueAt(): Promise<Date | null> {
    const { rows } = await guarded(() =>
      this.pool.query<{ at: Date | null }>(
        `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.removed_at IS NULL WHERE d.status = 'pending'`,
      ),
    );
    return rows[0]?.at ?? null;
  }

  async pendingCount(subscriptionId: string): Promise<number> {
    const { rows } = await guarded(() =>
      this.pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'", [
        subscriptionId,
      ]),
    );
    return Number(rows[0].n);
  }

  async listDeliveries(filter: { eventId?: string; subscriptionId?: string } = {}): Promise<WebhookDelivery[]> {
    const { rows } = await guarded(() =>
      this.pool.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
         WHERE ($1::text IS NULL OR d.event_id = $1) AND ($2::text IS NULL OR d.subscription_id = $2)
         ORDER BY d.created_at DESC, d.id LIMIT 1000`,
        [filter.eventId ?? null, filter.subscriptionId ?? null],
      ),
    );
    return rows.map(deliveryOf);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

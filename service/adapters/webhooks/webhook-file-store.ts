import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type {
  AttemptOutcome,
  DueDelivery,
  StoredEvent,
  WebhookDelivery,
  WebhookStore,
  WebhookSubscription,
} from '../../ports/webhook-store.js';

/** The file beside a dataset folder that holds webhook subscriptions and deliveries (a dot-file: the dataset hash stays). */
export const WEBHOOKS_FILE = '.webhooks.jsonl';

/** The webhook file of a dataset folder. */
export const webhooksFileOf = (datasetDir: string) => join(datasetDir, WEBHOOKS_FILE);

/** Finished deliveries kept in memory for listings; older ones stay only in the file until it is compacted. */
const KEEP_FINISHED = 1_000;

type Op =
  | { op: 'sub'; s: WebhookSubscription }
  | { op: 'unsub'; id: string; at: string }
  | { op: 'event'; e: StoredEvent; deliveries: WebhookDelivery[] }
  | { op: 'attempt'; id: string; o: AttemptOutcome };

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Webhook subscriptions and deliveries without a database: an append-only JSON-lines log of operations,
 * each flushed to disk before it resolves, replayed at start-up and then rewritten with only what is still
 * needed (subscriptions, and events with deliveries still pending). In memory it holds the subscriptions,
 * the pending deliveries with their event bodies and the last {@link KEEP_FINISHED} finished deliveries.
 * One service process owns the file.
 */
export class WebhookFileStore implements WebhookStore {
  private readonly subs = new Map<string, WebhookSubscription>();
  private readonly deliveries = new Map<string, WebhookDelivery>();
  private readonly bodies = new Map<string, StoredEvent>();
  private readonly finished: string[] = [];
  private loaded: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private apply(op: Op): void {
    if (op.op === 'sub') this.subs.set(op.s.id, op.s);
    else if (op.op === 'unsub') {
      this.subs.delete(op.id);
      for (const d of this.deliveries.values())
        if (d.subscriptionId === op.id && d.status === 'pending') this.finish(d, { ...d, status: 'cancelled', nextAttemptAt: null });
    } else if (op.op === 'event') {
      this.bodies.set(op.e.id, op.e);
      for (const d of op.deliveries) {
        this.deliveries.set(d.id, d);
        if (d.status !== 'pending') this.remember(d.id);
      }
      if (!op.deliveries.some((d) => d.status === 'pending')) this.bodies.delete(op.e.id);
    } else {
      const d = this.deliveries.get(op.id);
      if (d?.status !== 'pending') return;
      const next: WebhookDelivery = {
        ...d,
        status: op.o.status,
        attempts: op.o.attempts,
        nextAttemptAt: op.o.nextAttemptAt,
        lastError: op.o.lastError,
        lastStatus: op.o.lastStatus,
        deliveredAt: op.o.status === 'delivered' ? op.o.at : d.deliveredAt,
      };
      if (next.status === 'pending') this.deliveries.set(d.id, next);
      else this.finish(d, next);
    }
  }

  /** Keeps a finished delivery among the last {@link KEEP_FINISHED}; older ones leave memory. */
  private remember(id: string): void {
    this.finished.push(id);
    while (this.finished.length > KEEP_FINISHED) this.deliveries.delete(this.finished.shift()!);
  }

  /** A delivery that is done: kept among the last finished ones; its event body goes once nothing pending needs it. */
  private finish(before: WebhookDelivery, after: WebhookDelivery): void {
    this.deliveries.set(after.id, after);
    this.remember(after.id);
    const stillNeeded = [...this.deliveries.values()].some((d) => d.eventId === before.eventId && d.status === 'pending');
    if (!stillNeeded) this.bodies.delete(before.eventId);
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      let raw: string;
      try {
        raw = await readFile(this.file, 'utf8');
      } catch (err) {
        if (missing(err)) return;
        throw err;
      }
      // A last line without its newline was cut short by a crash and never acknowledged: it is dropped.
      const lines = raw
        .slice(0, raw.lastIndexOf('\n') + 1)
        .split('\n')
        .slice(0, -1);
      lines.forEach((line, i) => {
        try {
          this.apply(JSON.parse(line) as Op);
        } catch (err) {
          throw new Error(`${this.file}, line ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      await this.compact();
    })();
    return this.loaded;
  }

  /** Rewrites the file with what is still needed, then swaps it in. */
  private async compact(): Promise<void> {
    const ops: Op[] = [...this.subs.values()].map((s) => ({ op: 'sub', s }));
    for (const e of this.bodies.values())
      ops.push({ op: 'event', e, deliveries: [...this.deliveries.values()].filter((d) => d.eventId === e.id) });
    const tmp = `${this.file}.tmp`;
    const fd = await open(tmp, 'w', 0o600);
    try {
      await fd.write(ops.map((o) => `${JSON.stringify(o)}\n`).join(''));
      await fd.datasync();
    } finally {
      await fd.close();
    }
    await rename(tmp, this.file);
  }

  /** Appends one operation (flushed to disk), then applies it; operations run one at a time. */
  private write(op: Op): Promise<void> {
    const run = this.queue.then(async () => {
      await this.load();
      await mkdir(dirname(this.file), { recursive: true });
      const fd = await open(this.file, 'a', 0o600);
      try {
        await fd.write(`${JSON.stringify(op)}\n`);
        await fd.datasync();
      } finally {
        await fd.close();
      }
      this.apply(op);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read<T>(f: () => T): Promise<T> {
    await this.queue;
    await this.load();
    return structuredClone(f());
  }

  addSubscription(s: WebhookSubscription): Promise<void> {
    return this.write({ op: 'sub', s });
  }

  listSubscriptions(): Promise<WebhookSubscription[]> {
    return this.read(() => [...this.subs.values()]);
  }

  async removeSubscription(id: string): Promise<boolean> {
    if (!(await this.read(() => this.subs.has(id)))) return false;
    await this.write({ op: 'unsub', id, at: new Date().toISOString() });
    return true;
  }

  async enqueue(
    event: StoredEvent,
    subscriptionIds: readonly string[],
    refused: ReadonlyMap<string, string> = new Map(),
  ): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = subscriptionIds.map((subscriptionId) => ({
      id: randomUUID(),
      eventId: event.id,
      subscriptionId,
      status: refused.has(subscriptionId) ? 'failed' : 'pending',
      attempts: 0,
      nextAttemptAt: refused.has(subscriptionId) ? null : event.createdAt,
      lastError: refused.get(subscriptionId) ?? null,
      lastStatus: null,
      createdAt: event.createdAt,
      deliveredAt: null,
    }));
    if (deliveries.length > 0) await this.write({ op: 'event', e: event, deliveries });
    return structuredClone(deliveries);
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    await this.queue;
    await this.load();
    const due = [...this.deliveries.values()]
      .filter((d) => d.status === 'pending' && Date.parse(d.nextAttemptAt!) <= now.getTime() && this.subs.has(d.subscriptionId))
      .sort((a, b) => Date.parse(a.nextAttemptAt!) - Date.parse(b.nextAttemptAt!))
      .slice(0, limit);
    // The lease lives in memory only: after a restart every pending delivery is due again, as it should be.
    const leased = new Date(now.getTime() + leaseMs).toISOString();
    return due.map((d) => {
      this.deliveries.set(d.id, { ...d, nextAttemptAt: leased });
      const s = this.subs.get(d.subscriptionId)!;
      return { ...structuredClone(d), keyId: s.keyId, url: s.url, secret: s.secret, body: this.bodies.get(d.eventId)!.body };
    });
  }

  recordAttempt(id: string, outcome: AttemptOutcome): Promise<void> {
    return this.write({ op: 'attempt', id, o: outcome });
  }

  nextDueAt(): Promise<Date | null> {
    return this.read(() => {
      let min = Number.POSITIVE_INFINITY;
      for (const d of this.deliveries.values())
        if (d.status === 'pending' && this.subs.has(d.subscriptionId)) min = Math.min(min, Date.parse(d.nextAttemptAt!));
      return Number.isFinite(min) ? new Date(min) : null;
    });
  }

  pendingCount(subscriptionId: string): Promise<number> {
    return this.read(
      () => [...this.deliveries.values()].filter((d) => d.subscriptionId === subscriptionId && d.status === 'pending').length,
    );
  }

  listDeliveries(filter: { eventId?: string; subscriptionId?: string } = {}): Promise<WebhookDelivery[]> {
    return this.read(() =>
      [...this.deliveries.values()]
        .filter(
          (d) =>
            (filter.eventId === undefined || d.eventId === filter.eventId) &&
            (filter.subscriptionId === undefined || d.subscriptionId === filter.subscriptionId),
        )
        .reverse(),
    );
  }

  async close(): Promise<void> {
    await this.queue;
  }
}

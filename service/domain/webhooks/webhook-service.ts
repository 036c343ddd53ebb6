import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookStore, WebhookSubscription } from '../../ports/webhook-store.js';
import type { ChangeEvent } from './change-event.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './signature.js';
import { type AllowList, type CheckedTarget, type Resolve, checkTarget } from './target-policy.js';

/** Sends one POST to a checked target (connecting only to its checked addresses); resolves to the HTTP status, throws on a network failure or timeout. */
export type Send = (target: CheckedTarget, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<number>;

/** How deliveries are made and retried. */
export interface WebhookOptions {
  allowList: AllowList;
  resolve: Resolve;
  send: Send;
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles after each further one … */
  retryBaseMs: number;
  /** … up to this. */
  retryMaxMs: number;
  /** Time for one attempt (connect, send, answer). */
  timeoutMs: number;
  /** Attempts in flight at once (per process). */
  concurrency: number;
  /** Pending deliveries one subscription may have; a further event for it is recorded as failed at once. */
  maxPendingPerSubscription: number;
  /** How often the store is asked for due deliveries when nothing is due sooner (other replicas' events); 0 = only when woken. */
  pollMs: number;
  /** Whether the key a subscription belongs to may still receive (not revoked or expired, role allowed). */
  keyMayReceive: (keyId: string) => Promise<boolean>;
  log: (level: 'info' | 'warn', fields: Record<string, unknown>, message: string) => void;
  now?: () => Date;
}

/**
 * Roles whose keys may subscribe: events carry the class surveys found, and survey outcomes are private
 * data (inspectors and admins, DESIGN §6).
 */
export const SUBSCRIBER_ROLES = ['inspector', 'admin'] as const;

/** A subscription as listed: never its secret. */
export type SubscriptionSummary = Omit<WebhookSubscription, 'secret'>;

/** Change jobs waiting to be worked out, at most. */
const MAX_QUEUED_CHANGES = 10_000;
/** Tries of one change job before it is given up. */
const CHANGE_JOB_TRIES = 5;
/** Tries to record an attempt's outcome (a delivery whose outcome is not recorded is sent again after its lease). */
const RECORD_TRIES = 3;

const summary = ({ secret: _secret, ...rest }: WebhookSubscription): SubscriptionSummary => rest;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** The wait before attempt `attempts + 1` after `attempts` failed ones: base × 2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Change notifications: subscriptions (an admin registers a URL per key), and delivery of each change
 * event as ONE signed POST per subscriber, retried with exponential back-off until it is answered with a
 * 2xx or its attempts are used up. Every delivery and attempt is recorded in the store first, so a restart
 * goes on where it stopped; in memory only the attempts in flight (at most `concurrency`) hold a body, and
 * a subscriber that stays down can pile up at most `maxPendingPerSubscription` pending deliveries.
 * Publishing never waits for a receiver.
 */
export class WebhookService {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private again = false;
  private closed = false;
  private closing = false;
  private readonly now: () => Date;
  private readonly changes: { make: () => Promise<ChangeEvent | null>; tries: number; done: () => void }[] = [];
  private working = false;

  constructor(
    readonly store: WebhookStore,
    private readonly opts: WebhookOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Checks the URL against the allow-list and stores the subscription; the secret is generated unless given. */
  async register(keyId: string, url: string, secret?: string): Promise<{ subscription: SubscriptionSummary; secret: string }> {
    await checkTarget(url, this.opts.allowList, this.opts.resolve);
    const s: WebhookSubscription = {
      id: randomUUID(),
      keyId,
      url,
      secret: secret ?? `whsec_${randomBytes(32).toString('base64url')}`,
      createdAt: this.now().toISOString(),
    };
    await this.store.addSubscription(s);
    return { subscription: summary(s), secret: s.secret };
  }

  async list(): Promise<SubscriptionSummary[]> {
    return (await this.store.listSubscriptions()).map(summary);
  }

  remove(id: string): Promise<boolean> {
    return this.store.removeSubscription(id);
  }

  /**
   * Queues the work of finding what changed (`make`) and publishing it, done one job at a time after the
   * request that caused it has been answered, so a burst of surveys cannot crowd the stores' connections.
   * A job that fails (a store briefly unavailable) is tried again up to {@link CHANGE_JOB_TRIES} times; at
   * most {@link MAX_QUEUED_CHANGES} jobs wait (further ones are logged and dropped). Resolves when the job
   * is done with (published, nothing changed, no subscribers, given up or dropped); never rejects.
   */
  notify(what: string, make: () => Promise<ChangeEvent | null>): Promise<void> {
    if (this.closing) return Promise.resolve();
    if (this.changes.length >= MAX_QUEUED_CHANGES) {
      this.opts.log('warn', { what }, 'change not published: too many changes waiting to be worked out');
      return Promise.resolve();
    }
    return new Promise<void>((done) => {
      this.changes.push({ make, tries: 0, done });
      void this.work();
    });
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (!this.closed && this.changes.length > 0) {
        const job = this.changes[0];
        try {
          if ((await this.store.listSubscriptions()).length > 0) {
            const event = await job.make();
            if (event) await this.publish(event);
          }
          this.changes.shift();
          job.done();
        } catch (err) {
          job.tries += 1;
          if (job.tries >= CHANGE_JOB_TRIES) {
            this.changes.shift();
            job.done();
            this.opts.log('warn', { err: messageOf(err), tries: job.tries }, 'change not published to webhook subscribers');
          } else await new Promise((resolve) => setTimeout(resolve, this.opts.retryBaseMs * 2 ** (job.tries - 1)).unref());
        }
      }
    } finally {
      this.working = false;
      // Closed with jobs still waiting: they are dropped, and whoever waits on them is let go.
      if (this.closed) for (const job of this.changes.splice(0)) job.done();
    }
  }

  /** Starts delivering what is pending (also what a previous run left). */
  start(): void {
    this.wake();
  }

  /**
   * Records one delivery of the event per subscriber whose key may receive, and wakes the sender. Resolves
   * once the deliveries are stored, before any is sent.
   */
  async publish(event: ChangeEvent): Promise<WebhookDelivery[]> {
    const subs: WebhookSubscription[] = [];
    for (const s of await this.store.listSubscriptions()) if (await this.opts.keyMayReceive(s.keyId)) subs.push(s);
    if (subs.length === 0) return [];
    const full = new Set<string>();
    for (const s of subs) if ((await this.store.pendingCount(s.id)) >= this.opts.maxPendingPerSubscription) full.add(s.id);
    const reason = `not sent: ${this.opts.maxPendingPerSubscription} deliveries to this subscriber are still pending`;
    const deliveries = await this.store.enqueue(
      { id: event.id, createdAt: this.now().toISOString(), body: JSON.stringify(event) },
      subs.map((s) => s.id),
      new Map([...full].map((id) => [id, reason])),
    );
    for (const id of full)
      this.opts.log('warn', { subscription: id, event: event.id }, 'webhook delivery dropped: subscriber backlog full');
    this.wake();
    return deliveries;
  }

  /** Claims what is due and attempts it, at most `concurrency` at a time; then sleeps until the next is due. */
  private wake(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.drain()
      .catch((err: unknown) => this.opts.log('warn', { err: messageOf(err) }, 'webhook store unavailable; deliveries wait'))
      .finally(() => {
        this.draining = false;
        if (this.again) {
          this.again = false;
          this.wake();
        } else void this.sleep();
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const free = this.opts.concurrency - this.inFlight.size;
      if (free <= 0) return;
      const due = await this.store.claimDue(this.now(), free, this.opts.timeoutMs * 2 + 1_000);
      if (due.length === 0) return;
      for (const d of due) {
        const run: Promise<void> = this.attempt(d).finally(() => {
          this.inFlight.delete(run);
          this.wake();
        });
        this.inFlight.add(run);
      }
    }
  }

  private async sleep(): Promise<void> {
    if (this.closed) return;
    let wait = this.opts.pollMs > 0 ? this.opts.pollMs : Number.POSITIVE_INFINITY;
    try {
      const next = await this.store.nextDueAt();
      if (next) wait = Math.min(wait, Math.max(0, next.getTime() - this.now().getTime()));
    } catch {
      wait = Math.min(wait, this.opts.retryBaseMs);
    }
    if (this.closed || this.draining || !Number.isFinite(wait)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.min(wait, 2_147_000_000));
    this.timer.unref();
  }

  private async attempt(d: Awaited<ReturnType<WebhookStore['claimDue']>>[number]): Promise<void> {
    const attempts = d.attempts + 1;
    let error: string | null = null;
    let status: number | null = null;
    try {
      if (!(await this.opts.keyMayReceive(d.keyId))) {
        // The key was revoked, expired or lost its role since the event: nothing more goes to it.
        await this.store.recordAttempt(d.id, {
          status: 'failed',
          attempts: d.attempts,
          nextAttemptAt: null,
          lastError: 'not sent: the key of this subscription may no longer receive (revoked, expired or another role)',
          lastStatus: null,
          at: this.now().toISOString(),
        });
        return;
      }
      // Checked again at every attempt: the name may resolve elsewhere now, or the allow-list changed.
      const target = await checkTarget(d.url, this.opts.allowList, this.opts.resolve);
      const t = Math.floor(this.now().getTime() / 1000);
      status = await this.opts.send(
        target,
        d.body,
        {
          'content-type': 'application/json',
          'user-agent': 'funderingsrisico-webhooks/1',
          [EVENT_HEADER]: d.eventId,
          [DELIVERY_HEADER]: d.id,
          [TIMESTAMP_HEADER]: String(t),
          [SIGNATURE_HEADER]: signBody(d.secret, t, d.body),
        },
        this.opts.timeoutMs,
      );
      if (status < 200 || status > 299) error = `the receiver answered HTTP ${status}`;
    } catch (err) {
      error = messageOf(err);
    }
    const at = this.now();
    const done = error === null;
    const givenUp = !done && attempts >= this.opts.maxAttempts;
    const next = done || givenUp ? null : new Date(at.getTime() + retryDelayMs(attempts, this.opts.retryBaseMs, this.opts.retryMaxMs));
    if (givenUp) this.opts.log('warn', { delivery: d.id, attempts, error }, 'webhook delivery failed; attempts used up');
    const outcome = {
      status: done ? ('delivered' as const) : givenUp ? ('failed' as const) : ('pending' as const),
      attempts,
      nextAttemptAt: next?.toISOString() ?? null,
      lastError: error,
      lastStatus: status,
      at: at.toISOString(),
    };
    for (let tries = 1; ; tries += 1) {
      try {
        await this.store.recordAttempt(d.id, outcome);
        return;
      } catch (err) {
        if (tries >= RECORD_TRIES) {
          // Not recorded: the lease runs out and the delivery is sent again (receivers drop repeats by delivery id).
          this.opts.log('warn', { delivery: d.id, err: messageOf(err) }, 'webhook attempt not recorded');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * tries));
      }
    }
  }

  /**
   * Stops: first lets the change jobs already queued finish for at most `drainMs` (a graceful stop right
   * after a burst of surveys still announces them), then makes no new attempts, drops what still waits,
   * waits for the attempts in flight and closes the store.
   */
  async close(drainMs = 0): Promise<void> {
    this.closing = true;
    if (this.changes.length > 0 && drainMs > 0) {
      const last = this.changes[this.changes.length - 1];
      await Promise.race([
        new Promise<void>((resolve) => {
          const done = last.done;
          last.done = () => {
            done();
            resolve();
          };
        }),
        new Promise((resolve) => setTimeout(resolve, drainMs).unref()),
      ]);
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const job of this.changes.splice(0)) job.done();
    await Promise.allSettled([...this.inFlight]);
    await this.store.close();
  }
}

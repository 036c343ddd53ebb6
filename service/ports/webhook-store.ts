/** A webhook subscription: an admin registered `url` for the key `keyId`; `secret` signs every delivery. */
export interface WebhookSubscription {
  id: string;
  keyId: string;
  url: string;
  secret: string;
  createdAt: string;
}

/** pending: to be (re)tried at `nextAttemptAt`; delivered: a 2xx came back; failed: attempts used up; cancelled: its subscription was removed. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One event for one subscriber. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  subscriptionId: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A delivery claimed for an attempt, with what the attempt needs. */
export interface DueDelivery extends WebhookDelivery {
  /** The key the subscription belongs to. */
  keyId: string;
  url: string;
  secret: string;
  body: string;
}

/** An event as stored: its id and the exact body every subscriber is sent. */
export interface StoredEvent {
  id: string;
  createdAt: string;
  body: string;
}

/** The outcome of one attempt. */
export interface AttemptOutcome {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  at: string;
}

/**
 * Webhook subscriptions and their deliveries, kept so that a restart loses none: PostGIS tables
 * (migration 014) or, without `DATABASE_URL`, a JSON-lines file beside the dataset. One contract test
 * suite runs against both.
 */
export interface WebhookStore {
  addSubscription(s: WebhookSubscription): Promise<void>;
  /** Subscriptions not removed, oldest first. */
  listSubscriptions(): Promise<WebhookSubscription[]>;
  /** Removes a subscription and cancels its pending deliveries; false when there is no such subscription. */
  removeSubscription(id: string): Promise<boolean>;
  /**
   * Stores an event and one delivery per subscription id, all or nothing: pending and due now, or, for a
   * subscription in `refused`, failed at once with that reason (never sent).
   */
  enqueue(event: StoredEvent, subscriptionIds: readonly string[], refused?: ReadonlyMap<string, string>): Promise<WebhookDelivery[]>;
  /**
   * Pending deliveries due at `now`, at most `limit`, oldest due first; each is leased (its next attempt
   * moved to `now + leaseMs`) so no other process claims it while it is tried, and a process that dies
   * mid-attempt leaves it to be tried again when the lease runs out.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]>;
  /** Records an attempt's outcome; only a pending delivery changes (a cancelled or finished one stays as it is). */
  recordAttempt(id: string, outcome: AttemptOutcome): Promise<void>;
  /** When the earliest pending delivery is due, or null when none is pending. */
  nextDueAt(): Promise<Date | null>;
  /** Pending deliveries per subscription (the bound on what a down receiver can pile up). */
  pendingCount(subscriptionId: string): Promise<number>;
  /** Deliveries (newest first), optionally of one event or one subscription. */
  listDeliveries(filter?: { eventId?: string; subscriptionId?: string }): Promise<WebhookDelivery[]>;
  close(): Promise<void>;
}

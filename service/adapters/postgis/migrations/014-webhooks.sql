-- 014: change notifications (webhooks). An admin registers a URL per API key; every change event is kept
-- with its exact body, and one delivery row per subscriber records each attempt, so a restart (or another
-- replica) picks up what is still pending. A removed subscription keeps its row (removed_at) so the
-- deliveries made to it stay on record. The secret signs deliveries (HMAC) and so is kept as given.

CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id text PRIMARY KEY,
  key_id text NOT NULL,
  url text NOT NULL,
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);

CREATE TABLE IF NOT EXISTS webhook_events (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  body text NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES webhook_events (id),
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  last_status integer,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (event_id, subscription_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);

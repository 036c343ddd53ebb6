import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { AccessServices } from '../../domain/access/access-services.js';
import { parseAllowList } from '../../domain/webhooks/target-policy.js';
import { SUBSCRIBER_ROLES, WebhookService } from '../../domain/webhooks/webhook-service.js';
import { openWebhookStore } from '../open-webhook-store.js';
import { httpSend, resolveHost } from './http-send.js';

/** Attempts in flight at once per process. */
const CONCURRENCY = 4;
/** How often the store is asked for due deliveries when nothing is due sooner (events of other replicas). */
const POLL_MS = 5_000;

/** The webhook service the config asks for: its store, the allow-list, the system resolver and node's http client. */
export function openWebhooks(config: Config, access: AccessServices, logger: Logger): WebhookService {
  const w = config.webhooks;
  return new WebhookService(openWebhookStore(config), {
    allowList: parseAllowList(w.allowedHosts),
    resolve: resolveHost,
    send: httpSend,
    maxAttempts: w.maxAttempts,
    retryBaseMs: w.retryBaseMs,
    retryMaxMs: w.retryMaxMs,
    timeoutMs: w.timeoutMs,
    concurrency: CONCURRENCY,
    maxPendingPerSubscription: w.maxPending,
    pollMs: POLL_MS,
    keyMayReceive: async (keyId) =>
      (await access.keyAdmin.list()).some((k) => k.id === keyId && k.active && (SUBSCRIBER_ROLES as readonly string[]).includes(k.role)),
    log: (level, fields, message) => logger[level](fields, message),
  });
}

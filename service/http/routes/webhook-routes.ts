import { TargetRefusedError } from '../../domain/webhooks/target-policy.js';
import { SUBSCRIBER_ROLES } from '../../domain/webhooks/webhook-service.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { parseOr400 } from '../validate.js';
import { webhookIdSchema, webhookInputSchema } from '../webhook-schemas.js';

/** Admin routes of change notifications: register, list and remove webhook subscriptions. */
export function webhookRoutes({ access, webhooks }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.webhookCreate, async (req, res) => {
    const input = parseOr400(webhookInputSchema, req.body ?? {}, 'webhook');
    const key = (await access.keyAdmin.list()).find((k) => k.id === input.keyId);
    if (!key?.active || !(SUBSCRIBER_ROLES as readonly string[]).includes(key.role))
      throw new ApiError(
        'WEBHOOK_KEY_INVALID',
        key
          ? `The key ${input.keyId} is ${key.active ? `of role ${key.role}` : 'revoked or expired'}; events carry survey outcomes, so only active ${SUBSCRIBER_ROLES.join(' and ')} keys receive them.`
          : `No key with id ${input.keyId} (see GET /v1/keys).`,
        [{ path: 'keyId', message: key ? 'this key cannot receive webhooks' : 'no such key' }],
      );
    try {
      const { subscription, secret } = await webhooks.register(input.keyId, input.url, input.secret);
      res.setHeader('Cache-Control', 'private, no-store');
      res.status(201).json(input.secret === undefined ? { ...subscription, secret } : subscription);
    } catch (err) {
      if (err instanceof TargetRefusedError)
        throw new ApiError('WEBHOOK_TARGET_REFUSED', `The URL is not allowed: ${err.message}.`, [{ path: 'url', message: err.message }]);
      throw err;
    }
  });

  r.on(ROUTES.webhooks, async (_req, res) => {
    const list = await webhooks.list();
    const out = await Promise.all(
      list.map(async (s) => {
        const [last] = await webhooks.store.listDeliveries({ subscriptionId: s.id });
        return {
          ...s,
          pending: await webhooks.store.pendingCount(s.id),
          lastDelivery: last
            ? {
                eventId: last.eventId,
                status: last.status,
                attempts: last.attempts,
                lastStatus: last.lastStatus,
                lastError: last.lastError,
                createdAt: last.createdAt,
                deliveredAt: last.deliveredAt,
              }
            : null,
        };
      }),
    );
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({ webhooks: out });
  });

  r.on(ROUTES.webhookDelete, async (req, res) => {
    const { id } = parseOr400(webhookIdSchema, req.params, 'path');
    if (!(await webhooks.remove(id))) throw new ApiError('WEBHOOK_NOT_FOUND', `No webhook subscription with id ${id}.`);
    res.json({ id, deleted: true });
  });
}

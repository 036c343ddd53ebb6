import { z } from 'zod';

/** `POST /v1/webhooks`: a URL for a key; the secret is generated (and returned once) unless given. */
export const webhookInputSchema = z.strictObject({
  keyId: z.string().min(1).max(100).describe('id of the API key the subscription belongs to (see GET /v1/keys); inspector or admin'),
  url: z.string().min(1).max(2_000).describe('http(s) URL on the WEBHOOK_ALLOWED_HOSTS allow-list'),
  secret: z
    .string()
    .min(24)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe('HMAC secret chosen by the admin (24–256 characters); omitted: one is generated and returned once'),
});

/** A subscription id in a path. */
export const webhookIdSchema = z.strictObject({ id: z.uuid('a subscription id') });

const subscriptionSchema = z.strictObject({
  id: z.string(),
  keyId: z.string(),
  url: z.string(),
  createdAt: z.string(),
});

/** `POST /v1/webhooks`: the subscription, with the secret when it was generated (shown only this once). */
export const webhookCreatedResponseSchema = subscriptionSchema.extend({ secret: z.string().optional() });

/** `GET /v1/webhooks`: subscriptions (never their secrets) with their delivery counts. */
export const webhooksResponseSchema = z.strictObject({
  webhooks: z.array(
    subscriptionSchema.extend({
      pending: z.number().int(),
      lastDelivery: z
        .strictObject({
          eventId: z.string(),
          status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
          attempts: z.number().int(),
          lastStatus: z.number().int().nullable(),
          lastError: z.string().nullable(),
          createdAt: z.string(),
          deliveredAt: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
});

/** `DELETE /v1/webhooks/{id}`. */
export const webhookDeletedResponseSchema = z.strictObject({ id: z.string(), deleted: z.literal(true) });

import { z } from 'zod';
import { KEY_ROLES, ROLES } from '../domain/access/roles.js';
import { BAG_ID_PATTERN } from '../domain/ids.js';

/** `GET /v1/me`: who the key belongs to. */
export const meResponseSchema = z.strictObject({ name: z.string(), role: z.enum(KEY_ROLES) });

const isoTime = z.iso.datetime({ offset: true });

/** `GET /v1/audit` query: a time window and a key name. */
export const auditQuerySchema = z.strictObject({
  from: isoTime.optional().describe('ISO 8601 time, inclusive'),
  to: isoTime.optional().describe('ISO 8601 time, exclusive'),
  key: z.string().min(1).max(64).optional().describe('key name'),
  address: z
    .string()
    .regex(BAG_ID_PATTERN, 'a 16-digit BAG verblijfsobject id')
    .optional()
    .describe('only reads whose answer held this address'),
  limit: z.coerce.number().int().min(1).max(10_000).optional().describe('at most this many entries (default 1000)'),
});

const auditEntrySchema = z.strictObject({
  at: z.string(),
  requestId: z.string(),
  keyId: z.string().nullable(),
  keyName: z.string().nullable(),
  role: z.enum(ROLES),
  ip: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  status: z.number().int(),
  addressIds: z.array(z.string()),
  detail: z.string().nullable(),
});

/** `GET /v1/audit`: entries newest first. */
export const auditResponseSchema = z.strictObject({ count: z.number().int(), entries: z.array(auditEntrySchema) });

/** `GET /v1/keys`: the keys without their hashes. */
export const keysResponseSchema = z.strictObject({
  keys: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      role: z.enum(KEY_ROLES),
      createdAt: z.string(),
      expiresAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
});

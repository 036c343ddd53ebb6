import type { Role } from './roles.js';

/**
 * One address-level read, appended to the audit log: who (key name and id, or nobody), what (route
 * pattern, the address ids in the answer), when, from where (IP) and the request id.
 */
export interface AuditEntry {
  /** ISO time the answer was sent. */
  at: string;
  requestId: string;
  keyId: string | null;
  keyName: string | null;
  role: Role;
  ip: string | null;
  method: string;
  /** The route pattern (`/v1/addresses/{id}`), never the raw URL with postcode and number. */
  route: string;
  status: number;
  /** BAG verblijfsobject ids in the answer (at most {@link MAX_AUDIT_IDS}). */
  addressIds: string[];
  /** Extra context without personal data, e.g. a tile's `z/x/y`. */
  detail: string | null;
}

/** Address ids kept per audit entry (a search answers at most 50). */
export const MAX_AUDIT_IDS = 200;

/** Filters of an audit query. */
export interface AuditQuery {
  /** ISO time, inclusive. */
  from?: string;
  /** ISO time, exclusive. */
  to?: string;
  keyName?: string;
  limit: number;
}

const ADDRESS_ID = /^\d{16}$/;

/**
 * The address ids in an answer body: every 16-digit string under a key `id` or `verblijfsobjectId`,
 * wherever the answer shape puts it, so new answer shapes are audited without a second list.
 */
export function addressIdsIn(body: unknown, limit = MAX_AUDIT_IDS): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (found.size >= limit || depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'id' || k === 'verblijfsobjectId') && typeof x === 'string' && ADDRESS_ID.test(x)) found.add(x);
      else walk(x, depth + 1);
    }
  };
  walk(body, 0);
  return [...found].slice(0, limit);
}

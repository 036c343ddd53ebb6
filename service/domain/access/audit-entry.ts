import type { Role } from './roles.js';
import { BAG_ID_SOURCE } from '../ids.js';

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
  /** Only entries whose answer held this address id (a resident's "who looked at my address?"). */
  address?: string;
  limit: number;
}

const ADDRESS_ID_FIELD = new RegExp(`"(?:id|verblijfsobjectId)":"(${BAG_ID_SOURCE})"`, 'g');

/**
 * The address ids in a JSON answer: every 16-digit string under a key `id` or `verblijfsobjectId`,
 * wherever the answer shape puts it, so new answer shapes are audited without a second list. It reads
 * the serialised text (a few µs; walking the parsed answer costs ten times more).
 */
export function addressIdsIn(json: string, limit = MAX_AUDIT_IDS): string[] {
  const found = new Set<string>();
  for (const m of json.matchAll(ADDRESS_ID_FIELD)) {
    found.add(m[1]);
    if (found.size >= limit) break;
  }
  return [...found];
}

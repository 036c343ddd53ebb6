import type { ApiKeyRecord } from '../domain/access/api-keys.js';
import type { AuditEntry, AuditQuery } from '../domain/access/audit-entry.js';

/**
 * Where API keys (hashed) and the audit log live: PostGIS when `DATABASE_URL` is set, otherwise files.
 * One contract suite runs against every implementation.
 */
export interface AccessStore {
  addKey(record: ApiKeyRecord): Promise<void>;
  /** Every key, newest first, revoked and expired ones included. */
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Sets `revokedAt` and/or `expiresAt` of one key; false when there is no such key. */
  updateKey(id: string, change: { revokedAt?: string; expiresAt?: string }): Promise<boolean>;
  /** Appends entries to the append-only audit log. */
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Entries matching the filters, newest first. */
  queryAudit(q: AuditQuery): Promise<AuditEntry[]>;
  /** Removes entries older than `before` (retention); returns how many. */
  pruneAudit(before: string): Promise<number>;
  close(): Promise<void>;
}

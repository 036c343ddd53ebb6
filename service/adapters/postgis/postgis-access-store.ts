import type pg from 'pg';
import type { ApiKeyRecord } from '../../domain/access/api-keys.js';
import type { AuditEntry, AuditQuery } from '../../domain/access/audit-entry.js';
import type { Role } from '../../domain/access/roles.js';
import type { AccessStore } from '../../ports/access-store.js';
import { guarded } from './pool.js';

type KeyRow = {
  id: string;
  name: string;
  role: ApiKeyRecord['role'];
  salt: string;
  hash: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
};
type AuditRow = {
  at: Date;
  request_id: string;
  key_id: string | null;
  key_name: string | null;
  role: Role;
  ip: string | null;
  method: string;
  route: string;
  status: number;
  address_ids: string[];
  detail: string | null;
};

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const keyOf = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  salt: r.salt,
  hash: r.hash,
  createdAt: r.created_at.toISOString(),
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
});
const entryOf = (r: AuditRow): AuditEntry => ({
  at: r.at.toISOString(),
  requestId: r.request_id,
  keyId: r.key_id,
  keyName: r.key_name,
  role: r.role,
  ip: r.ip,
  method: r.method,
  route: r.route,
  status: r.status,
  addressIds: r.address_ids,
  detail: r.detail,
});

/** Keys and audit log in PostgreSQL (migration 005), shared by every replica. */
export class PostgisAccessStore implements AccessStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = true,
  ) {}

  private async rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return guarded(async () => (await this.pool.query<T>(text, values)).rows);
  }

  async addKey(k: ApiKeyRecord): Promise<void> {
    await this.rows(
      'INSERT INTO access_keys (id, name, role, salt, hash, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [k.id, k.name, k.role, k.salt, k.hash, k.createdAt, k.expiresAt, k.revokedAt],
    );
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return (await this.rows<KeyRow>('SELECT * FROM access_keys ORDER BY created_at DESC, id')).map(keyOf);
  }

  async updateKey(id: string, change: { revokedAt?: string; expiresAt?: string }): Promise<boolean> {
    const rows = await this.rows(
      'UPDATE access_keys SET revoked_at = COALESCE($2, revoked_at), expires_at = COALESCE($3, expires_at) WHERE id = $1 RETURNING id',
      [id, change.revokedAt ?? null, change.expiresAt ?? null],
    );
    return rows.length > 0;
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const cols = ['at', 'request_id', 'key_id', 'key_name', 'role', 'ip', 'method', 'route', 'status', 'address_ids', 'detail'];
    const values = entries.flatMap((e) => [
      e.at,
      e.requestId,
      e.keyId,
      e.keyName,
      e.role,
      e.ip,
      e.method,
      e.route,
      e.status,
      e.addressIds,
      e.detail,
    ]);
    const tuples = entries.map((_, i) => `(${cols.map((__, j) => `$${i * cols.length + j + 1}`).join(', ')})`);
    await this.rows(`INSERT INTO audit_log (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }

  async queryAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const rows = await this.rows<AuditRow>(
      `SELECT * FROM audit_log
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2) AND ($3::text IS NULL OR key_name = $3)
          AND ($5::text IS NULL OR $5 = ANY(address_ids))
        ORDER BY at DESC, seq DESC LIMIT $4`,
      [q.from ?? null, q.to ?? null, q.keyName ?? null, q.limit, q.address ?? null],
    );
    return rows.map(entryOf);
  }

  async pruneAudit(before: string): Promise<number> {
    return (await this.rows('DELETE FROM audit_log WHERE at < $1 RETURNING seq', [before])).length;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ApiKeyRecord } from '../../domain/access/api-keys.js';
import type { AuditEntry, AuditQuery } from '../../domain/access/audit-entry.js';
import type { AccessStore } from '../../ports/access-store.js';

/** Where the file store keeps its data; a null path keeps that part in memory only (tests). */
export interface FileAccessPaths {
  /** JSON file with the hashed keys (`ACCESS_FILE`). */
  keysFile: string | null;
  /** JSON-lines file the audit log is appended to (`AUDIT_FILE`). */
  auditFile: string | null;
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Keys and audit log in files, for a service without a database. Keys are re-read on every call, so a
 * key added or revoked by the CLI is seen by a running service; the audit log is only ever appended to
 * (retention rewrites it without the expired lines). Meant for one host; use PostGIS for replicas.
 */
export class FileAccessStore implements AccessStore {
  private memoryKeys: ApiKeyRecord[] = [];
  private memoryAudit: AuditEntry[] = [];

  constructor(private readonly paths: FileAccessPaths) {}

  private async readKeys(): Promise<ApiKeyRecord[]> {
    if (!this.paths.keysFile) return this.memoryKeys.map((k) => ({ ...k }));
    try {
      const parsed = JSON.parse(await readFile(this.paths.keysFile, 'utf8')) as { keys?: ApiKeyRecord[] };
      return parsed.keys ?? [];
    } catch (err) {
      if (missing(err)) return [];
      throw err;
    }
  }

  private async writeKeys(keys: ApiKeyRecord[]): Promise<void> {
    if (!this.paths.keysFile) {
      this.memoryKeys = keys.map((k) => ({ ...k }));
      return;
    }
    await mkdir(dirname(this.paths.keysFile), { recursive: true });
    const tmp = `${this.paths.keysFile}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.paths.keysFile);
  }

  async addKey(record: ApiKeyRecord): Promise<void> {
    const keys = await this.readKeys();
    if (keys.some((k) => k.id === record.id)) throw new RangeError(`a key with id ${record.id} exists already`);
    await this.writeKeys([...keys, record]);
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return (await this.readKeys()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async updateKey(id: string, change: { revokedAt?: string; expiresAt?: string }): Promise<boolean> {
    const keys = await this.readKeys();
    const key = keys.find((k) => k.id === id);
    if (!key) return false;
    Object.assign(key, change);
    await this.writeKeys(keys);
    return true;
  }

  private async readAudit(): Promise<AuditEntry[]> {
    if (!this.paths.auditFile) return [...this.memoryAudit];
    try {
      const text = await readFile(this.paths.auditFile, 'utf8');
      return text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as AuditEntry);
    } catch (err) {
      if (missing(err)) return [];
      throw err;
    }
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!this.paths.auditFile) {
      this.memoryAudit.push(...entries.map((e) => ({ ...e })));
      return;
    }
    await mkdir(dirname(this.paths.auditFile), { recursive: true });
    await appendFile(this.paths.auditFile, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  }

  async queryAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const from = q.from ? Date.parse(q.from) : -Infinity;
    const to = q.to ? Date.parse(q.to) : Infinity;
    return (await this.readAudit())
      .filter((e) => {
        const t = Date.parse(e.at);
        return (
          t >= from &&
          t < to &&
          (q.keyName === undefined || e.keyName === q.keyName) &&
          (q.address === undefined || e.addressIds.includes(q.address))
        );
      })
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, q.limit);
  }

  async pruneAudit(before: string): Promise<number> {
    const cut = Date.parse(before);
    const all = await this.readAudit();
    const kept = all.filter((e) => Date.parse(e.at) >= cut);
    if (kept.length === all.length) return 0;
    if (!this.paths.auditFile) {
      this.memoryAudit = kept;
    } else {
      const tmp = `${this.paths.auditFile}.${process.pid}.tmp`;
      await writeFile(tmp, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
      await rename(tmp, this.paths.auditFile);
    }
    return all.length - kept.length;
  }

  async close(): Promise<void> {}
}

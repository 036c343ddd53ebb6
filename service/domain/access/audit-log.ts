import type { AccessStore } from '../../ports/access-store.js';
import type { AuditEntry, AuditQuery } from './audit-entry.js';

/** Options of an {@link AuditLog}. */
export interface AuditLogOptions {
  /** Entries older than this many days are removed. */
  retentionDays: number;
  /** Entries are written in batches at least this often (ms). */
  flushMs: number;
  /** Called when writing fails (the entries are kept and retried). */
  onError?: (err: unknown) => void;
}

const MAX_PENDING = 500;
const MAX_KEPT = 100_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The audit log of address-level reads. Entries are buffered and appended in batches (one write per
 * `flushMs`, or at once when many are waiting), so auditing costs a request no database round trip;
 * a query flushes first, so an admin sees every read up to the moment of asking.
 */
export class AuditLog {
  private pending: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private prunedAt = -Infinity;

  constructor(
    private readonly store: AccessStore,
    private readonly options: AuditLogOptions,
  ) {}

  record(entry: AuditEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= MAX_PENDING) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        void this.flush();
      }, this.options.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is waiting (and, at most hourly, removes entries past retention). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      try {
        await this.store.appendAudit(batch);
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
          this.prunedAt = Date.now();
          await this.store.pruneAudit(new Date(Date.now() - this.options.retentionDays * 86_400_000).toISOString());
        }
      } catch (err) {
        // Kept for the next flush, but bounded: a store that stays down must not exhaust the memory.
        this.pending.unshift(...batch);
        if (this.pending.length > MAX_KEPT) this.pending.splice(0, this.pending.length - MAX_KEPT);
        this.options.onError?.(err);
      }
    });
    return this.writing;
  }

  /** Entries matching the query, newest first, after writing what is waiting. */
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    await this.flush();
    return this.store.queryAudit(q);
  }
}

import type { AccessStore } from '../../ports/access-store.js';
import { type ApiKeyRecord, isActive, keyFingerprint, parseApiKey, secretMatches } from './api-keys.js';

/** Options of a {@link KeyRing}. */
export interface KeyRingOptions {
  /** How old the in-memory copy of the key list may get before it is re-read (ms). */
  refreshMs: number;
  /** Called when re-reading the key list fails and the previous copy is kept. */
  onStale?: (err: unknown) => void;
  now?: () => number;
}

const CACHE_LIMIT = 10_000;
const UNKNOWN_RECHECK_MS = 250;

/**
 * Checks presented API keys. The key list is read from the store at most every `refreshMs` (so a key
 * added or revoked elsewhere counts within that time), and a key's scrypt hash is checked once per
 * process: after that only the (cheap) active check against the current list runs per request.
 */
export class KeyRing {
  private keys = new Map<string, ApiKeyRecord>();
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;
  /** Fingerprint of a presented key → the id it proved to be. */
  private readonly verified = new Map<string, string>();
  private readonly now: () => number;

  constructor(
    private readonly store: AccessStore,
    private readonly options: KeyRingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Re-reads the key list now. */
  async refresh(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const list = await this.store.listKeys();
        this.keys = new Map(list.map((k) => [k.id, k]));
        this.readAt = this.now();
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  private async fresh(): Promise<void> {
    if (this.now() - this.readAt < this.options.refreshMs) return;
    try {
      await this.refresh();
    } catch (err) {
      if (this.readAt === -Infinity) throw err;
      // Keep the last list while the store is away, and try again after refreshMs, not on every request.
      this.readAt = this.now();
      this.options.onStale?.(err);
    }
  }

  /** The active key record a presented key belongs to, or null (unknown, wrong secret, revoked, expired). */
  async authenticate(presented: string): Promise<ApiKeyRecord | null> {
    const parts = parseApiKey(presented);
    if (!parts) return null;
    await this.fresh();
    // A key made a moment ago works at once: an unknown id re-reads the list, at most every UNKNOWN_RECHECK_MS.
    if (!this.keys.has(parts.id) && this.now() - this.readAt >= UNKNOWN_RECHECK_MS)
      await this.refresh().catch((err: unknown) => this.options.onStale?.(err));
    const record = this.keys.get(parts.id);
    if (!record || !isActive(record, this.now())) return null;
    const fingerprint = keyFingerprint(presented);
    if (this.verified.get(fingerprint) === record.id) return record;
    if (!(await secretMatches(record, parts.secret))) return null;
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(fingerprint, record.id);
    return record;
  }
}

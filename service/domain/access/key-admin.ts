import type { AccessStore } from '../../ports/access-store.js';
import { type ApiKeyRecord, createApiKey, isActive } from './api-keys.js';
import type { KeyRole } from './roles.js';

/** A key record without its salt and hash: what listings show. */
export type KeySummary = Omit<ApiKeyRecord, 'salt' | 'hash'> & { active: boolean };

/** Key management on any access store: shared by the `access` CLI, the admin routes and the demo key. */
export class KeyAdmin {
  constructor(
    private readonly store: AccessStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds a key and returns it; the key is shown once and never stored. */
  async add(name: string, role: KeyRole): Promise<{ key: string; summary: KeySummary }> {
    if (!/^[\w .@-]{1,64}$/.test(name)) throw new RangeError('a key name is 1–64 letters, digits, spaces or . _ @ -');
    const { record, key } = await createApiKey(name, role, this.now());
    await this.store.addKey(record);
    return { key, summary: this.summary(record) };
  }

  async list(): Promise<KeySummary[]> {
    return (await this.store.listKeys()).map((k) => this.summary(k));
  }

  /** Revokes a key by id; false when there is no such key. */
  async revoke(id: string): Promise<boolean> {
    return this.store.updateKey(id, { revokedAt: this.now().toISOString() });
  }

  /**
   * Rotation: a new key with the same name and role; the old one keeps working for `overlapHours`
   * (so clients can switch) and then expires. Revoke it earlier with {@link revoke}.
   */
  async rotate(id: string, overlapHours: number): Promise<{ key: string; summary: KeySummary; oldExpiresAt: string } | null> {
    const old = (await this.store.listKeys()).find((k) => k.id === id);
    if (!old || !isActive(old, this.now().getTime())) return null;
    const fresh = await this.add(old.name, old.role);
    const oldExpiresAt = new Date(this.now().getTime() + overlapHours * 3_600_000).toISOString();
    await this.store.updateKey(id, { expiresAt: old.expiresAt !== null && old.expiresAt < oldExpiresAt ? old.expiresAt : oldExpiresAt });
    return { ...fresh, oldExpiresAt };
  }

  private summary(k: ApiKeyRecord): KeySummary {
    const { salt: _s, hash: _h, ...rest } = k;
    return { ...rest, active: isActive(k, this.now().getTime()) };
  }
}

import type { AccessStore } from '../../ports/access-store.js';
import { AuditLog } from './audit-log.js';
import { KeyAdmin } from './key-admin.js';
import { KeyRing } from './key-ring.js';
import type { OidcVerifier } from './oidc.js';

/** Keys, audit log and key management over one access store. */
export interface AccessServices {
  store: AccessStore;
  keyRing: KeyRing;
  auditLog: AuditLog;
  keyAdmin: KeyAdmin;
  /** OpenID Connect token verification, when configured. */
  oidc: OidcVerifier | null;
  /** Writes the waiting audit entries and closes the store. */
  close(): Promise<void>;
}

/** Settings of {@link accessServices}, from the typed config. */
export interface AccessSettings {
  keyRefreshMs: number;
  auditRetentionDays: number;
  oidc?: OidcVerifier | null;
  /** Called when the key list or the audit log cannot be read or written right now. */
  onStoreError?: (what: 'keys' | 'audit', err: unknown) => void;
}

/** Builds the access services over a store. */
export function accessServices(store: AccessStore, s: AccessSettings): AccessServices {
  const auditLog = new AuditLog(store, {
    retentionDays: s.auditRetentionDays,
    flushMs: 200,
    onError: (err) => s.onStoreError?.('audit', err),
  });
  return {
    store,
    keyRing: new KeyRing(store, { refreshMs: s.keyRefreshMs, onStale: (err) => s.onStoreError?.('keys', err) }),
    auditLog,
    keyAdmin: new KeyAdmin(store),
    oidc: s.oidc ?? null,
    async close() {
      await auditLog.flush();
      await store.close();
    },
  };
}

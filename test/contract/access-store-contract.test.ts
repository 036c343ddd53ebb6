import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileAccessStore } from '../../service/adapters/access/file-access-store.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisAccessStore } from '../../service/adapters/postgis/postgis-access-store.js';
import { createApiKey } from '../../service/domain/access/api-keys.js';
import type { AuditEntry } from '../../service/domain/access/audit-entry.js';
import { KeyAdmin } from '../../service/domain/access/key-admin.js';
import { KeyRing } from '../../service/domain/access/key-ring.js';
import type { AccessStore } from '../../service/ports/access-store.js';
import { storeKinds } from './store-fixture.js';

const databaseUrl = process.env.DATABASE_URL;

/** An access store of the given kind: files in a fresh folder, or PostGIS in a throw-away schema. */
async function openAccess(kind: 'memory' | 'postgis'): Promise<AccessStore> {
  if (kind === 'memory') {
    const dir = mkdtempSync(join(tmpdir(), 'access-contract-'));
    return new FileAccessStore({ keysFile: join(dir, 'access.json'), auditFile: join(dir, 'audit.jsonl') });
  }
  const schema = `access_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool({ connectionString: databaseUrl!, max: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema });
  await migrate(pool);
  const store = new PostgisAccessStore(pool);
  return Object.assign(store, {
    async close() {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  });
}

const entry = (at: string, keyName: string | null, ids: string[] = ['0479010000000001']): AuditEntry => ({
  at,
  requestId: `req-${at}`,
  keyId: keyName ? 'abc' : null,
  keyName,
  role: keyName ? 'inspector' : 'public',
  ip: '127.0.0.1',
  method: 'GET',
  route: '/v1/addresses/{id}',
  status: 200,
  addressIds: ids,
  detail: null,
});

// 'memory' is the file store here: the one used without DATABASE_URL.
describe.each(storeKinds(databaseUrl))('the %s access store (contract)', (kind) => {
  let store: AccessStore;
  beforeEach(async () => {
    store = await openAccess(kind);
  });
  afterEach(async () => {
    await store.close();
  });

  it('when a key is added, then it is listed with its hash and salt, never the key itself', async () => {
    const { record, key } = await createApiKey('Jan', 'inspector', new Date('2026-01-01T00:00:00Z'));
    await store.addKey(record);
    const listed = await store.listKeys();
    expect(listed).toEqual([record]);
    // The secret is everything after the id; base64url may itself hold '_' (even at its start).
    expect(JSON.stringify(listed)).not.toContain(key.slice('frk_'.length + 12 + 1));
  });

  it('when keys are listed, then the newest comes first', async () => {
    const old = (await createApiKey('old', 'planner', new Date('2026-01-01T00:00:00Z'))).record;
    const fresh = (await createApiKey('new', 'admin', new Date('2026-02-01T00:00:00Z'))).record;
    await store.addKey(old);
    await store.addKey(fresh);
    expect((await store.listKeys()).map((k) => k.name)).toEqual(['new', 'old']);
  });

  it('when a key is revoked or given an expiry, then the change is stored; an unknown id changes nothing', async () => {
    const { record } = await createApiKey('Jan', 'system');
    await store.addKey(record);
    expect(await store.updateKey(record.id, { expiresAt: '2030-01-01T00:00:00.000Z' })).toBe(true);
    expect(await store.updateKey(record.id, { revokedAt: '2026-03-01T00:00:00.000Z' })).toBe(true);
    expect(await store.updateKey('nosuchkey000', { revokedAt: '2026-03-01T00:00:00.000Z' })).toBe(false);
    expect((await store.listKeys())[0]).toMatchObject({ expiresAt: '2030-01-01T00:00:00.000Z', revokedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('when audit entries are appended, then a query gives them back newest first, filtered by time and key name', async () => {
    await store.appendAudit([
      entry('2026-01-01T10:00:00.000Z', 'a'),
      entry('2026-01-02T10:00:00.000Z', 'b', ['0479010000000002', '0479010000000003']),
    ]);
    await store.appendAudit([entry('2026-01-03T10:00:00.000Z', 'a'), entry('2026-01-04T10:00:00.000Z', null)]);
    expect((await store.queryAudit({ limit: 10 })).map((e) => e.at)).toEqual([
      '2026-01-04T10:00:00.000Z',
      '2026-01-03T10:00:00.000Z',
      '2026-01-02T10:00:00.000Z',
      '2026-01-01T10:00:00.000Z',
    ]);
    expect(await store.queryAudit({ keyName: 'a', from: '2026-01-02T00:00:00Z', limit: 10 })).toEqual([
      entry('2026-01-03T10:00:00.000Z', 'a'),
    ]);
    expect(await store.queryAudit({ to: '2026-01-02T10:00:00.000Z', limit: 10 })).toEqual([entry('2026-01-01T10:00:00.000Z', 'a')]);
    expect((await store.queryAudit({ keyName: 'b', limit: 10 }))[0].addressIds).toEqual(['0479010000000002', '0479010000000003']);
    expect((await store.queryAudit({ address: '0479010000000003', limit: 10 })).map((e) => e.keyName)).toEqual(['b']);
    expect(await store.queryAudit({ limit: 1 })).toHaveLength(1);
  });

  it('when entries are past retention, then pruning removes exactly those', async () => {
    await store.appendAudit([entry('2025-01-01T00:00:00.000Z', 'a'), entry('2026-06-01T00:00:00.000Z', 'a')]);
    expect(await store.pruneAudit('2026-01-01T00:00:00.000Z')).toBe(1);
    expect((await store.queryAudit({ limit: 10 })).map((e) => e.at)).toEqual(['2026-06-01T00:00:00.000Z']);
  });

  it('when a key is rotated, then both work during the overlap and the old one stops after it', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const admin = new KeyAdmin(store, () => now);
    const ring = new KeyRing(store, { refreshMs: 0, now: () => now.getTime() });
    const first = await admin.add('Jan', 'inspector');
    const rotated = await admin.rotate(first.summary.id, 24);
    expect(rotated).not.toBeNull();
    expect(await ring.authenticate(first.key)).toMatchObject({ name: 'Jan', role: 'inspector' });
    expect(await ring.authenticate(rotated!.key)).toMatchObject({ name: 'Jan', role: 'inspector' });
    now = new Date('2026-01-02T00:00:01Z');
    expect(await ring.authenticate(first.key)).toBeNull();
    expect(await ring.authenticate(rotated!.key)).not.toBeNull();
  });

  it('when a key is revoked elsewhere, then a key ring sees it once its refresh time has passed', async () => {
    let t = 1_000_000;
    const admin = new KeyAdmin(store);
    const ring = new KeyRing(store, { refreshMs: 2_000, now: () => t });
    const made = await admin.add('Piet', 'planner');
    expect(await ring.authenticate(made.key)).not.toBeNull();
    await admin.revoke(made.summary.id);
    t += 1_000;
    expect(await ring.authenticate(made.key)).not.toBeNull();
    t += 1_001;
    expect(await ring.authenticate(made.key)).toBeNull();
  });
});

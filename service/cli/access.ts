import { parseArgs } from 'node:util';
import { openAccessStore } from '../adapters/access/open-access-store.js';
import { loadConfig } from '../config/config.js';
import { KEY_ROLES, isKeyRole } from '../domain/access/roles.js';
import { KeyAdmin, type KeySummary } from '../domain/access/key-admin.js';

const USAGE = `usage: npm run access -- <command>
  add-key --name NAME --role ${KEY_ROLES.join('|')}   make a key; the key is printed once, as the last line
  list                                              list keys (never the keys themselves)
  revoke --id ID                                    revoke a key at once
  rotate --id ID [--overlap-hours 24]               make a new key with the same name and role; the old one
                                                    keeps working for the overlap, then expires
Keys are stored hashed in PostGIS when DATABASE_URL is set, else in ACCESS_FILE (default .data/access.json).`;

class UsageError extends Error {}

const line = (k: KeySummary) => [k.id, k.role.padEnd(9), (k.active ? 'active' : k.revokedAt ? 'revoked' : 'expired').padEnd(7), k.createdAt,
  k.expiresAt ? `expires ${k.expiresAt}` : '', k.name].filter((x) => x !== '').join('  ');

/** `npm run access -- …`: adds, lists, revokes and rotates API keys. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv, allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' }, 'overlap-hours': { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command] = positionals;
  if (values.help || !command) throw new UsageError('');
  const store = openAccessStore(loadConfig(process.env));
  const admin = new KeyAdmin(store);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    switch (command) {
      case 'add-key': {
        if (!values.name) throw new UsageError('add-key needs --name');
        if (!isKeyRole(values.role)) throw new UsageError(`add-key needs --role, one of ${KEY_ROLES.join(', ')}`);
        const { key, summary } = await admin.add(values.name, values.role);
        out(`added key ${summary.id} (${summary.role}) for "${summary.name}"; it is shown once and stored only as a hash:`);
        out(key);
        return;
      }
      case 'list': {
        const keys = await admin.list();
        out(keys.length === 0 ? 'no keys' : keys.map(line).join('\n'));
        return;
      }
      case 'revoke': {
        if (!values.id) throw new UsageError('revoke needs --id (see list)');
        if (!(await admin.revoke(values.id))) throw new UsageError(`no key with id ${values.id}`);
        out(`revoked ${values.id}; a running service refuses it within seconds`);
        return;
      }
      case 'rotate': {
        if (!values.id) throw new UsageError('rotate needs --id (see list)');
        const hours = Number(values['overlap-hours'] ?? 24);
        if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 90) throw new UsageError('--overlap-hours is a number from 0 to 2160');
        const rotated = await admin.rotate(values.id, hours);
        if (!rotated) throw new UsageError(`no active key with id ${values.id}`);
        out(`new key ${rotated.summary.id} for "${rotated.summary.name}"; the old key ${values.id} works until ${rotated.oldExpiresAt}:`);
        out(rotated.key);
        return;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message ? `${err.message}\n\n` : ''}${USAGE}\n`);
    process.exit(2);
  }
  const code = (err as { code?: string }).code;
  process.stderr.write(code === '42P01'
    ? 'access: the key tables are missing; run npm run db:migrate first\n'
    : `access failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

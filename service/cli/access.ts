import { openAccessStore } from '../adapters/access/open-access-store.js';
import { loadConfig } from '../config/config.js';
import { KEY_ROLES, isKeyRole } from '../domain/access/roles.js';
import { KeyAdmin, type KeySummary } from '../domain/access/key-admin.js';
import { defineCli, type ParsedCli, runCli, UsageError } from './support/parse-args.js';

const CLI = defineCli({
  name: 'access',
  usage: 'npm run access --',
  summary:
    'Adds, lists, revokes and rotates API keys. Keys are stored hashed in PostGIS when DATABASE_URL is set, else in ACCESS_FILE (default .data/access.json).',
  commands: {
    'add-key': {
      summary: 'make a key; the key is printed once, as the last line',
      options: {
        name: { type: 'string', value: 'NAME', description: 'who or what the key is for', required: true },
        role: { type: 'string', value: KEY_ROLES.join('|'), description: 'what the key may do', required: true },
      },
    },
    list: { summary: 'list keys (never the keys themselves)' },
    revoke: {
      summary: 'revoke a key at once',
      options: { id: { type: 'string', value: 'ID', description: 'key id (see list)', required: true } },
    },
    rotate: {
      summary: 'make a new key with the same name and role; the old one keeps working for the overlap, then expires',
      options: {
        id: { type: 'string', value: 'ID', description: 'key id (see list)', required: true },
        'overlap-hours': { type: 'string', value: 'H', description: 'hours the old key keeps working, 0 to 2160', default: '24' },
      },
    },
  },
  examples: [
    'npm run access -- add-key --name "Team Funderingen" --role planner',
    'npm run access -- list',
    'npm run access -- rotate --id=ID --overlap-hours 48',
  ],
});

const line = (k: KeySummary) =>
  [
    k.id,
    k.role.padEnd(9),
    (k.active ? 'active' : k.revokedAt ? 'revoked' : 'expired').padEnd(7),
    k.createdAt,
    k.expiresAt ? `expires ${k.expiresAt}` : '',
    k.name,
  ]
    .filter((x) => x !== '')
    .join('  ');

/** `npm run access -- …`: adds, lists, revokes and rotates API keys. */
async function main(args: ParsedCli): Promise<number | undefined> {
  const { command } = args;
  const values = {
    name: args.string('name'),
    role: args.string('role'),
    id: args.string('id'),
    'overlap-hours': args.string('overlap-hours'),
  };
  const store = openAccessStore(loadConfig(process.env));
  const admin = new KeyAdmin(store);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    switch (command) {
      case 'add-key': {
        if (!values.name) throw new UsageError('add-key needs --name');
        if (!isKeyRole(values.role)) throw new UsageError(`--role must be one of ${KEY_ROLES.join(', ')}, got "${values.role}"`);
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

await runCli(CLI, (args) =>
  main(args).catch((err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code !== '42P01') throw err;
    process.stderr.write('access: the key tables are missing; run npm run db:migrate first\n');
    return 1;
  }),
);

import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, readFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Ports of the replica test's throw-away clusters (clear of the main cluster and of the outage test's 5451–5459). */
const PORTS = [5461, 5462, 5463, 5464, 5465, 5466, 5467, 5468, 5469];

interface Tools {
  bin: string;
  asUser: { name: string; uid: number; gid: number } | null;
}

/** As test/support/throwaway-cluster.ts: the newest PostgreSQL with PostGIS, run as postgres when we are root. */
function findTools(): Tools | string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return `no PostgreSQL server binaries under ${root}`;
  const versions = readdirSync(root)
    .filter(
      (v) =>
        existsSync(join(root, v, 'bin', 'initdb')) &&
        existsSync(join(root, v, 'bin', 'pg_basebackup')) &&
        existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`),
    )
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) return 'no PostgreSQL installation with PostGIS and pg_basebackup';
  const bin = join(root, versions[0], 'bin');
  if (process.getuid?.() !== 0) return { bin, asUser: null };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser';
    return { bin, asUser: { name: 'postgres', uid, gid } };
  } catch {
    return 'running as root and there is no postgres user to run the server as';
  }
}

/** Null when a primary and a streaming replica can be made here; otherwise why not. */
export function replicaUnavailableReason(): string | null {
  const t = findTools();
  return typeof t === 'string' ? t : null;
}

async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (const port of PORTS) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) out.push(port);
    if (out.length === n) return out;
  }
  throw new Error(`not ${n} free ports among ${PORTS.join(', ')}`);
}

/**
 * A throw-away primary (initdb, wal_level replica) and a streaming replica of it made with
 * `pg_basebackup -R`, each in a temporary folder on a port of 5461–5469. `destroy()` stops both and
 * removes the folders.
 */
export class PrimaryAndReplica {
  private constructor(
    private readonly tools: Tools,
    readonly dir: string,
    readonly primaryPort: number,
    readonly replicaPort: number,
  ) {}

  static async create(): Promise<PrimaryAndReplica> {
    const tools = findTools();
    if (typeof tools === 'string') throw new Error(tools);
    const dir = mkdtempSync(join(tmpdir(), 'fr-replica-pg-'));
    if (tools.asUser) chownSync(dir, tools.asUser.uid, tools.asUser.gid);
    const [p, r] = await freePorts(2);
    const c = new PrimaryAndReplica(tools, dir, p, r);
    try {
      await c.pg('initdb', ['-D', c.data('primary'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
      c.conf('primary', [
        `port = ${p}`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'fsync = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 40',
      ]);
      await c.start('primary');
      mkdirSync(c.data('replica'), { mode: 0o700 });
      if (tools.asUser) chownSync(c.data('replica'), tools.asUser.uid, tools.asUser.gid);
      await c.pg('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(p),
        '-U',
        'postgres',
        '-D',
        c.data('replica'),
        '-R',
        '-X',
        'stream',
        '--no-sync',
      ]);
      // -R wrote standby.signal and primary_conninfo; the replica gets its own port and socket folder.
      c.conf('replica', [`port = ${r}`], true);
      await c.start('replica');
    } catch (err) {
      const log = ['primary', 'replica']
        .map((w) => {
          try {
            return readFileSync(join(dir, `${w}.log`), 'utf8').slice(-1500);
          } catch {
            return '';
          }
        })
        .join('\n');
      await c.destroy();
      throw new Error(`${(err as Error).message}\n${log}`);
    }
    return c;
  }

  private data(which: 'primary' | 'replica'): string {
    return join(this.dir, which);
  }

  private conf(which: 'primary' | 'replica', lines: string[], append = false): void {
    const path = join(this.data(which), 'postgresql.auto.conf');
    const text = `${[...lines, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${this.dir}'`].join('\n')}\n`;
    if (append) appendFileSync(path, text);
    else writeFileSync(path, text);
    if (this.tools.asUser) chownSync(path, this.tools.asUser.uid, this.tools.asUser.gid);
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const path = join(this.tools.bin, tool);
    const [cmd, argv] = this.tools.asUser ? ['runuser', ['-u', this.tools.asUser.name, '--', path, ...args]] : [path, args];
    await run(cmd, argv, { cwd: this.dir, timeout: 120_000 });
  }

  async start(which: 'primary' | 'replica'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data(which), '-l', join(this.dir, `${which}.log`), '-w', '-t', '60', 'start']);
  }

  async stop(which: 'primary' | 'replica'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data(which), '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  primaryUrl(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}/${db}`;
  }

  replicaUrl(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.replicaPort}/${db}`;
  }

  /** Stops both servers if they run and removes the folder. Never throws. */
  async destroy(): Promise<void> {
    for (const which of ['replica', 'primary'] as const) {
      if (existsSync(join(this.data(which), 'postmaster.pid')))
        await this.pg('pg_ctl', ['-D', this.data(which), '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

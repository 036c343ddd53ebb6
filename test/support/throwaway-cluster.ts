import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Ports this suite may use for throw-away clusters (kept clear of the main cluster's 5432). */
const PORTS = [5451, 5452, 5453, 5454, 5455, 5456, 5457, 5458, 5459];

interface Tools {
  bin: string;
  /** Run as this user (via runuser) because the test runs as root; null: as the current user. */
  asUser: { name: string; uid: number; gid: number } | null;
}

/** The newest PostgreSQL whose share folder holds PostGIS, and how to run its tools; or why not. */
function findTools(): Tools | string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return `no PostgreSQL server binaries under ${root}`;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) return 'no PostgreSQL installation with PostGIS (initdb + postgis.control)';
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

/** Null when a throw-away cluster can be made here; otherwise the reason (for a visible skip message). */
export function clusterUnavailableReason(): string | null {
  const tools = findTools();
  return typeof tools === 'string' ? tools : null;
}

async function freePort(): Promise<number> {
  for (const port of PORTS) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port among ${PORTS.join(', ')}`);
}

/**
 * A PostgreSQL cluster of its own in a temporary folder (initdb + pg_ctl, as the postgres user when
 * run as root), on a port of the 5451–5459 range, that a test may stop and start at will.
 * `destroy()` stops it and removes the folder.
 */
export class ThrowawayCluster {
  private constructor(
    private readonly tools: Tools,
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates and starts a cluster; throws (after cleaning up) when that fails. */
  static async create(): Promise<ThrowawayCluster> {
    const tools = findTools();
    if (typeof tools === 'string') throw new Error(tools);
    const dir = mkdtempSync(join(tmpdir(), 'fr-throwaway-pg-'));
    if (tools.asUser) chownSync(dir, tools.asUser.uid, tools.asUser.gid);
    const cluster = new ThrowawayCluster(tools, dir, await freePort());
    try {
      await cluster.pg('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
      const conf = [
        `port = ${cluster.port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 40',
      ];
      writeFileSync(join(cluster.dataDir, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
      if (tools.asUser) chownSync(join(cluster.dataDir, 'postgresql.auto.conf'), tools.asUser.uid, tools.asUser.gid);
      await cluster.start();
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
    return cluster;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Runs one PostgreSQL tool (as the postgres user when the test runs as root). */
  private async pg(tool: string, args: string[]): Promise<void> {
    const path = join(this.tools.bin, tool);
    const [cmd, argv] = this.tools.asUser ? ['runuser', ['-u', this.tools.asUser.name, '--', path, ...args]] : [path, args];
    await run(cmd, argv, { cwd: this.dir, timeout: 60_000 });
  }

  /** A connection URL for database `db` of this cluster. */
  url(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** Stops the server the way an administrator does (fast: open sessions are terminated, 57P01). */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  /** Stops the server if it runs and removes its folder. Never throws. */
  async destroy(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

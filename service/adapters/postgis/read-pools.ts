import type pg from 'pg';
import { createPool, type PoolOptions } from './pool.js';

/** How far one read replica is behind the primary. */
export interface ReplicaLag {
  /** `host:port/database` of the replica (never its credentials). */
  replica: string;
  /** False when the replica could not be asked (then the other fields are null). */
  reachable: boolean;
  /** WAL bytes the replica has still to replay (0 when it has everything). */
  lagBytes: number | null;
  /** Seconds since the last transaction it replayed, when it is behind; 0 when it has everything. */
  lagSeconds: number | null;
}

/** A label for a connection URL without its user or password. */
export function replicaLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'replica';
  }
}

/**
 * The pools reads go to: one per `DATABASE_READ_URL` entry, taken in turn. Loads and writes keep using
 * the primary (`DATABASE_URL`); a read whose replica is unreachable is retried on the primary.
 */
export class ReadPools {
  private next = 0;
  readonly pools: { label: string; pool: pg.Pool }[];

  constructor(urls: readonly string[], options: Omit<PoolOptions, 'connectionString'>, onConnectionError: (err: Error) => void = () => {}) {
    this.pools = urls.map((url) => ({
      label: replicaLabel(url),
      pool: createPool({ ...options, connectionString: url }, onConnectionError),
    }));
  }

  /** The next replica pool in turn, or null when there are none. */
  pick(): pg.Pool | null {
    if (this.pools.length === 0) return null;
    const p = this.pools[this.next % this.pools.length].pool;
    this.next = (this.next + 1) % this.pools.length;
    return p;
  }

  /** Lag of every replica against the primary's current WAL position. */
  async lag(primary: pg.Pool): Promise<ReplicaLag[]> {
    return Promise.all(
      this.pools.map(async ({ label, pool }) => {
        try {
          const {
            rows: [r],
          } = await pool.query<{ standby: boolean; replay: string | null; since: number | null }>(
            `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
                  extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`,
          );
          if (!r.standby || r.replay === null) return { replica: label, reachable: true, lagBytes: 0, lagSeconds: 0 };
          const {
            rows: [p],
          } = await primary.query<{ bytes: number }>(
            'SELECT greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn), 0)::float8 AS bytes',
            [r.replay],
          );
          return { replica: label, reachable: true, lagBytes: p.bytes, lagSeconds: p.bytes === 0 ? 0 : Math.max(0, r.since ?? 0) };
        } catch {
          return { replica: label, reachable: false, lagBytes: null, lagSeconds: null };
        }
      }),
    );
  }

  async end(): Promise<void> {
    await Promise.all(this.pools.map(({ pool }) => pool.end()));
  }
}

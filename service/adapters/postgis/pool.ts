import pg from 'pg';
import { StoreUnavailableError } from '../../ports/store.js';

/** Connection settings of the PostGIS pool (from the typed config). */
export interface PoolOptions {
  connectionString: string;
  /** Maximum connections held by this process. */
  max: number;
  /** Server-side limit for every statement, in milliseconds. */
  statementTimeoutMs: number;
  /** Limit for opening a connection (and for waiting on a free one), in milliseconds. */
  connectTimeoutMs: number;
  /** Schema to put first on the search path (tests use a throw-away schema); `public` stays after it. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** SQLSTATEs that mean "the database is not there right now", not "the query is wrong". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03']);

/**
 * Creates a pool. Idle connections that die (database restart) are dropped without crashing the
 * process; new connections are opened on demand, so the service recovers once the database is back.
 */
export function createPool(options: PoolOptions, onIdleError: (err: Error) => void = () => {}): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new RangeError(`invalid schema name ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 4, 60_000),
    application_name: 'funderingsrisico',
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  pool.on('error', onIdleError);
  return pool;
}

/** True when a pg error means the database is unreachable, restarting, overloaded or too slow. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return err.code !== undefined && (err.code.startsWith('08') || UNAVAILABLE_STATES.has(err.code));
  if (err instanceof TypeError || err instanceof RangeError) return false;
  // Anything else thrown by the driver is a connection-level failure (refused, reset, terminated, timeout).
  // (Not `instanceof Error`: socket errors may come from another realm, e.g. under a test VM.)
  return typeof err === 'object' && err !== null;
}

/** Runs a database call; connection-level failures become {@link StoreUnavailableError}. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isUnavailable(err)) throw new StoreUnavailableError('the database is unavailable');
    throw err;
  }
}

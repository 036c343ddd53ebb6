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

/** SQLSTATEs that mean "the database is not there right now", not "the query is wrong" (class 08 too). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03']);

/** Socket error codes (Node's `err.code`) of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * Errors the driver reported as connection-level: raised on a client's `'error'` event (the socket
 * died: terminated, reset, timed out) or while acquiring a connection. The driver reports these as
 * plain `Error`s, so they are recognised by identity, never by their message.
 */
const connectionErrors = new WeakSet<object>();

function markConnectionError(err: unknown): void {
  if (typeof err === 'object' && err !== null && !(err instanceof pg.DatabaseError)) connectionErrors.add(err);
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** A pool whose failures to hand out a connection are marked as connection-level. */
class GuardedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: the implementation of the two overloads above, one of which returns void.
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    // pg's own pool.query() calls connect(callback), so both forms are covered.
    if (callback) {
      super.connect((err, client, done) => {
        if (err) markConnectionError(err);
        callback(err, client, done);
      });
      return;
    }
    return super.connect().catch((err: unknown) => {
      markConnectionError(err);
      throw err;
    });
  }
}

/**
 * Creates a pool. Every client gets an `'error'` handler for its whole life: a connection that dies
 * while idle or while checked out (database restart, 57P01) is logged and dropped, never an
 * unhandled `'error'` event that ends the process; the query that was using it fails and the pool
 * opens new connections on demand, so the service recovers once the database is back.
 */
export function createPool(options: PoolOptions, onConnectionError: (err: Error) => void = () => {}): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new RangeError(`invalid schema name ${options.schema}`);
  const pool = new GuardedPool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 4, 60_000),
    application_name: 'funderingsrisico',
    // Named statements (the store's lookups and tiles) run with their generic plan from the first execution:
    // planning the entry joins costs ~2 ms, several times executing them. Unnamed statements (everything
    // else, the loader's included) are planned per call whatever this says. Set at connection start-up, so
    // no query has to run before the first one a caller sends.
    options: ['-c plan_cache_mode=force_generic_plan', ...(options.schema ? [`-c search_path=${options.schema},public`] : [])].join(' '),
  });
  // The pool's own listener covers idle clients; this one covers checked-out clients too. It runs
  // before the failed query's callback (pg hands queries their error on the next tick).
  pool.on('connect', (client) => {
    client.on('error', (err: Error) => {
      markConnectionError(err);
      onConnectionError(err);
    });
  });
  pool.on('error', (err) => markConnectionError(err));
  return pool;
}

/**
 * True when an error means the database is unreachable, restarting, overloaded or too slow: by
 * SQLSTATE for server errors, by socket error code, or because the driver raised it as a
 * connection failure. Anything else (a wrong query, a bug) is not "unavailable".
 */
export function isUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (err instanceof pg.DatabaseError) return err.code !== undefined && (err.code.startsWith('08') || UNAVAILABLE_STATES.has(err.code));
  if (connectionErrors.has(err)) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && SOCKET_CODES.has(code);
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

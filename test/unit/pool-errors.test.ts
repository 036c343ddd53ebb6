import { type Server, createServer } from 'node:net';
import pg from 'pg';
import { createPool, guarded } from '../../service/adapters/postgis/pool.js';
import { StoreUnavailableError } from '../../service/ports/store.js';

/** A local TCP server that accepts connections and never answers (a hung database), or a closed port. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

const poolTo = (port: number) =>
  createPool({ connectionString: `postgres://x@127.0.0.1:${port}/x`, max: 1, statementTimeoutMs: 1_000, connectTimeoutMs: 200 });

describe('classifying database errors', () => {
  it('when nothing listens on the database port, then a query fails with StoreUnavailableError', async () => {
    const closed = await silentServer();
    await closed.close();
    const pool = poolTo(closed.port);
    await expect(guarded(() => pool.query('SELECT 1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    await pool.end();
  });

  it('when the database accepts but never answers, then the connect timeout fails with StoreUnavailableError', async () => {
    const hung = await silentServer();
    const pool = poolTo(hung.port);
    await expect(guarded(() => pool.connect())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(guarded(() => pool.query('SELECT 1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    await pool.end();
    await hung.close();
  });

  it('when the server reports an admin shutdown (57P01), then it is unavailable; a wrong query (42P01) is not', async () => {
    const shutdown = Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'), {
      code: '57P01',
    });
    const missing = Object.assign(new pg.DatabaseError('relation "x" does not exist', 0, 'error'), { code: '42P01' });
    await expect(guarded(() => Promise.reject(shutdown))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(guarded(() => Promise.reject(missing))).rejects.toBe(missing);
  });

  it('when an unknown error comes out of a database call, then it is passed on as it is, not called "unavailable"', async () => {
    const bug = new Error('Connection terminated unexpectedly'); // a message alone proves nothing
    await expect(guarded(() => Promise.reject(bug))).rejects.toBe(bug);
    const odd = { reason: 'not even an Error' };
    await expect(guarded(() => Promise.reject(odd))).rejects.toBe(odd);
  });
});

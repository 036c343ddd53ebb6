import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { QueryCancelledError, type QueryOptions, type Store } from '../../service/ports/store.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => { deps = await loadDemoDeps(); });
afterAll(async () => { await deps.close(); });

describe('a client that disconnects', () => {
  it('when the client goes away during a search, then the store call is aborted', async () => {
    let aborted!: () => void;
    const sawAbort = new Promise<void>((resolve) => { aborted = resolve; });
    let started!: () => void;
    const searchStarted = new Promise<void>((resolve) => { started = resolve; });
    // A store whose search runs until its caller aborts, like a slow database query.
    const slow: Store = Object.assign(Object.create(deps.store) as Store, {
      search: (_q: unknown, _limit: number, opts: QueryOptions = {}) => new Promise((_resolve, reject) => {
        started();
        opts.signal?.addEventListener('abort', () => { aborted(); reject(new QueryCancelledError()); }, { once: true });
      }),
    });
    const server = appOf({ ...deps, store: slow }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/addresses?q=zuiddijk' });
      req.on('error', () => {});
      req.end();
      await searchStarted;
      req.destroy();
      const timeout = new Promise<string>((resolve) => { setTimeout(() => resolve('not aborted within 5 s'), 5000).unref(); });
      await expect(Promise.race([sawAbort.then(() => 'aborted'), timeout])).resolves.toBe('aborted');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when a request is pipelined behind a slow one on the same connection, then its store calls are not aborted', async () => {
    const seen: boolean[] = [];
    const store: Store = Object.assign(Object.create(deps.store) as Store, {
      search: () => new Promise((resolve) => { setTimeout(() => resolve([]), 200); }),
      ping: async (opts: QueryOptions = {}) => { seen.push(opts.signal?.aborted ?? false); },
    });
    const server = appOf({ ...deps, store }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => { text += chunk.toString('utf8'); });
      socket.write('GET /v1/addresses?q=zuiddijk HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await new Promise((resolve) => socket.on('close', resolve));
      expect(text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
      expect(seen).toEqual([false]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

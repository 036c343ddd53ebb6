import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { QueryCancelledError, type QueryOptions, type Store } from '../../service/ports/store.js';
import { appOf, authHeader, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

describe('a client that disconnects', () => {
  it('when the client goes away during a search, then the store call is aborted', async () => {
    let aborted!: () => void;
    const sawAbort = new Promise<void>((resolve) => {
      aborted = resolve;
    });
    let started!: () => void;
    const searchStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    // A store whose search runs until its caller aborts, like a slow database query.
    const slow: Store = Object.assign(Object.create(deps.store) as Store, {
      search: (_q: unknown, _limit: number, opts: QueryOptions = {}) =>
        new Promise((_resolve, reject) => {
          started();
          opts.signal?.addEventListener(
            'abort',
            () => {
              aborted();
              reject(new QueryCancelledError());
            },
            { once: true },
          );
        }),
    });
    const server = appOf({ ...deps, store: slow }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/addresses?q=zuiddijk', headers: authHeader(deps) });
      req.on('error', () => {});
      req.end();
      await searchStarted;
      req.destroy();
      const timeout = new Promise<string>((resolve) => {
        setTimeout(() => resolve('not aborted within 5 s'), 5000).unref();
      });
      await expect(Promise.race([sawAbort.then(() => 'aborted'), timeout])).resolves.toBe('aborted');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when a request is pipelined behind a slow one on the same connection, then its store calls are not aborted', async () => {
    const seen: boolean[] = [];
    const store: Store = Object.assign(Object.create(deps.store) as Store, {
      search: () =>
        new Promise((resolve) => {
          setTimeout(() => resolve([]), 200);
        }),
      ping: async (opts: QueryOptions = {}) => {
        seen.push(opts.signal?.aborted ?? false);
      },
    });
    const server = appOf({ ...deps, store }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.write(
        `GET /v1/addresses?q=zuiddijk HTTP/1.1\r\nHost: x\r\nAuthorization: ${authHeader(deps).authorization}\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      await new Promise((resolve) => socket.on('close', resolve));
      expect(text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
      expect(seen).toEqual([false]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the client goes away during a big batch, then the remaining chunks are not scored', async () => {
    let calls = 0;
    const scorer = Object.assign(Object.create(deps.scorer) as typeof deps.scorer, {
      scoreMany: (xs: Parameters<typeof deps.scorer.scoreMany>[0]) => {
        calls += 1;
        return deps.scorer.scoreMany(xs);
      },
    });
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      bouwjaar: 1850 + (i % 150),
      veendikte_m: 2,
      grondwater_nap_m: -1.5,
      maaiveld_nap_m: -0.5,
    }));
    const server = appOf({ ...deps, scorer, config: { ...deps.config, scoreChunkRows: 1 } }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/v1/score',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeader(deps) },
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ rows }));
      await new Promise<void>((resolve) => {
        const wait = () => (calls > 0 ? resolve() : setTimeout(wait, 1));
        wait();
      });
      req.destroy();
      // wait until scoring has stopped (no new chunk for 100 ms), however fast or slow the machine
      for (let last = -1; last !== calls; ) {
        last = calls;
        await new Promise((resolve) => {
          setTimeout(resolve, 100);
        });
      }
      expect(calls).toBeGreaterThan(0);
      expect(calls).toBeLessThan(rows.length);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

import type { Response } from 'express';
import type { QueryOptions } from '../ports/store.js';

/**
 * The request's AbortSignal: it fires when the client goes away before the response is complete, so
 * stores can cancel the queries it started. Created on first use.
 */
function signalOf(res: Response): AbortSignal {
  let controller = res.locals.abortController as AbortController | undefined;
  if (!controller) {
    const created = new AbortController();
    controller = created;
    res.locals.abortController = created;
    // The request's own socket: a response queued behind another (HTTP/1.1 pipelining) has no
    // res.socket yet, although its client is still there.
    if (!res.writableFinished && (res.destroyed || res.req.socket.destroyed)) created.abort();
    else
      res.on('close', () => {
        if (!res.writableFinished) created.abort();
      });
  }
  return controller.signal;
}

/**
 * Store query options carrying the request's abort signal. The signal is made only when a store reads
 * it (PostGIS does, to cancel statements); the in-memory store never does, so its requests pay nothing.
 */
export function queryOptions(res: Response): QueryOptions {
  return {
    get signal() {
      return signalOf(res);
    },
  };
}

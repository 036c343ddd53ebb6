import type { Response } from 'express';

/**
 * The request's AbortSignal, as store query options: it fires when the client goes away before the
 * response is complete, so stores can cancel the queries it started. Created on first use, so requests
 * that never query a store (scoring, health) pay nothing for it.
 */
export function queryOptions(res: Response): { signal: AbortSignal } {
  let controller = res.locals.abortController as AbortController | undefined;
  if (!controller) {
    const created = new AbortController();
    controller = created;
    res.locals.abortController = created;
    // The request's own socket: a response queued behind another (HTTP/1.1 pipelining) has no
    // res.socket yet, although its client is still there.
    if (!res.writableFinished && (res.destroyed || res.req.socket.destroyed)) created.abort();
    else res.on('close', () => { if (!res.writableFinished) created.abort(); });
  }
  return { signal: controller.signal };
}

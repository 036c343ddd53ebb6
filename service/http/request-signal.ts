import type { NextFunction, Request, Response } from 'express';

/**
 * Gives every request an AbortSignal that fires when the client goes away before the response is
 * complete, so stores can cancel the queries it started.
 */
export function abortOnClientClose(_req: Request, res: Response, next: NextFunction): void {
  const controller = new AbortController();
  res.locals.abortController = controller;
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  next();
}

/** The request's abort signal, as store query options. */
export function queryOptions(res: Response): { signal?: AbortSignal } {
  const controller = res.locals.abortController as AbortController | undefined;
  return controller ? { signal: controller.signal } : {};
}

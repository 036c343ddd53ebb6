import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import { sendProblem } from '../error-handler.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';

/** `/healthz`: the process is alive (answered from the moment it listens, before it is ready). */
export function healthz(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** `/healthz` (the process is alive) and `/readyz` (model loaded and store reachable). */
export function healthRoutes({ store, manifest }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.healthz, healthz);
  r.on(ROUTES.readyz, async (_req, res) => {
    try {
      await store.ping(queryOptions(res));
    } catch {
      return sendProblem(res, 'NOT_READY', 'The data store is not reachable.');
    }
    const replicas = store.replicaLag ? await store.replicaLag() : [];
    res.json({ status: 'ready', modelVersion: manifest.version, ...(replicas.length > 0 ? { replicas } : {}) });
  });
}

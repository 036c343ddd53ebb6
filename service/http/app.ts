import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from './deps.js';
import { errorHandler, sendProblem } from './error-handler.js';
import { compress } from './compress.js';
import { metricsHandler } from './metrics-app.js';
import { docsPage, openApiDocument } from './openapi.js';
import { addressRoutes } from './routes/address-routes.js';
import { buurtRoutes } from './routes/buurt-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { modelRoutes } from './routes/model-routes.js';
import { scoreRoutes } from './routes/score-routes.js';
import { tileRoutes } from './routes/tile-routes.js';

/** Gives every request an id (reusing a sane `X-Request-Id`) and logs it when the response is done. */
function requestLog(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? '(unmatched)' : '(static)';
      deps.metrics.request(req.method, route, res.statusCode, ms / 1000);
      deps.logger.info({ reqId: id, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    next();
  };
}

/** Parses JSON bodies of POST requests (within the byte limit) and refuses bodies that are not JSON. */
function jsonBodies(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: false });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is('application/json')) {
      return sendProblem(res, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (got ${req.get('content-type') ?? 'no content type'}).`);
    }
    parse(req, res, next);
  };
}

/**
 * Builds the Express application from its dependencies. It never listens: `server.ts` does, and tests
 * drive it with supertest. Each router is one group of the route table, so a guard can be put in front
 * of any of them.
 */
export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are set deliberately where they pay off (buurten, tiles); hashing every answer costs throughput.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(deps));
  app.use(compress());
  app.use(jsonBodies(deps.config.bodyLimitBytes));
  // The hot API routes first: Express tries layers in order, and the paths never overlap.
  app.use(scoreRoutes(deps));
  app.use(addressRoutes(deps));
  app.use(buurtRoutes(deps));
  app.use(tileRoutes(deps));
  app.use(healthRoutes(deps));
  app.use(modelRoutes(deps));
  const openapi = openApiDocument(deps.manifest.version);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(openapi));
  });
  if (deps.config.metricsPort === undefined) app.get('/metrics', metricsHandler(deps.metrics));
  if (existsSync(deps.config.viewerDir)) app.use(express.static(deps.config.viewerDir, { maxAge: '5m' }));
  app.use((req, res) => {
    sendProblem(res, 'NOT_FOUND', `Nothing at ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(deps.logger));
  return app;
}

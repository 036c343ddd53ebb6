import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import { authenticate, refuse, routeSpecOf } from './access-guard.js';
import type { AppDeps } from './deps.js';
import { errorHandler, sendProblem } from './error-handler.js';
import { compress } from './compress.js';
import { precompressedStatic } from './precompressed.js';
import { metricsHandler } from './metrics-app.js';
import { docsPage, openApiDocument } from './openapi.js';
import { ApiError } from './problems.js';
import { RateLimiter } from './rate-limit.js';
import { RouteRegistry } from './route-registry.js';
import { pathPattern } from './route-spec.js';
import { ROUTES } from './route-table.js';
import { accessRoutes } from './routes/access-routes.js';
import { addressRoutes } from './routes/address-routes.js';
import { buurtRoutes } from './routes/buurt-routes.js';
import { areaRoutes } from './routes/area-routes.js';
import { factorRoutes } from './routes/factor-routes.js';
import { planRoutes } from './routes/plan-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { mapRoutes } from './routes/map-routes.js';
import { modelRoutes } from './routes/model-routes.js';
import { ogcRoutes } from './routes/ogc-routes.js';
import { scoreRoutes } from './routes/score-routes.js';
import { surveyRoutes } from './routes/survey-routes.js';
import { tileRoutes } from './routes/tile-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { isSourceMap, securityHeaders } from './security-headers.js';

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
      // Address routes are logged by their pattern: no postcode and number in clear (the audit log has who read what).
      const spec = routeSpecOf(res);
      const url = spec?.addressLevel ? spec.path : /\/addresses/i.test(req.path) ? '(address route variant)' : req.originalUrl;
      deps.logger.info({ reqId: id, method: req.method, url, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    next();
  };
}

const SPECS = Object.values(ROUTES);
const EXACT = SPECS.map((spec) => ({ spec, exact: pathPattern(spec), loose: pathPattern(spec, true) }));

/**
 * What no route matched: a declared path with another method gets 405 with `Allow`; any casing or
 * trailing-slash variant of a closed route gets 401 without a key (404 with one), never data.
 */
function unmatched(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const methods = EXACT.filter((e) => e.exact.test(req.path)).map((e) => e.spec.method.toUpperCase());
    if (methods.length > 0) {
      res.setHeader('Allow', [...new Set(methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))].join(', '));
      throw new ApiError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; use ${methods.join(' or ')}.`);
    }
    const closed = EXACT.find((e) => e.spec.role !== 'public' && e.loose.test(req.path));
    if (closed && (await authenticate(req, res, deps)).role === 'public')
      refuse(res, { role: 'public', keyId: null, keyName: null }, closed.spec.role);
    sendProblem(res, 'NOT_FOUND', `Nothing at ${req.method} ${req.path} (paths are case-sensitive, without a trailing slash).`);
  };
}

/**
 * Builds the Express application from its dependencies. It never listens: `server.ts` does, and tests
 * drive it with supertest. Every route comes from its declaration in `route-table.ts` and sits behind
 * the access guard the declaration asks for.
 */
export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // ETags are set deliberately where they pay off (buurten, tiles); hashing every answer costs throughput.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(deps));
  app.use(compress());
  app.use(securityHeaders(deps.config.cspExtraOrigins));
  const r = new RouteRegistry(deps, new RateLimiter());
  // The hot API routes first: Express tries layers in order, and the paths never overlap.
  scoreRoutes(deps, r);
  addressRoutes(deps, r);
  buurtRoutes(deps, r);
  areaRoutes(deps, r);
  factorRoutes(deps, r);
  planRoutes(deps, r);
  tileRoutes(deps, r);
  healthRoutes(deps, r);
  modelRoutes(deps, r);
  accessRoutes(deps, r);
  ogcRoutes(deps, r);
  mapRoutes(deps, r);
  surveyRoutes(deps, r);
  webhookRoutes(deps, r);
  const openapi = openApiDocument(deps.manifest.version, ROUTES);
  r.on(ROUTES.openapi, (_req, res) => {
    res.json(openapi);
  });
  r.on(ROUTES.docs, (_req, res) => {
    res.type('html').send(docsPage(openapi));
  });
  // With METRICS_PORT set, /metrics lives on its own port (see metrics-app.ts) and not on the API port.
  r.on(
    ROUTES.metrics,
    deps.config.metricsPort === undefined
      ? metricsHandler(deps.metrics)
      : (req, res) => sendProblem(res, 'NOT_FOUND', `Metrics are served on port ${deps.config.metricsPort}, not here (${req.path}).`),
  );
  r.assertComplete(SPECS);
  app.use(r.router);
  if (existsSync(deps.config.viewerDir)) {
    app.use((req, _res, next) => next(isSourceMap(req.path) ? new ApiError('NOT_FOUND', 'Source maps are not published.') : undefined));
    app.use(precompressedStatic(deps.config.viewerDir, { maxAge: 5 * 60_000 }));
    app.use(express.static(deps.config.viewerDir, { maxAge: '5m' }));
  }
  app.use(unmatched(deps));
  app.use(errorHandler(deps.logger));
  return app;
}

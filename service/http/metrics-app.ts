import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorHandler, sendProblem } from './error-handler.js';
import type { Metrics } from './metrics.js';

/** `GET /metrics`: the Prometheus text exposition (on the API port, or on `METRICS_PORT` when set). */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    const text = await metrics.render();
    res.type(metrics.contentType).send(text);
  };
}

/** The app of the separate metrics port: `GET /metrics` and nothing else. */
export function buildMetricsApp(metrics: Metrics, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/metrics', metricsHandler(metrics));
  app.use((req, res) => {
    sendProblem(res, 'NOT_FOUND', `Only GET /metrics is served on this port, not ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(logger));
  return app;
}

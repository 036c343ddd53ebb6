import express from 'express';
import type { Logger } from 'pino';
import { errorHandler, sendProblem } from './error-handler.js';
import { healthz } from './routes/health-routes.js';

/**
 * What the server answers while it loads the model and the dataset: `/healthz` says the process is
 * alive, `/readyz` and every other path answer 503 NOT_READY, so an orchestrator can tell "starting"
 * from "hung" and no request reaches a half-built service.
 */
export function buildStartingApp(logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', healthz);
  app.use((_req, res) => {
    sendProblem(res, 'NOT_READY', 'The service is starting: the model and the data are being loaded.');
  });
  app.use(errorHandler(logger));
  return app;
}

import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { type LoadedDeps, createDeps } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { buildApp } from './http/app.js';
import { demoKey, signInLink } from './domain/access/demo-key.js';
import { buildMetricsApp } from './http/metrics-app.js';
import { buildStartingApp } from './http/starting-app.js';
import { ModelSwitch } from './model-swap.js';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The demo key on synthetic data (see `demoKey`); a store that cannot say or keep it does not stop the start. */
async function makeDemoKey(deps: LoadedDeps, logger: Logger): Promise<string | null> {
  try {
    return await demoKey(deps.access.keyAdmin, (await deps.store.info()).synthetic);
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'no demo key made (store not ready; run npm run db:migrate for PostGIS)',
    );
    return null;
  }
}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`configuration error: ${err.message}\n`);
    process.exit(2);
  }
}

/**
 * Composition root: config → listen (answering `/healthz`, and 503 NOT_READY elsewhere) → model +
 * store → the full app; graceful shutdown on SIGTERM/SIGINT at any point of that.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  let handler: RequestListener = buildStartingApp(logger);
  const server = createServer((req, res) => handler(req, res));
  // Slow or stalled clients cannot hold a connection: headers within 10 s, the whole request within 30 s.
  server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  server.requestTimeout = config.requestTimeoutMs;
  const servers = [server];
  let deps: LoadedDeps | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('grace period over; closing remaining connections');
      for (const s of servers) s.closeAllConnections();
    }, config.shutdownGraceMs);
    force.unref();
    let open = servers.length;
    const closed = async () => {
      open -= 1;
      if (open > 0) return;
      await deps?.close();
      logger.info('stopped');
      process.exit(0);
    };
    for (const s of servers) {
      s.close(() => void closed());
      s.closeIdleConnections();
    }
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const port = await listen(server, config.port, config.host);
  logger.info({ port, url: `http://localhost:${port}/` }, 'foundation-risk service listening (starting)');
  const loaded = await createDeps(config, logger);
  if (stopping) {
    await loaded.close();
    return;
  }
  deps = loaded;
  if (config.metricsPort !== undefined) {
    const metricsServer = createServer(buildMetricsApp(loaded.metrics, logger));
    servers.push(metricsServer);
    const metricsPort = await listen(metricsServer, config.metricsPort, config.host);
    logger.info({ metricsPort }, 'metrics listening');
  }
  const key = config.demoKey ? await makeDemoKey(loaded, logger) : null;
  if (key) {
    const signIn = signInLink(config.host, port, key);
    logger.info({ signIn }, `synthetic data: a demo inspector key was made; sign in at ${signIn}`);
  }
  // A model promoted with `npm run models -- promote` is served without a restart (MODEL_WATCH_MS).
  const models = new ModelSwitch(loaded, buildApp, logger);
  models.watch();
  deps = { ...loaded, close: () => models.deps.close() };
  handler = models.handler;
  logger.info({ port, model: loaded.manifest.version }, 'foundation-risk service ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { type LoadedDeps, createDeps } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { buildApp } from './http/app.js';
import { demoKey, signInLink } from './domain/access/demo-key.js';

/** The demo key on synthetic data (see `demoKey`); a store that cannot say or keep it does not stop the start. */
async function makeDemoKey(deps: LoadedDeps, logger: Logger): Promise<string | null> {
  try {
    return await demoKey(deps.access.keyAdmin, (await deps.store.info()).synthetic);
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'no demo key made (store not ready; run npm run db:migrate for PostGIS)');
    return null;
  }
}

/** Composition root: config → model + store → app → listen; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
  const deps = await createDeps(config, logger);
  const app = buildApp(deps);
  const key = config.demoKey ? await makeDemoKey(deps, logger) : null;
  const server: Server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    if (key) {
      const signIn = signInLink(config.host, port, key);
      logger.info({ signIn }, `synthetic data: a demo inspector key was made; sign in at ${signIn}`);
    }
    logger.info({ port, url: `http://localhost:${port}/` }, 'foundation-risk service listening');
  });
  // Slow or stalled clients cannot hold a connection: headers within 10 s, the whole request within 30 s.
  server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  server.requestTimeout = config.requestTimeoutMs;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('grace period over; closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownGraceMs);
    force.unref();
    server.close(async () => {
      await deps.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

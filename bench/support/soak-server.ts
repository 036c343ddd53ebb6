/**
 * The service under test for bench/soak.ts, in its own process so its RSS and event-loop lag are its
 * own (not the load generator's). Started with `fork`; the store is PostGIS when DATABASE_URL is set.
 * Sends `{ port }` once listening; answers `'stats'` with `{ rss, heapUsed, lagP50, lagP99, lagMax }`
 * (lag in ms since the last `'reset'`, less the 10 ms sampling interval), and `'gc-stats'` with the same
 * after a full garbage collection (needs `--expose-gc`); exits on `'stop'`.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';

const deps = await createDeps(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
const server = buildApp(deps).listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const ms = (ns: number) => Math.max(0, ns / 1e6 - 10);

process.on('message', (message) => {
  if (message === 'reset') lag.reset();
  if (message === 'gc-stats') (globalThis as { gc?: () => void }).gc?.();
  if (message === 'stats' || message === 'gc-stats') {
    const { rss, heapUsed } = process.memoryUsage();
    process.send!({ stats: { rss, heapUsed, lagP50: ms(lag.percentile(50)), lagP99: ms(lag.percentile(99)), lagMax: ms(lag.max) } });
  }
  if (message === 'stop') server.close(() => { void deps.close().finally(() => process.exit(0)); });
});

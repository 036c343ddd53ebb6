/**
 * The service under test for bench/soak.ts, in its own process so its RSS and event-loop lag are its
 * own (not the load generator's). Started with `fork`; the store is PostGIS when DATABASE_URL is set.
 * Makes its own inspector key (revoked on stop) and sends `{ port, key }` once listening; answers
 * `'stats'` with `{ rss, heapUsed, lagP50, lagP99, lagMax }` (lag in ms since the last `'reset'`, less
 * the 10 ms sampling interval), and `'gc-stats'` with the same after a full garbage collection (needs
 * `--expose-gc`). `'sample'` starts sampling process memory every `SOAK_SAMPLE_MS` (default 2 s), and
 * `'samples'` answers with `{ samples }` and stops; `'detail'` (`'gc-detail'`: after a full collection)
 * answers with `{ detail }` ({@link MemoryDetail}); exits on `'stop'`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';

/** Where the memory is: RSS split by the kernel (anonymous vs file-backed), V8's heap spaces, and outside V8. */
export interface MemoryDetail {
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Committed bytes per V8 heap space (new_space, old_space, code_space, large_object_space, …). */
  spaces: Record<string, number>;
}

function memoryDetail(): MemoryDetail {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
  return { rss, rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), heapTotal, heapUsed, external, arrayBuffers, spaces };
}

/** One memory sample: seconds since sampling started and the process's memory in bytes. */
export interface MemorySample {
  s: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

const deps = await createDeps(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
const { key, summary } = await deps.access.keyAdmin.add(`soak-${process.pid}`, 'inspector');
const server = buildApp(deps).listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port, key });
});
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const ms = (ns: number) => Math.max(0, ns / 1e6 - 10);

let samples: MemorySample[] = [];
let sampler: NodeJS.Timeout | null = null;
const sample = (t0: number) => {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  samples.push({ s: (performance.now() - t0) / 1000, rss, heapUsed, heapTotal, external, arrayBuffers });
};

process.on('message', (message) => {
  if (message === 'reset') lag.reset();
  if (message === 'sample') {
    const t0 = performance.now();
    samples = [];
    sample(t0);
    sampler = setInterval(() => sample(t0), Number(process.env.SOAK_SAMPLE_MS) || 2_000);
  }
  if (message === 'samples') {
    if (sampler) clearInterval(sampler);
    sampler = null;
    process.send!({ samples });
  }
  if (message === 'gc-stats') (globalThis as { gc?: () => void }).gc?.();
  if (message === 'stats' || message === 'gc-stats') {
    const { rss, heapUsed } = process.memoryUsage();
    process.send!({ stats: { rss, heapUsed, lagP50: ms(lag.percentile(50)), lagP99: ms(lag.percentile(99)), lagMax: ms(lag.max) } });
  }
  if (message === 'detail' || message === 'gc-detail') {
    if (message === 'gc-detail') (globalThis as { gc?: () => void }).gc?.();
    process.send!({ detail: memoryDetail() });
  }
  if (message === 'stop') {
    server.close(() => {
      void deps.access.keyAdmin
        .revoke(summary.id)
        .catch(() => false)
        .then(() => deps.close())
        .finally(() => process.exit(0));
    });
  }
});

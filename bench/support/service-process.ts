/**
 * A service under benchmark in its own process (bench/support/soak-server.ts), so its RSS and event-loop
 * lag are its own and not the load generator's, and the helpers that load it: autocannon over a request
 * list, and every path of a list once. Used by bench/soak.ts and bench/tile-rss.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import type { MemoryDetail, MemorySample } from './soak-server.js';
import type { SoakRequest } from './soak-requests.js';

/**
 * The memory settings every production start uses (npm start, npm run start:prod, the image's CMD and
 * ENV, the systemd unit, the Kubernetes Deployment; test/deploy/memory-settings.test.ts keeps them equal):
 * the benches start the service with them unless told otherwise (`--node-flags`, `--env`).
 */
export const PRODUCTION_NODE_FLAGS = ['--max-old-space-size=512'];
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };

export interface Stats {
  rss: number;
  heapUsed: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
}
export interface Service {
  name: string;
  url: string;
  auth: Record<string, string>;
  child: ChildProcess;
  stats(afterGc?: boolean): Promise<Stats>;
  detail(afterGc?: boolean): Promise<MemoryDetail>;
  reset(): void;
  sample(): void;
  samples(): Promise<MemorySample[]>;
  stop(): Promise<void>;
}

/** How a service process is started: its environment, node flags and sampling interval. */
export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** Folder for the memory store's access file and audit log. */
  scratch: string;
  /** Node flags of the server; default {@link PRODUCTION_NODE_FLAGS}. */
  nodeFlags?: string[];
  sampleSeconds?: number;
}

/** Asks the child once and resolves with the named field of its answer. */
function ask<T>(child: ChildProcess, message: string, field: string): Promise<T> {
  return new Promise<T>((resolve) => {
    const on = (m: unknown) => {
      if (m !== null && typeof m === 'object' && field in m) {
        child.off('message', on);
        resolve((m as Record<string, T>)[field]);
      }
    };
    child.on('message', on);
    child.send(message);
  });
}

/** Starts the service in its own process with the given environment and waits until it listens. */
export async function startService(
  name: string,
  { env, scratch, nodeFlags = PRODUCTION_NODE_FLAGS, sampleSeconds = 2 }: StartOptions,
): Promise<Service> {
  const own = {
    ACCESS_FILE: join(scratch, `${name}-access.json`),
    AUDIT_FILE: join(scratch, `${name}-audit.jsonl`),
    RATE_LIMIT_KEY_PER_MIN: '10000000',
    RATE_LIMIT_ANON_PER_MIN: '1000000',
    SOAK_SAMPLE_MS: String(sampleSeconds * 1000),
  };
  const child = fork(new URL('./soak-server.ts', import.meta.url), [], {
    env: { ...PRODUCTION_ENV, ...env, ...own },
    execArgv: ['--expose-gc', ...nodeFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port, key } = await new Promise<{ port: number; key: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; key: string }));
    child.once('exit', (code) => reject(new Error(`${name} service exited (${code}) before listening`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    auth: { authorization: `Bearer ${key}` },
    child,
    stats: (afterGc = false) => ask<Stats>(child, afterGc ? 'gc-stats' : 'stats', 'stats'),
    detail: (afterGc = false) => ask<MemoryDetail>(child, afterGc ? 'gc-detail' : 'detail', 'detail'),
    reset: () => child.send('reset'),
    sample: () => child.send('sample'),
    samples: () => ask<MemorySample[]>(child, 'samples', 'samples'),
    stop,
  };
}

/** RSS settled: a full collection, then 3 s for V8 to hand the freed pages back, then the memory. */
export async function settled(s: Service): Promise<MemoryDetail> {
  await s.detail(true);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return s.detail();
}

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  codes: string;
}

/** Runs autocannon (in a worker thread) over a request list for `duration` seconds; every connection cycles through it. */
export async function load({ url, auth }: Service, requests: SoakRequest[], duration: number): Promise<Run> {
  const r = await autocannon({
    url,
    duration,
    connections: 10,
    workers: 1,
    requests: requests.map((q) => ({ ...q, headers: { ...q.headers, ...auth } })),
  } as autocannon.Options);
  const codes = Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${s.count}`)
    .join(' ');
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.non2xx + r.errors + r.timeouts,
    codes,
  };
}

/** Requests every path once, 10 at a time over kept-alive connections; returns the time taken and the non-2xx count. */
export async function each(
  { url, auth }: Service,
  paths: string[],
  headers: Record<string, string> = {},
): Promise<{ ms: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const status = await new Promise<number>((resolve) => {
        request(`${url}${path}`, { agent, headers: { ...headers, ...auth } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
          .on('error', () => resolve(0))
          .end();
      });
      if (status < 200 || status > 299) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  agent.destroy();
  return { ms: performance.now() - t0, errors };
}

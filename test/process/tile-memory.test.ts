import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../bench/support/service-process.js';
import { deepTiles, mixed, soakRequests } from '../../bench/support/soak-requests.js';
import { demoKeyOf, startServer } from '../support/server-process.js';

/** The process's resident set size in bytes, read from /proc (Linux). */
const rssOf = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Sends every request once, 10 at a time over kept-alive connections, while sampling the server's RSS every 100 ms; returns the highest RSS sampled and the non-2xx count. */
async function sampledRequests(
  port: number,
  pid: number,
  requests: { method: string; path: string; headers?: Record<string, string>; body?: string }[],
  key: string,
): Promise<{ peak: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  let peak = rssOf(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 100);
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < requests.length) {
      const q = requests[next++];
      const status = await new Promise<number>((resolve) => {
        const req = request(
          `http://127.0.0.1:${port}${q.path}`,
          { method: q.method, agent, headers: { ...q.headers, authorization: `Bearer ${key}`, 'accept-encoding': 'gzip' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(q.body);
      });
      if (status < 200 || status > 299) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  clearInterval(sampler);
  agent.destroy();
  return { peak: Math.max(peak, rssOf(pid)), errors };
}

const linux = process.platform === 'linux';
if (!linux) console.warn('SKIPPED: tile memory process test (reads /proc, Linux only)');

describe('memory of the real server process under many distinct deep tiles', () => {
  (linux ? it : it.skip)(
    'when 40,000 distinct deep address tiles follow ordinary traffic, then the highest RSS stays within 10 % of the highest RSS under that traffic',
    async () => {
      // Started as production starts it: the same heap cap and malloc arenas (test/deploy/memory-settings.test.ts).
      const server = await startServer({ ...PRODUCTION_ENV, RATE_LIMIT_KEY_PER_MIN: '10000000' }, [
        process.execPath,
        [...PRODUCTION_NODE_FLAGS, '--import', 'tsx', 'service/server.ts'],
      ]);
      try {
        const key = await demoKeyOf(server, 90_000);
        expect(key).not.toBeNull();
        const dataset = await readDataset('seeds/demo');
        const kinds = soakRequests(dataset);
        // Ordinary traffic: lookups, search, scores, buurten, and the tiles the viewer asks for (zoom ≤ 17).
        const ordinary = mixed(
          kinds,
          { lookup: 4, autocomplete: 4, score: 2, batch: 1, buurtTile: 2, addressTile: 2, buurten: 0.25 },
          2_000,
        );
        const traffic = await sampledRequests(
          server.port,
          server.child.pid!,
          [...ordinary, ...ordinary, ...ordinary, ...ordinary, ...ordinary, ...ordinary],
          key!,
        );
        const deep = deepTiles(dataset.addresses, 40_000).map((path) => ({ method: 'GET', path }));
        expect(new Set(deep.map((d) => d.path)).size).toBe(40_000);
        const tiles = await sampledRequests(server.port, server.child.pid!, deep, key!);
        expect({ errors: traffic.errors + tiles.errors }).toEqual({ errors: 0 });
        // Memory is not timing: the bound is the envelope the heap cap keeps, whatever the speed.
        const ratio = tiles.peak / traffic.peak;
        console.info(
          `highest RSS: ${Math.round(traffic.peak / 1e6)} MB under ordinary traffic, ${Math.round(tiles.peak / 1e6)} MB under the deep tiles (× ${ratio.toFixed(3)})`,
        );
        expect({
          trafficMb: Math.round(traffic.peak / 1e6),
          tilesMb: Math.round(tiles.peak / 1e6),
          ratio,
          withinTenPercent: ratio <= 1.1,
        }).toMatchObject({ withinTenPercent: true });
      } finally {
        server.kill();
      }
    },
    400_000,
  );
});

/**
 * Tile memory benchmark (not a test): does RSS stay flat while clients ask for many distinct deep tiles?
 * Per store (memory; PostGIS when DATABASE_URL is set, loaded with `npm run db:load -- --dataset seeds/demo`)
 * the service runs in its own process, started with the production memory settings (heap cap and
 * MALLOC_ARENA_MAX, see bench/support/service-process.ts; `--node-flags`/`--env` to try others), gets a warm-up of ordinary mixed load, then its RSS is recorded; then
 * `--tiles` distinct deep address tiles (zoom 18–22) and `--buurt-tiles` distinct deep buurt tiles
 * (zoom 15–22), 10 at a time, each followed by RSS again. Printed per store: RSS and where it is (V8 heap
 * committed and used, outside V8) before and after, and the ratio after ÷ before.
 *
 *   npm run bench:tile-rss -- [--tiles 40000] [--buurt-tiles 40000] [--warmup-seconds 10] [--store memory|postgis|both]
 *                             [--node-flags "--max-old-space-size=…"] [--env KEY=VALUE …] [--encoding gzip|identity]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineCli, numberOption, parseCliOrExit, UsageError } from '../service/cli/support/parse-args.js';
import { readDataset } from '../service/adapters/dataset/dataset-files.js';
import { loadConfig } from '../service/config/config.js';
import type { MemoryDetail } from './support/soak-server.js';
import { deepTiles, mixed, soakRequests } from './support/soak-requests.js';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS, type Service, each, load, settled, startService } from './support/service-process.js';

const CLI = defineCli({
  name: 'bench:tile-rss',
  usage: 'npm run bench:tile-rss --',
  summary: 'Tile memory benchmark: RSS before and after many distinct deep tiles, per store.',
  options: {
    tiles: { type: 'string', value: 'N', description: 'distinct deep address tiles (zoom 18–22)', default: '40000' },
    'buurt-tiles': { type: 'string', value: 'N', description: 'distinct deep buurt tiles (zoom 15–22)', default: '40000' },
    'warmup-seconds': { type: 'string', value: 'S', description: 'mixed load before RSS is first recorded', default: '10' },
    'rest-seconds': { type: 'string', value: 'S', description: 'idle time before each reading at rest', default: '1' },
    store: { type: 'string', value: 'WHICH', description: 'memory, postgis or both (default: both when DATABASE_URL is set, else memory)' },
    'node-flags': {
      type: 'string',
      value: 'FLAGS',
      description: 'node flags for the server instead of the production ones (--max-old-space-size=512); --node-flags= for none',
    },
    env: {
      type: 'string',
      value: 'KEY=VALUE',
      description: 'extra environment for the server, e.g. --env=MALLOC_ARENA_MAX=8',
      multiple: true,
    },
    encoding: {
      type: 'string',
      value: 'ENC',
      description: 'Accept-Encoding of the tile requests: gzip (as a browser) or identity',
      default: 'gzip',
    },
  },
  examples: ['npm run bench:tile-rss -- --tiles=10000 --store=memory'],
  notes: ['Environment: DATABASE_URL (for the PostGIS store, loaded with npm run db:load -- --dataset seeds/demo).'],
});
const args = parseCliOrExit(CLI, (a) => {
  const encoding = a.string('encoding') ?? 'gzip';
  if (!['gzip', 'identity'].includes(encoding)) throw new UsageError(`--encoding must be gzip or identity, got "${encoding}"`);
  const extraEnv: Record<string, string> = {};
  for (const kv of a.list('env')) {
    const at = kv.indexOf('=');
    if (at <= 0) throw new UsageError(`--env must be KEY=VALUE, got "${kv}"`);
    extraEnv[kv.slice(0, at)] = kv.slice(at + 1);
  }
  const store = a.string('store');
  const stores =
    store === undefined
      ? process.env.DATABASE_URL
        ? ['memory', 'postgis']
        : ['memory']
      : store === 'both'
        ? ['memory', 'postgis']
        : [store];
  if (stores.some((s) => !['memory', 'postgis'].includes(s)))
    throw new UsageError(`--store must be memory, postgis or both, got "${store}"`);
  if (stores.includes('postgis') && !process.env.DATABASE_URL) throw new UsageError('--store postgis needs DATABASE_URL');
  return {
    tileCount: numberOption(a, 'tiles', { min: 0, integer: true }),
    buurtCount: numberOption(a, 'buurt-tiles', { min: 0, integer: true }),
    warmupSeconds: numberOption(a, 'warmup-seconds', { min: 0, integer: true }),
    restSeconds: numberOption(a, 'rest-seconds', { min: 0, integer: true }),
    encoding,
    nodeFlags: a.string('node-flags'),
    extraEnv,
    stores,
  };
});
const { tileCount, buurtCount, warmupSeconds, restSeconds, extraEnv, stores } = args;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

/** RSS at rest: the service idle for `--rest-seconds` (in-flight work done), then its memory as it stands. */
async function atRest(s: Service): Promise<MemoryDetail> {
  await sleep(restSeconds * 1000);
  return s.detail();
}

/** Runs `work` while the server samples its memory; returns its result and the highest RSS sampled. */
async function sampled<T>(s: Service, work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  s.sample();
  const result = await work();
  const samples = await s.samples();
  return { result, peak: Math.max(...samples.map((x) => x.rss), (await s.stats()).rss) };
}

const where = (d: MemoryDetail) =>
  `RSS ${mb(d.rss)} (anon ${mb(d.rssAnon)}, file ${mb(d.rssFile)}); V8 heap ${mb(d.heapUsed)} used of ${mb(d.heapTotal)} committed (new ${mb(d.spaces.new_space ?? 0)}, old ${mb(d.spaces.old_space ?? 0)}, large objects ${mb(d.spaces.large_object_space ?? 0)}); outside V8 ${mb(d.rss - d.heapTotal)} (array buffers ${mb(d.arrayBuffers)})`;

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const dataset = await readDataset(config.datasetDir);
  const kinds = soakRequests(dataset);
  const warm = mixed(kinds, { lookup: 4, autocomplete: 4, score: 2, batch: 1, buurtTile: 2, addressTile: 2, buurten: 0.25 }, 2_000);
  const addressTiles = deepTiles(dataset.addresses, tileCount);
  const buurtTiles = deepTiles(dataset.addresses, buurtCount, 'buurten', [17, 16, 18, 15, 19, 20, 21, 22]);
  const headers = { 'accept-encoding': args.encoding };
  const scratch = mkdtempSync(join(tmpdir(), 'tile-rss-'));
  const { DATABASE_URL: databaseUrl, ...withoutDb } = process.env;
  const nodeFlags = args.nodeFlags === undefined ? undefined : args.nodeFlags.split(' ').filter((f) => f.length > 0);
  const rows: string[] = [];
  const settingsUsed = new Set<string>();
  const details: string[] = [];
  let failed = 0;
  try {
    for (const name of stores) {
      const env = { ...(name === 'memory' ? withoutDb : { ...process.env, DATABASE_URL: databaseUrl }), ...extraEnv };
      const settings = `node flags ${(nodeFlags ?? PRODUCTION_NODE_FLAGS).join(' ') || '(none)'}; ${Object.entries({
        ...PRODUCTION_ENV,
        ...extraEnv,
      })
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
      process.stderr.write(`${name}: starting (${settings})…\n`);
      settingsUsed.add(settings);
      const s = await startService(name, { env, scratch, nodeFlags, sampleSeconds: 0.5 });
      try {
        process.stderr.write(`${name}: ${warmupSeconds} s warm-up of mixed load…\n`);
        const w = await sampled(s, () => (warmupSeconds > 0 ? load(s, warm, warmupSeconds) : Promise.resolve(null)));
        failed += w.result?.errors ?? 0;
        const before = await atRest(s);
        const beforeSettled = await settled(s);
        process.stderr.write(`${name}: ${addressTiles.length} distinct deep address tiles…\n`);
        const a = await sampled(s, () => each(s, addressTiles, headers));
        const afterAddresses = await atRest(s);
        process.stderr.write(`${name}: ${buurtTiles.length} distinct deep buurt tiles…\n`);
        const b = await sampled(s, () => each(s, buurtTiles, headers));
        const after = await atRest(s);
        const afterSettled = await settled(s);
        failed += a.result.errors + b.result.errors;
        const peakTiles = Math.max(a.peak, b.peak);
        rows.push(
          `| ${name} | ${mb(before.rss)} → ${mb(afterAddresses.rss)} → ${mb(after.rss)} | ${(after.rss / before.rss).toFixed(3)} | ${mb(beforeSettled.rss)} → ${mb(afterSettled.rss)} | ${(afterSettled.rss / beforeSettled.rss).toFixed(3)} | ${mb(w.peak)} → ${mb(peakTiles)} | ${(peakTiles / w.peak).toFixed(3)} | ${(a.result.ms / 1000).toFixed(1)} s, ${(b.result.ms / 1000).toFixed(1)} s | ${a.result.errors + b.result.errors} |`,
        );
        details.push(
          `\n${name}:\n  before the tiles, at rest   ${where(before)}\n  before the tiles, settled   ${where(beforeSettled)}\n  after the address tiles     ${where(afterAddresses)}\n  after the buurt tiles too   ${where(after)}\n  after them, settled         ${where(afterSettled)}`,
        );
      } finally {
        await s.stop();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `\nTile RSS: ${warmupSeconds} s warm-up of mixed load, then ${addressTiles.length} distinct address tiles (zoom 18–22) and ${buurtTiles.length} distinct buurt tiles (zoom 15–22), 10 at a time, Accept-Encoding: ${args.encoding}; server started with ${[...settingsUsed].join(', ')}\n`,
  );
  console.log(
    '| store | RSS at rest, MB: before → after the address tiles → after the buurt tiles too | ratio | RSS settled (full GC, 3 s), MB: before → after | ratio | highest RSS sampled, MB: warm-up → tiles | ratio | time (address, buurt) | errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const r of rows) console.log(r);
  for (const d of details) console.log(d);
  console.log('\nTarget: every ratio ≤ 1.10 (RSS after the deep tiles within 10 % of RSS before them), 0 errors.');
  if (failed > 0) {
    console.log(`${failed} requests failed`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`tile RSS benchmark failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

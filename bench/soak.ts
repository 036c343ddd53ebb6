/**
 * Soak benchmark (not a test): mixed load on each store — the embedded memory store, and PostGIS when
 * DATABASE_URL is set (loaded with the same dataset: `npm run db:load -- --dataset seeds/demo`) — then
 * 40,000 distinct deep address tiles, then PostGIS against memory side by side on the same requests.
 *
 * Each service runs in its own process (bench/support/soak-server.ts), so RSS and event-loop lag are
 * the server's own; autocannon runs in a worker thread of this process, 10 connections. Printed per
 * store: req/s, p50/p99, errors (any answer other than 2xx), RSS at start and end of the mixed load and
 * before/after the deep tiles, event-loop lag. The comparison alternates memory and PostGIS in rounds
 * on the same request lists; its ratio is the median of the per-round ratios.
 *
 * Each service makes its own inspector key (keys and audit log in a temporary folder for the memory
 * store, in the database for PostGIS; revoked on stop) with the rate limits raised out of the way, and
 * every request carries it. Memory (RSS, heap used/total, external, array buffers) is sampled in the
 * server every `--sample-seconds` during the mixed load and printed, so a plateau or a climb shows; the
 * drift over the measured `--seconds` follows a warm-up of the same load (`--warmup-seconds`, default 10:
 * V8 sizes its heap to the load and the pool opens its connections in that time) and is printed as start →
 * end and, since RSS is a sawtooth between full collections, as the highest RSS of the first half against
 * that of the second half (a leak raises the second) and as the settled RSS (a full collection, then
 * 3 s) before against after the mixed load. The servers run with the production memory
 * settings (PRODUCTION_NODE_FLAGS, PRODUCTION_ENV in bench/support/service-process.ts) unless
 * `--node-flags '…'` replaces the flags.
 *
 *   npm run bench:soak -- [--seconds 60] [--warmup-seconds 10] [--sample-seconds 2] [--deep-tiles 40000] [--compare-seconds 9] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset } from '../service/adapters/dataset/dataset-files.js';
import { loadConfig } from '../service/config/config.js';
import { type SoakRequest, deepTiles, mixed, soakRequests } from './support/soak-requests.js';
import { type Run, type Service, each, load, settled, startService } from './support/service-process.js';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';

const CLI = defineCli({
  name: 'bench:soak',
  usage: 'npm run bench:soak --',
  summary:
    'Soak benchmark: mixed load on the memory store and on PostGIS (when DATABASE_URL is set), deep address tiles, then PostGIS against memory.',
  options: {
    seconds: { type: 'string', value: 'S', description: 'seconds of mixed load per store', default: '60' },
    'warmup-seconds': { type: 'string', value: 'S', description: 'warm-up of the same load before the drift is measured', default: '10' },
    'sample-seconds': { type: 'string', value: 'S', description: 'memory sampling interval in the server', default: '2' },
    'deep-tiles': { type: 'string', value: 'N', description: 'distinct deep address tiles', default: '40000' },
    'compare-seconds': { type: 'string', value: 'S', description: 'seconds per store per comparison round', default: '9' },
    rounds: { type: 'string', value: 'N', description: 'comparison rounds', default: '3' },
    'node-flags': {
      type: 'string',
      value: '"FLAGS"',
      description:
        'Node flags for the server processes instead of the production ones (--node-flags="" for none), e.g. --node-flags="--max-old-space-size=400"',
    },
    mix: {
      type: 'string',
      value: 'KIND=W,…',
      description: 'replace the request mix (lookup, autocomplete, score, batch, buurtTile, addressTile, buurten)',
    },
  },
  notes: ['Environment: DATABASE_URL (optional; loaded with npm run db:load -- --dataset seeds/demo).'],
});
const cli = parseCliOrExit(CLI, (args) => args);
const option = (name: string) => cli.string(name.slice(2));
const seconds = Number(option('--seconds')) || 60;
const deepCount = Number(option('--deep-tiles')) || 40_000;
const compareSeconds = Number(option('--compare-seconds')) || 9;
const rounds = Number(option('--rounds')) || 3;
const warmupSeconds = Number(option('--warmup-seconds')) || 10;
const sampleSeconds = Number(option('--sample-seconds')) || 2;
// The server's node flags: the production ones (PRODUCTION_NODE_FLAGS) unless given (`--node-flags ''` for none).
const nodeFlags = option('--node-flags')
  ?.split(' ')
  .filter((f) => f.length > 0);
const scratch = mkdtempSync(join(tmpdir(), 'soak-'));

/** Starts the service in its own process with the given environment and waits until it listens. */
const start = (name: string, env: NodeJS.ProcessEnv): Promise<Service> => startService(name, { env, scratch, nodeFlags, sampleSeconds });

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const pct = (after: number, before: number) => `${(((after - before) / before) * 100).toFixed(1)} %`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const dataset = await readDataset(config.datasetDir);
  const kinds = soakRequests(dataset);
  // `--mix kind=weight,…` replaces the mix (to find which kind of request drives memory).
  const weights = option('--mix')
    ? Object.fromEntries(
        option('--mix')!
          .split(',')
          .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
      )
    : { lookup: 4, autocomplete: 4, score: 2, batch: 1, buurtTile: 2, addressTile: 2, buurten: 0.25 };
  const mix = mixed(kinds, weights, 2_000);
  const deep = deepTiles(dataset.addresses, deepCount);
  const { DATABASE_URL: databaseUrl, ...withoutDb } = process.env;
  process.stderr.write('starting the memory-store service…\n');
  const services = [await start('memory', { ...withoutDb, TILE_CACHE_BYTES: String(config.tileCacheBytes) })];
  if (databaseUrl) {
    process.stderr.write('starting the PostGIS-store service…\n');
    services.push(await start('postgis', { ...process.env }));
  } else {
    process.stderr.write('SKIPPED: PostGIS soak and comparison (DATABASE_URL is not set)\n');
  }
  const lines: string[] = [];
  const traces: string[] = [];
  let failed = 0;
  for (const s of services) {
    process.stderr.write(`${s.name}: ${warmupSeconds} s warm-up, then ${seconds} s of mixed load…\n`);
    // The warm-up: V8 compiles the hot paths and sizes its heap to the load, PostGIS connections open and
    // prepare their statements, the tile cache takes in the viewer's tiles (the samples of earlier runs
    // show RSS rising for the first ~10 s of load on both stores, then level).
    failed += (await load(s, mix, warmupSeconds)).errors;
    const settled0 = await settled(s);
    s.reset();
    const start0 = await s.stats();
    s.sample();
    const run = await load(s, mix, seconds);
    const end0 = await s.stats();
    const trace = await s.samples();
    trace.push({ s: seconds, ...end0, heapTotal: NaN, external: NaN, arrayBuffers: NaN });
    // Garbage between full collections makes RSS a sawtooth, so one sample against another says little;
    // the highest RSS of the first half against that of the second half shows a climb.
    const middle = seconds / 2;
    const peak = (from: number, to: number) => Math.max(...trace.filter((x) => x.s >= from && x.s <= to).map((x) => x.rss));
    const [peak1, peak2] = [peak(0, middle), peak(middle, seconds)];
    traces.push(
      `\n${s.name}: memory during the mixed load (sampled in the server every ${sampleSeconds} s; MB)\n\n| s | RSS | heap used | heap total | external | array buffers |\n|---:|---:|---:|---:|---:|---:|\n${trace
        .slice(0, -1)
        .map(
          (x) =>
            `| ${x.s.toFixed(0)} | ${(x.rss / 1e6).toFixed(0)} | ${(x.heapUsed / 1e6).toFixed(0)} | ${(x.heapTotal / 1e6).toFixed(0)} | ${(x.external / 1e6).toFixed(0)} | ${(x.arrayBuffers / 1e6).toFixed(0)} |`,
        )
        .join('\n')}`,
    );
    const settled1 = await settled(s);
    const gc0 = await s.stats(true);
    process.stderr.write(`${s.name}: ${deep.length} distinct deep address tiles…\n`);
    const tiles = await each(s, deep);
    const end1 = await s.stats();
    const gc1 = await s.stats(true);
    failed += run.errors + tiles.errors;
    lines.push(
      `| ${s.name} | ${run.rps.toFixed(0)} | ${run.p50} / ${run.p99} | ${run.errors} of ${run.total} | ${mb(start0.rss)} → ${mb(end0.rss)} (${pct(end0.rss, start0.rss)}) | ${mb(peak1)} → ${mb(peak2)} (${pct(peak2, peak1)}) | ${mb(settled0.rss)} → ${mb(settled1.rss)} (${pct(settled1.rss, settled0.rss)}) | ${end0.lagP50.toFixed(1)} / ${end0.lagP99.toFixed(1)} / ${end0.lagMax.toFixed(0)} | ${mb(end0.rss)} → ${mb(end1.rss)} (${pct(end1.rss, end0.rss)}); after a forced full GC ${mb(gc0.rss)} → ${mb(gc1.rss)} (${pct(gc1.rss, gc0.rss)}); heap in use after a forced full GC ${mb(gc0.heapUsed)} → ${mb(gc1.heapUsed)} (${pct(gc1.heapUsed, gc0.heapUsed)}); ${(tiles.ms / 1000).toFixed(1)} s, ${tiles.errors} errors |`,
    );
    process.stderr.write(`  status codes: ${run.codes}\n`);
  }
  const compared: string[] = [];
  if (services.length === 2) {
    const [memory, postgis] = services;
    const scenarios: [string, SoakRequest[]][] = [
      [`postcode lookup (${kinds.lookup.length} addresses in turn)`, kinds.lookup],
      [`autocomplete (${kinds.autocomplete.length} queries in turn: prefixes, typos, glued numbers, postcodes)`, kinds.autocomplete],
      [`buurt tiles (${kinds.buurtTile.length} tiles, zoom 11–14, in turn)`, kinds.buurtTile],
      [`address tiles (${kinds.addressTile.length} tiles, zoom 15–17, in turn)`, kinds.addressTile],
    ];
    for (const [name, list] of scenarios) {
      process.stderr.write(`comparing: ${name}…\n`);
      const m: Run[] = [];
      const p: Run[] = [];
      for (let i = 0; i < rounds; i += 1) {
        m.push(await load(memory, list, compareSeconds / rounds));
        p.push(await load(postgis, list, compareSeconds / rounds));
      }
      failed += [...m, ...p].reduce((n, r) => n + r.errors, 0);
      const ratio = median(p.map((r, i) => r.rps / m[i].rps));
      compared.push(
        `| ${name} | ${median(m.map((r) => r.rps)).toFixed(0)} | ${median(m.map((r) => r.p99))} | ${median(p.map((r) => r.rps)).toFixed(0)} | ${median(p.map((r) => r.p99))} | ${ratio.toFixed(2)} |`,
      );
    }
  }
  for (const s of services) await s.stop();
  rmSync(scratch, { recursive: true, force: true });

  console.log(
    `\nSoak: ${warmupSeconds} s warm-up, then ${seconds} s of mixed load per store, 10 connections (lookups 4, autocomplete 4, single scores 2, 10-row batches 1, buurt tiles 2, address tiles 2, buurten collection 0.25), then ${deep.length} distinct address tiles at zoom 18–22\n`,
  );
  console.log(
    `| store | req/s | p50 / p99 ms | errors (non-2xx) | RSS start → end of the mixed load | highest RSS, 1st → 2nd half | RSS settled (full GC, 3 s) before → after the mixed load | event-loop lag p50 / p99 / max ms | RSS before → after the deep tiles; heap retained (after a forced full GC) |`,
  );
  console.log('|---|---:|---:|---:|---|---|---|---:|---|');
  for (const l of lines) console.log(l);
  for (const t of traces) console.log(t);
  if (compared.length > 0) {
    console.log(
      `\nPostGIS vs memory, same requests, ${rounds} alternating rounds of ${(compareSeconds / rounds).toFixed(1)} s each, 10 connections\n`,
    );
    console.log('| scenario | memory req/s | memory p99 ms | PostGIS req/s | PostGIS p99 ms | PostGIS ÷ memory (median of rounds) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const l of compared) console.log(l);
  }
  console.log(
    `\nTargets: 0 errors; RSS drift ≤ 10 % over the ${seconds} s of mixed load after the ${warmupSeconds} s warm-up, start → end and two ways that do not depend on where a sample falls on the garbage-collection sawtooth: the highest RSS of the 2nd half against the 1st (the envelope), and the settled RSS after the load against before it (what the process keeps); and over the deep tiles; PostGIS lookup and autocomplete ≥ 0.4 × memory.`,
  );
  if (failed > 0) {
    console.log(`${failed} requests failed`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak benchmark failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

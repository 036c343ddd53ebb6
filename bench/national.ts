/**
 * National-scale benchmark (not a test), issue 19. In one run, for the demo (69 k addresses) and for a
 * synthetic country of N addresses: generation time, the staged load per phase (as `npm run db:load`
 * reports it, in its own process: throughput per phase, swap time, loader peak RSS), lookups answered
 * (and their worst latency) while the load runs, database size, then lookup / autocomplete / tile
 * latency p50/p99 through the PostGIS store (same client, tile cache off), and the ratios between sizes.
 *
 *   DATABASE_URL=postgres://… npm run bench:national -- --addresses 200000 [--keep] [--dir DIR]
 *
 * Each size is loaded into its own schema (bench_national_demo / bench_national_n; dropped at the end
 * unless --keep): first the demo as the "old" data, then the size measured, while lookups run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '../service/adapters/postgis/pool.js';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';
import { PostgisStore } from '../service/adapters/postgis/postgis-store.js';
import { parseAddressQuery } from '../service/domain/address-query.js';
import { withTypo } from './support/soak-requests.js';

const CLI = defineCli({
  name: 'bench:national',
  usage: 'DATABASE_URL=… npm run bench:national --',
  summary:
    'National-scale benchmark: generates a synthetic country of N addresses, loads it with the staged loader while lookups run, and prints per-phase throughput, swap time, peak RSS and lookup/autocomplete/tile latency against the demo.',
  options: {
    addresses: { type: 'string', value: 'N', description: 'addresses in the synthetic country', required: true },
    keep: { type: 'boolean', description: 'keep the bench schemas afterwards' },
    dir: { type: 'string', value: 'DIR', description: 'folder for the generated dataset (default: a temporary one, removed at the end)' },
  },
  examples: ['DATABASE_URL=postgres://postgres@127.0.0.1:5432/fr npm run bench:national -- --addresses 200000'],
  notes: ['Environment: DATABASE_URL (required).'],
});
const args = parseCliOrExit(CLI, (a) => ({
  addresses: numberOption(a, 'addresses', { min: 1, integer: true }),
  keep: a.flag('keep'),
  dir: a.string('dir'),
}));
const N = args.addresses;
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('bench:national: DATABASE_URL is not set\n');
  process.exit(2);
}
const work = args.dir ?? mkdtempSync(join(tmpdir(), 'bench-national-'));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const urlWithSchema = (schema: string) => {
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${schema},public`);
  return u.toString();
};

/** The loader's node flags, as `npm run db:load` runs it (package.json). */
const LOADER_NODE_FLAGS = ['--max-old-space-size=512'];

/** Runs a command, returns its stderr and wall time; throws on a non-zero exit. */
function run(cmd: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...cmd], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - t0, stderr })
        : reject(new Error(`${cmd.join(' ')} exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

interface LoadFigures {
  copyMs: number;
  indexMs: number;
  scoreMs: number;
  aggregateMs: number;
  swapMs: number;
  totalMs: number;
  peakRssMb: number;
  /** Peak RSS (MB) by the end of each phase, e.g. "copy 310, index 330, …". */
  phasePeaks: string;
  addresses: number;
}

function loadFigures(stderr: string): LoadFigures {
  const num = (re: RegExp) => Number(re.exec(stderr)?.[1] ?? NaN);
  return {
    addresses: num(/loaded: (\d+) addresses/),
    copyMs: num(/copy (\d+) ms/),
    indexMs: num(/index (\d+) ms/),
    scoreMs: num(/score (\d+) ms/),
    aggregateMs: num(/aggregate (\d+) ms/),
    swapMs: num(/swap (\d+) ms/),
    totalMs: num(/total (\d+) ms/),
    peakRssMb: num(/peak rss (\d+) MB/),
    phasePeaks: phasePeaks(stderr),
  };
}

/** The loader's peak RSS by the end of each phase: the peak so far as the next phase starts (the last: at exit). */
function phasePeaks(stderr: string): string {
  const marks = [...stderr.matchAll(/phase ([\w-]+) \(rss \d+ MB; peak so far (\d+) MB\)/g)].map((m) => [m[1], Number(m[2])] as const);
  const end = Number(/peak rss (\d+) MB/.exec(stderr)?.[1] ?? NaN);
  return marks.map(([phase], i) => `${phase} ${i + 1 < marks.length ? marks[i + 1][1] : end}`).join(', ');
}

async function dbLoad(schema: string, dir: string): Promise<LoadFigures> {
  const { stderr } = await run(['service/cli/db-load.ts', '--dataset', dir], { DATABASE_URL: urlWithSchema(schema) }, LOADER_NODE_FLAGS);
  return loadFigures(stderr);
}

interface SizeFigures {
  label: string;
  generateMs: number;
  load: LoadFigures;
  during: { lookups: number; failures: number; maxMs: number; p99Ms: number };
  dbBytes: number;
  latency: Record<string, { n: number; p50: number; p99: number }>;
}

async function measureSize(label: string, schema: string, dir: string, generateMs: number): Promise<SizeFigures> {
  const admin = createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  for (const s of [schema, `${schema}_stage`, `${schema}_old`]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  process.stderr.write(`${label}: loading the demo as the old data\n`);
  await dbLoad(schema, 'seeds/demo');
  const pool = createPool({ connectionString: databaseUrl!, max: 4, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000, schema });
  const store = new PostgisStore(pool, { suppressBelow: 10, tileCacheBytes: 0, versionCheckMs: 0 });
  const { rows: oldIds } = await pool.query<{ id: string }>('SELECT verblijfsobject_id AS id FROM addresses WHERE ord % 500 = 0');
  // Lookups against the served data while the load runs: none may fail, the swap must not stall them long.
  let loading = true;
  const during: number[] = [];
  let failures = 0;
  const readers = (async () => {
    for (let i = 0; loading; i++) {
      const t0 = performance.now();
      try {
        await store.getAddress(oldIds[i % oldIds.length].id);
      } catch {
        failures += 1;
      }
      during.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  process.stderr.write(`${label}: loading ${dir} with lookups running\n`);
  const load = await dbLoad(schema, dir).finally(() => {
    loading = false;
  });
  await readers;
  // Printed at once: a long run's load figures must not depend on the rest of the bench finishing.
  process.stderr.write(`${label}: load ${JSON.stringify(load)}; lookups during it ${during.length} (${failures} failed)\n`);
  const { rows: size } = await pool.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
    [schema],
  );

  // Latency after the load, the same requests at both sizes.
  const { rows: sample } = await pool.query<{ postcode: string; huisnummer: number; straat: string; lon: number; lat: number }>(
    'SELECT postcode, huisnummer, straat, lon, lat FROM addresses TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 300',
  );
  const latency: SizeFigures['latency'] = {};
  const time = async (name: string, f: (i: number) => Promise<unknown>, n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await f(i);
      if (i >= 10) ms.push(performance.now() - t0); // the first few warm the connections
    }
    latency[name] = { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
  };
  const at = (i: number) => sample[i % sample.length];
  await time(
    'lookup (postcode + number)',
    (i) => store.findByPostcode({ postcode: at(i).postcode, huisnummer: at(i).huisnummer, huisletter: null, toevoeging: null }),
    600,
  );
  await time('autocomplete (street prefix)', (i) => store.search(parseAddressQuery(at(i).straat.slice(0, 5)), 10), 300);
  await time('autocomplete (street + number)', (i) => store.search(parseAddressQuery(`${at(i).straat} ${at(i).huisnummer}`), 10), 300);
  await time(
    'autocomplete (typo + number)',
    (i) => store.search(parseAddressQuery(`${withTypo(at(i).straat)} ${at(i).huisnummer}`), 10),
    300,
  );
  const tileAt = (lon: number, lat: number, z: number): [number, number] => {
    const n = 2 ** z;
    const rad = (lat * Math.PI) / 180;
    return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
  };
  await time('tile addresses z16', (i) => store.tile('addresses', 16, ...tileAt(at(i).lon, at(i).lat, 16)), 300);
  await time('tile buurten z13', (i) => store.tile('buurten', 13, ...tileAt(at(i).lon, at(i).lat, 13)), 200);
  await store.close();
  if (!args.keep) for (const s of [schema, `${schema}_stage`, `${schema}_old`]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
  return {
    label,
    generateMs,
    load,
    // A reduce, not Math.max(...during): a 10 M load ran ≈ 10^5 lookups, beyond the spread's argument limit.
    during: { lookups: during.length, failures, maxMs: during.reduce((m, x) => Math.max(m, x), 0), p99Ms: quantile(during, 0.99) },
    dbBytes: Number(size[0].bytes),
    latency,
  };
}

async function main(): Promise<void> {
  const demoGen = await run(['seeds/cli.ts', 'generate', '--out', join(work, 'demo')]);
  const demo = await measureSize('demo', 'bench_national_demo', 'seeds/demo', demoGen.ms);
  const countryDir = join(work, 'country');
  process.stderr.write(`generating ${N} addresses into ${countryDir}\n`);
  const gen = await run(['seeds/cli.ts', 'generate-country', '--addresses', String(N), '--out', countryDir]);
  const genRss = Math.max(...[...gen.stderr.matchAll(/rss (\d+) MB/g)].map((m) => Number(m[1])));
  const big = await measureSize(`${N}`, 'bench_national_n', countryDir, gen.ms);

  const rate = (rows: number, ms: number) => rows / (ms / 1000);
  const lines: string[] = [`bench:national — demo vs ${N} addresses (same run, same client)`, ''];
  const row = (name: string, d: string, b: string, ratio = '') =>
    lines.push(`${name.padEnd(34)} ${d.padStart(14)} ${b.padStart(14)} ${ratio.padStart(10)}`);
  row('', 'demo', `${big.load.addresses}`, 'ratio');
  row(
    'generation s (addresses/s)',
    `${(demo.generateMs / 1000).toFixed(1)}`,
    `${(big.generateMs / 1000).toFixed(1)} (${Math.round(rate(big.load.addresses, big.generateMs))})`,
  );
  lines.push(`generator peak rss: ${genRss} MB`);
  for (const [name, key] of [
    ['copy', 'copyMs'],
    ['index', 'indexMs'],
    ['score', 'scoreMs'],
    ['aggregate', 'aggregateMs'],
  ] as const) {
    const d = rate(demo.load.addresses, demo.load[key]);
    const b = rate(big.load.addresses, big.load[key]);
    row(`${name} addresses/s (ms)`, `${Math.round(d)} (${demo.load[key]})`, `${Math.round(b)} (${big.load[key]})`, `${(b / d).toFixed(2)}`);
  }
  row(
    'load total s',
    `${(demo.load.totalMs / 1000).toFixed(1)}`,
    `${(big.load.totalMs / 1000).toFixed(1)}`,
    `${(rate(big.load.addresses, big.load.totalMs) / rate(demo.load.addresses, demo.load.totalMs)).toFixed(2)}`,
  );
  row('swap ms', `${demo.load.swapMs}`, `${big.load.swapMs}`);
  row('loader peak rss MB', `${demo.load.peakRssMb}`, `${big.load.peakRssMb}`);
  row('loader peak rss MB by phase end', demo.load.phasePeaks, big.load.phasePeaks);
  row('lookups during load (failed)', `${demo.during.lookups} (${demo.during.failures})`, `${big.during.lookups} (${big.during.failures})`);
  row(
    '  their p99 / max ms',
    `${demo.during.p99Ms.toFixed(1)} / ${demo.during.maxMs.toFixed(0)}`,
    `${big.during.p99Ms.toFixed(1)} / ${big.during.maxMs.toFixed(0)}`,
  );
  row('database size MB', `${(demo.dbBytes / 1e6).toFixed(0)}`, `${(big.dbBytes / 1e6).toFixed(0)}`);
  for (const name of Object.keys(demo.latency)) {
    const d = demo.latency[name];
    const b = big.latency[name];
    row(
      `${name} p50/p99 ms`,
      `${d.p50.toFixed(2)}/${d.p99.toFixed(2)}`,
      `${b.p50.toFixed(2)}/${b.p99.toFixed(2)}`,
      `p99 ${(b.p99 / d.p99).toFixed(2)}×`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!args.dir) rmSync(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

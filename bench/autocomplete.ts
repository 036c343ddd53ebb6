/**
 * Autocomplete at size (not a test), issues 13 and 19: PostGIS search latency p50/p99 per kind of query
 * on already loaded schemas, the first one the baseline, in one run with one client. Kinds: street
 * prefix (5 letters), street + number, street with a one-letter typo + number, number glued to the
 * street, postcode + number, place name. Also the street index per schema: its build time (the first
 * search after a load waits for it), pairs, distinct names, and bytes (estimated, and as heap growth).
 *
 *   DATABASE_URL=… npm run bench:national -- --addresses 200000 --keep     # loads bench_national_demo and bench_national_n
 *   DATABASE_URL=… npm run bench:autocomplete -- --schemas bench_national_demo,bench_national_n [--queries 300]
 */
import { createPool } from '../service/adapters/postgis/pool.js';
import { PostgisStore } from '../service/adapters/postgis/postgis-store.js';
import { StreetIndex } from '../service/adapters/postgis/street-index.js';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';
import { parseAddressQuery } from '../service/domain/address-query.js';
import { withTypo } from './support/soak-requests.js';

const CLI = defineCli({
  name: 'bench:autocomplete',
  usage: 'DATABASE_URL=… npm run bench:autocomplete --',
  summary: 'Autocomplete latency on loaded PostGIS schemas (the first is the baseline), and the size of the street index per schema.',
  options: {
    schemas: { type: 'string', value: 'A,B,…', description: 'loaded schemas, the first the baseline', required: true },
    queries: { type: 'string', value: 'N', description: 'queries per kind and schema', default: '300' },
  },
  examples: [
    'DATABASE_URL=postgres://postgres@127.0.0.1:5432/fr npm run bench:autocomplete -- --schemas bench_national_demo,bench_national_n',
  ],
  notes: ['Environment: DATABASE_URL (required).'],
});
const args = parseCliOrExit(CLI, (a) => ({
  schemas: (a.string('schemas') ?? '').split(','),
  queries: numberOption(a, 'queries', { min: 20, integer: true, fallback: 300 }),
}));
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('bench:autocomplete: DATABASE_URL is not set\n');
  process.exit(2);
}
const badSchema = args.schemas.find((s) => !/^[a-z_][a-z0-9_]*$/.test(s));
if (badSchema !== undefined) {
  process.stderr.write(`bench:autocomplete: --schemas: "${badSchema}" is not a schema name (lower-case letters, digits, _)\n`);
  process.exit(2);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

interface SchemaFigures {
  schema: string;
  addresses: number;
  pairs: number;
  buildMs: number;
  indexBytes: number;
  heapBytes: number;
  latency: Map<string, { p50: number; p99: number }>;
}

async function measure(schema: string): Promise<SchemaFigures> {
  const pool = createPool({ connectionString: databaseUrl!, max: 4, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000, schema });
  const store = new PostgisStore(pool, { suppressBelow: 10, tileCacheBytes: 0, versionCheckMs: 60_000 });
  const [{ n }] = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM addresses')).rows;
  const { rows: sample } = await pool.query<{ postcode: string; huisnummer: number; straat: string; woonplaats: string }>(
    'SELECT postcode, huisnummer, straat, woonplaats FROM addresses TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT $1',
    [args.queries],
  );
  // The index as the store builds it, once more on its own to weigh it.
  const { rows: pairRows } = await pool.query<{ straat: string; woonplaats: string; word_keys: string[] }>(
    'SELECT straat, woonplaats, word_keys FROM street_names',
  );
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const index = new StreetIndex(
    pairRows.map((r, i) => ({ straat: r.straat, woonplaats: r.woonplaats, wordKeys: r.word_keys, firstOrd: i })),
  );
  global.gc?.();
  const heapBytes = process.memoryUsage().heapUsed - heap0;
  const indexBytes = index.approximateBytes();
  // The store's own first search: reads the pairs (with their first address) and builds its index.
  const t0 = performance.now();
  await store.search(parseAddressQuery('a'), 1);
  const buildMs = performance.now() - t0;
  const at = (i: number) => sample[i % sample.length];
  const kinds: [string, (i: number) => string][] = [
    ['street prefix (5 letters)', (i) => at(i).straat.slice(0, 5)],
    ['street + number', (i) => `${at(i).straat} ${at(i).huisnummer}`],
    ['street with a typo + number', (i) => `${withTypo(at(i).straat)} ${at(i).huisnummer}`],
    ['number glued to the street', (i) => `${at(i).straat}${at(i).huisnummer}`],
    ['postcode + number', (i) => `${at(i).postcode} ${at(i).huisnummer}`],
    ['place name', (i) => at(i).woonplaats],
  ];
  const latency = new Map<string, { p50: number; p99: number }>();
  for (const [name, text] of kinds) {
    const ms: number[] = [];
    for (let i = 0; i < args.queries + 10; i += 1) {
      const q = parseAddressQuery(text(i));
      const t = performance.now();
      await store.search(q, 10);
      if (i >= 10) ms.push(performance.now() - t); // the first few warm the connections and statements
    }
    latency.set(name, { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) });
  }
  await store.close();
  return { schema, addresses: Number(n), pairs: index.pairs.length, buildMs, indexBytes, heapBytes, latency };
}

async function main(): Promise<void> {
  const figures: SchemaFigures[] = [];
  for (const schema of args.schemas) {
    process.stderr.write(`measuring ${schema}…\n`);
    figures.push(await measure(schema));
  }
  const [base] = figures;
  const lines = [`bench:autocomplete — ${args.queries} queries per kind, one client, limit 10`, ''];
  lines.push(`| | ${figures.map((f) => `${f.schema} (${f.addresses.toLocaleString('en')} addresses)`).join(' | ')} |`);
  lines.push(`|---|${figures.map(() => '---:').join('|')}|`);
  lines.push(`| (street, place) pairs | ${figures.map((f) => f.pairs.toLocaleString('en')).join(' | ')} |`);
  lines.push(`| index build (first search after a load) | ${figures.map((f) => `${f.buildMs.toFixed(0)} ms`).join(' | ')} |`);
  lines.push(
    `| index bytes per pair: estimated; heap growth | ${figures.map((f) => `${(f.indexBytes / f.pairs).toFixed(0)}; ${Number.isNaN(f.heapBytes) ? '–' : (f.heapBytes / f.pairs).toFixed(0)} (${(f.heapBytes / 1e6).toFixed(1)} MB)`).join(' | ')} |`,
  );
  for (const name of base.latency.keys()) {
    const cells = figures.map((f) => {
      const l = f.latency.get(name)!;
      const ratio = f === base ? '' : ` (p99 ${(l.p99 / base.latency.get(name)!.p99).toFixed(2)}×)`;
      return `${l.p50.toFixed(2)} / ${l.p99.toFixed(2)}${ratio}`;
    });
    lines.push(`| ${name}, p50 / p99 ms | ${cells.join(' | ')} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

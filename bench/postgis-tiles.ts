/**
 * PostGIS benchmark (not a test): vector tile latency through the service vs the raw SQL of the same
 * tile, measured in the same run over the same tiles; then address lookup and search latency. Needs a
 * database loaded with `npm run db:load`:
 *
 *   DATABASE_URL=postgres://… npx tsx bench/postgis-tiles.ts [--rounds 5]
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createPool } from '../service/adapters/postgis/pool.js';
import { BUURT_SELECT } from '../service/adapters/postgis/postgis-store.js';
import { ADDRESS_TILE_SQL, BUURT_IN_TILE_WHERE, BUURT_TILE_SQL, TILE_BUFFER, TILE_EXTENT } from '../service/adapters/postgis/tile-sql.js';
import { tileProperties } from '../service/adapters/memory/tile-index.js';
import { buurtPublic } from '../service/domain/buurt-feature.js';
import { createDeps } from '../service/bootstrap.js';
import { loadConfig } from '../service/config/config.js';
import { buildApp } from '../service/http/app.js';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';

const CLI = defineCli({
  name: 'bench/postgis-tiles',
  usage: 'npx tsx bench/postgis-tiles.ts',
  summary: 'PostGIS benchmark: tile latency through the service against the raw SQL of the same tile; address lookup and search.',
  options: { rounds: { type: 'string', value: 'N', description: 'rounds over the tiles', default: '5' } },
  notes: ['Environment: DATABASE_URL (required; a database loaded with npm run db:load).'],
});
const { rounds } = parseCliOrExit(CLI, (args) => ({ rounds: numberOption(args, 'rounds', { min: 1, integer: true }) }));

const tileOf = (lon: number, lat: number, z: number): [number, number] => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
};

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** One kept-alive connection, as a browser or tile proxy would hold. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** The bench's inspector key (address routes need one), sent with every request. */
let authorization = '';

const get = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    request(url, { agent, headers: { authorization } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${url}: ${res.statusCode}`))));
    })
      .on('error', reject)
      .end();
  });

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RATE_LIMIT_KEY_PER_MIN: '10000000' });
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const deps = await createDeps(config, pino({ level: 'silent' }));
  const benchKey = await deps.access.keyAdmin.add('bench', 'inspector');
  authorization = `Bearer ${benchKey.key}`;
  const server = buildApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = createPool({ connectionString: config.databaseUrl, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  const margin = TILE_BUFFER / TILE_EXTENT;

  const { rows: points } = await raw.query<{ lon: number; lat: number }>(
    'SELECT lon, lat FROM addresses WHERE ord % 1500 = 0 ORDER BY ord',
  );
  const tiles: { layer: 'addresses' | 'buurten'; z: number; x: number; y: number }[] = [];
  for (const p of points) {
    for (const z of [15, 16, 17])
      tiles.push({
        layer: 'addresses',
        z,
        ...(Object.fromEntries(tileOf(p.lon, p.lat, z).map((v, i) => [i ? 'y' : 'x', v])) as { x: number; y: number }),
      });
    for (const z of [11, 13, 14])
      tiles.push({
        layer: 'buurten',
        z,
        ...(Object.fromEntries(tileOf(p.lon, p.lat, z).map((v, i) => [i ? 'y' : 'x', v])) as { x: number; y: number }),
      });
  }
  // Public properties of every buurt, computed once, so the raw buurten SQL runs the same statements.
  const props = JSON.stringify(
    Object.fromEntries(
      (await deps.store.listBuurten()).map(({ buurt, stats }) => [
        buurt.code,
        tileProperties({ ...buurtPublic(buurt, stats, config.suppressBelow).properties }),
      ]),
    ),
  );

  const rawMs: Record<string, number[]> = { addresses: [], buurten: [] };
  const httpMs: Record<string, number[]> = { addresses: [], buurten: [] };
  for (let r = 0; r < rounds; r += 1) {
    for (const t of tiles) {
      const t0 = performance.now();
      if (t.layer === 'addresses') await raw.query(ADDRESS_TILE_SQL, [t.z, t.x, t.y, margin]);
      else {
        await raw.query(`${BUURT_SELECT} WHERE ${BUURT_IN_TILE_WHERE} ORDER BY b.ord`, [t.z, t.x, t.y, margin]);
        await raw.query(BUURT_TILE_SQL, [t.z, t.x, t.y, props]);
      }
      const t1 = performance.now();
      const h = await get(`${base}/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.mvt`);
      if (r > 0) {
        rawMs[t.layer].push(t1 - t0);
        httpMs[t.layer].push(h);
      }
    }
  }
  const lines = ['layer      tiles  raw SQL p50/p95 ms   service p50/p95 ms   p95 ratio'];
  for (const layer of ['addresses', 'buurten']) {
    const [r50, r95, h50, h95] = [
      quantile(rawMs[layer], 0.5),
      quantile(rawMs[layer], 0.95),
      quantile(httpMs[layer], 0.5),
      quantile(httpMs[layer], 0.95),
    ];
    lines.push(
      `${layer.padEnd(10)} ${String(rawMs[layer].length).padStart(5)}  ${r50.toFixed(2).padStart(7)} / ${r95.toFixed(2).padStart(7)}    ${h50.toFixed(2).padStart(7)} / ${h95.toFixed(2).padStart(7)}     ${(h95 / r95).toFixed(2)}×`,
    );
  }
  const { rows: sample } = await raw.query<{ postcode: string; huisnummer: number; straat: string; woonplaats: string }>(
    'SELECT postcode, huisnummer, straat, woonplaats FROM addresses WHERE ord % 700 = 0 ORDER BY ord',
  );
  const searches: Record<string, (a: (typeof sample)[number]) => string> = {
    'postcode + number': (a) => `/v1/addresses?postcode=${a.postcode}&huisnummer=${a.huisnummer}`,
    'q: street + number': (a) => `/v1/addresses?q=${encodeURIComponent(`${a.straat} ${a.huisnummer}`)}`,
    'q: street prefix': (a) => `/v1/addresses?q=${encodeURIComponent(a.straat.slice(0, 4))}`,
    'q: place name': (a) => `/v1/addresses?q=${encodeURIComponent(a.woonplaats)}`,
  };
  lines.push('', 'address route              requests  service p50/p95 ms');
  for (const [name, path] of Object.entries(searches)) {
    const ms: number[] = [];
    for (let r = 0; r < 2; r += 1) for (const a of sample) ms.push(await get(`${base}${path(a)}`));
    lines.push(
      `${name.padEnd(26)} ${String(ms.length).padStart(8)}  ${quantile(ms, 0.5).toFixed(2).padStart(7)} / ${quantile(ms, 0.95).toFixed(2).padStart(7)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  agent.destroy();
  server.close();
  await raw.end();
  await deps.access.keyAdmin.revoke(benchKey.summary.id);
  await deps.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

import type pg from 'pg';
import { normaliseText } from '../../domain/address-query.js';
import { compareAddresses } from '../../domain/address-ranking.js';
import type { AddressRecord, Dataset, RegisterRecord } from '../../domain/records.js';
import { precomputeScores } from '../../domain/precompute-scores.js';
import type { RiskScorer } from '../../domain/risk-scorer.js';
import { INPUT_SPECS, registeredValues } from '../../features/inputs.js';
import { type CopyValue, copyRows } from './copy-rows.js';
import { ENTRY_SELECT, type AddressEntryRow, addressOf, registerOf } from './entry-rows.js';
import { refreshBuurtStats } from './buurt-stats-refresh.js';
import { copyEvidence } from './evidence-rows.js';

/** Progress of a load: phase, rows done and rows in total. */
export type LoadProgress = (phase: 'copy' | 'score' | 'aggregate', done: number, total: number) => void;

/** What a load did and how long each phase took. */
export interface LoadReport {
  addresses: number;
  buurten: number;
  register: number;
  copyMs: number;
  scored: number;
  scoreMs: number;
  aggregateMs: number;
  totalMs: number;
}

/** The normalised "street place" text searched by the store. */
export function searchText(a: Pick<AddressRecord, 'straat' | 'woonplaats'>): string {
  return `${normaliseText(a.straat)} ${normaliseText(a.woonplaats)}`;
}

/** Two-letter keys of the words of street and place (the memory store's word index, as an array). */
export function wordKeys(a: Pick<AddressRecord, 'straat' | 'woonplaats'>): string[] {
  const words = [...normaliseText(a.straat).split(/[\s-]+/), ...normaliseText(a.woonplaats).split(/[\s-]+/)];
  return [...new Set(words.filter((w) => w.length > 0).map((w) => w.slice(0, 2)))];
}

/** The registry's columns of each table (the input registry says which table holds an attribute). */
export const REGISTERED_COLUMNS = {
  addresses: INPUT_SPECS.filter((s) => s.table === 'addresses').map((s) => s.name),
  soil: INPUT_SPECS.filter((s) => s.table === 'soil').map((s) => s.name),
} as const;
const ADDRESS_COLUMNS = [
  'verblijfsobject_id', 'ord', 'pand_id', 'buurt_code', 'straat', 'huisnummer', 'huisletter', 'toevoeging', 'postcode',
  'woonplaats', 'lon', 'lat', 'search_text', 'word_keys', ...REGISTERED_COLUMNS.addresses,
];
const SOIL_COLUMNS = ['verblijfsobject_id', ...REGISTERED_COLUMNS.soil];
const REGISTER_COLUMNS = ['pand_id', 'onderzocht', 'onderzocht_jaar', 'kwaliteitsklasse', 'hersteld', 'hersteld_jaar', 'droogstand', 'funderingtype',
  'steekproef', 'herhaal_klasse', 'herhaal_jaar'] as const;
const SCORE_COLUMNS = ['verblijfsobject_id', 'model_version', 'probability', 'probability_stock', 'margin', 'risk_class', 'reason'] as const;

/** Replaces all data with a dataset (COPY), inside the caller's transaction. Returns rows copied. */
export async function copyDataset(client: pg.PoolClient, dataset: Dataset, onProgress: LoadProgress = () => {}): Promise<number> {
  await client.query('TRUNCATE scores, buurt_stats, soil, street_names, addresses, register, buurten, dataset_info');
  await client.query('INSERT INTO dataset_info (info) VALUES ($1)', [JSON.stringify({ ...dataset.info, version: dataset.version ?? null })]);
  for (const [ord, b] of dataset.buurten.entries()) {
    await client.query(
      `INSERT INTO buurten (code, ord, naam, wijk_code, gemeente_code, woonplaats, pc4, huishoudens, oppervlakte_ha, schematic, geojson, geom, geom_rd)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, g, ST_Transform(g, 28992)
         FROM (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($11), 4326)) AS g) AS x`,
      [b.code, ord, b.naam, b.wijkCode, b.gemeenteCode, b.woonplaats, b.pc4, b.huishoudens, b.oppervlakteHa, b.schematic, JSON.stringify(b.geometry)],
    );
  }
  // Natural address order, exactly as the memory store sorts (stable over the dataset order).
  const order = dataset.addresses.map((a, i) => ({ a, i })).sort((x, y) => compareAddresses(x.a, y.a) || x.i - y.i);
  await client.query(`CREATE TEMP TABLE addresses_stage ON COMMIT DROP AS
    SELECT ${ADDRESS_COLUMNS.join(', ')} FROM addresses WITH NO DATA`);
  let copied = await copyRows(client, 'addresses_stage', ADDRESS_COLUMNS, order.map(({ a }, ord) => {
    const row = registeredValues(a);
    return [
      a.verblijfsobjectId, ord, a.pandId, a.buurtCode, a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode,
      a.woonplaats, a.lon, a.lat, searchText(a), wordKeys(a), ...REGISTERED_COLUMNS.addresses.map((c) => row[c] as CopyValue),
    ];
  }));
  await client.query(`INSERT INTO addresses (${ADDRESS_COLUMNS.join(', ')}, geom, geom_rd)
    SELECT ${ADDRESS_COLUMNS.join(', ')}, p, ST_Transform(p, 28992)
      FROM (SELECT *, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS p FROM addresses_stage) AS s`);
  await client.query(`INSERT INTO street_names (straat, woonplaats, search_text, word_keys, n)
    SELECT straat, woonplaats, min(search_text), min(word_keys), count(*)::int FROM addresses GROUP BY straat, woonplaats`);
  onProgress('copy', copied, dataset.addresses.length);
  copied += await copyRows(client, 'soil', SOIL_COLUMNS, dataset.addresses.map((a) => {
    const row = registeredValues(a);
    return [a.verblijfsobjectId, ...REGISTERED_COLUMNS.soil.map((c) => row[c] as CopyValue)];
  }));
  // The last row of a pand wins, as in the memory store's Map.
  const register = [...new Map(dataset.register.map((r) => [r.pandId, r] as const)).values()];
  copied += await copyRows(client, 'register', REGISTER_COLUMNS, register.map((r) => [
    r.pandId, r.onderzocht, r.onderzochtJaar, r.kwaliteitsklasse, r.hersteld, r.herstelJaar, r.droogstand, r.funderingtype,
    r.steekproef, r.herhaalKlasse, r.herhaalJaar,
  ]));
  await client.query('TRUNCATE nummeraanduidingen');
  await copyRows(client, 'nummeraanduidingen', ['nummeraanduiding_id', 'verblijfsobject_id'], (dataset.nummeraanduidingen ?? []).map((l) => [l.nummeraanduidingId, l.verblijfsobjectId]));
  // The neighbourhood evidence per pand at the reference year, which scoring (below) and the request path read.
  copied += await copyEvidence(client, dataset);
  await client.query('ANALYZE addresses');
  return copied;
}

/** Registers the scorer's model as the current one. */
async function registerModel(client: pg.PoolClient, scorer: RiskScorer, manifest: unknown): Promise<void> {
  await client.query(`INSERT INTO models (version, manifest) VALUES ($1, $2)
    ON CONFLICT (version) DO UPDATE SET manifest = EXCLUDED.manifest`, [scorer.modelVersion, JSON.stringify(manifest)]);
  await client.query('UPDATE models SET is_current = false WHERE is_current AND version <> $1', [scorer.modelVersion]);
  await client.query('UPDATE models SET is_current = true WHERE version = $1', [scorer.modelVersion]);
}

/**
 * Scores every address with the scorer's model in batches of `batchSize` (read by keyset on the
 * natural order, scored, written with COPY), inside the caller's transaction. Returns rows scored.
 */
export async function scoreAll(client: pg.PoolClient, scorer: RiskScorer, manifest: unknown, batchSize: number, onProgress: LoadProgress = () => {}): Promise<number> {
  await registerModel(client, scorer, manifest);
  await client.query('DELETE FROM scores');
  const total = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM addresses')).rows[0].n);
  let after = -1;
  let done = 0;
  for (;;) {
    const { rows } = await client.query<AddressEntryRow>(`${ENTRY_SELECT} WHERE a.ord > $1 ORDER BY a.ord LIMIT $2`, [after, batchSize]);
    if (rows.length === 0) break;
    const addresses = rows.map(addressOf);
    const registerByPand = new Map<string, RegisterRecord>();
    for (const r of rows) {
      const reg = registerOf(r);
      if (reg) registerByPand.set(reg.pandId, reg);
    }
    const scores = await precomputeScores(scorer, addresses, registerByPand);
    await copyRows(client, 'scores', SCORE_COLUMNS, scores.map((s, i) => [
      addresses[i].verblijfsobjectId, s.modelVersion, s.probability, s.probabilityStock, s.margin, s.riskClass, s.reason,
    ]));
    done += rows.length;
    after = rows[rows.length - 1].ord;
    onProgress('score', done, total);
  }
  return done;
}

/**
 * Loads a dataset and scores it in ONE transaction: a failure anywhere leaves the previous data in
 * place. Then the buurt aggregates are refreshed (same transaction).
 */
export async function loadDataset(pool: pg.Pool, dataset: Dataset, scorer: RiskScorer, manifest: unknown, options: { batchSize: number; onProgress?: LoadProgress }): Promise<LoadReport> {
  const onProgress = options.onProgress ?? (() => {});
  const client = await pool.connect();
  const t0 = Date.now();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    await copyDataset(client, dataset, onProgress);
    const t1 = Date.now();
    const scored = await scoreAll(client, scorer, manifest, options.batchSize, onProgress);
    const t2 = Date.now();
    await refreshBuurtStats(client, onProgress, scorer.stockCovariance);
    await client.query('COMMIT');
    const t3 = Date.now();
    return {
      addresses: dataset.addresses.length, buurten: dataset.buurten.length, register: dataset.register.length,
      copyMs: t1 - t0, scored, scoreMs: t2 - t1, aggregateMs: t3 - t2, totalMs: t3 - t0,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

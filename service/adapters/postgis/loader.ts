import type pg from 'pg';
import type { Dataset } from '../../domain/records.js';
import type { RiskScorer } from '../../domain/risk-scorer.js';
import { copyRows } from './copy-rows.js';
import { memorySource } from './dataset-source.js';
import {
  ADDRESS_COPY_COLUMNS,
  type LoadProgress,
  NUMMERAANDUIDING_COPY_COLUMNS,
  REGISTER_COPY_COLUMNS,
  SOIL_COPY_COLUMNS,
  addressCopyRow,
  nummeraanduidingCopyRow,
  registerCopyRow,
  soilCopyRow,
} from './load-rows.js';
import { type StagedLoadReport, stagedLoad } from './staged-load.js';
import { copyEvidence } from './evidence-rows.js';

export type { LoadProgress, LoadReport } from './load-rows.js';
export { REGISTERED_COLUMNS } from './load-rows.js';
export { searchText, wordKeys } from './search-keys.js';

/**
 * Writes a dataset straight into the live tables inside the caller's transaction, without scores or
 * aggregates: the round-trip check of the input registry (test/contract/input-registry.test.ts) uses it.
 * The service loads through {@link loadDataset} / stagedLoad; both take their columns from load-rows.ts.
 */
export async function copyDataset(client: pg.PoolClient, dataset: Dataset): Promise<number> {
  await client.query(
    'TRUNCATE scores, buurt_stats, soil, street_names, addresses, register, buurten, dataset_info, nummeraanduidingen, evidence',
  );
  await client.query('INSERT INTO dataset_info (info) VALUES ($1)', [
    JSON.stringify({ ...dataset.info, version: dataset.version ?? null }),
  ]);
  for (const [ord, b] of dataset.buurten.entries()) {
    await client.query(
      `INSERT INTO buurten (code, ord, naam, wijk_code, gemeente_code, woonplaats, pc4, huishoudens, oppervlakte_ha, schematic, geojson, geom, geom_rd)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, g, ST_Transform(g, 28992)
         FROM (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($11), 4326)) AS g) AS x`,
      [
        b.code,
        ord,
        b.naam,
        b.wijkCode,
        b.gemeenteCode,
        b.woonplaats,
        b.pc4,
        b.huishoudens,
        b.oppervlakteHa,
        b.schematic,
        JSON.stringify(b.geometry),
      ],
    );
  }
  const cols = ADDRESS_COPY_COLUMNS.join(', ');
  await client.query(`CREATE TEMP TABLE addresses_copy ON COMMIT DROP AS SELECT 0 AS ord, ${cols} FROM addresses WITH NO DATA`);
  let copied = await copyRows(
    client,
    'addresses_copy',
    ['ord', ...ADDRESS_COPY_COLUMNS],
    dataset.addresses.map((a, i) => [i, ...addressCopyRow(a)]),
  );
  await client.query(`INSERT INTO addresses (ord, ${cols}, geom, geom_rd)
    SELECT ord, ${cols}, p, ST_Transform(p, 28992) FROM (SELECT *, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS p FROM addresses_copy) AS s`);
  copied += await copyRows(client, 'soil', [...SOIL_COPY_COLUMNS], dataset.addresses.map(soilCopyRow));
  const register = [...new Map(dataset.register.map((r) => [r.pandId, r] as const)).values()];
  copied += await copyRows(client, 'register', [...REGISTER_COPY_COLUMNS], register.map(registerCopyRow));
  copied += await copyRows(
    client,
    'nummeraanduidingen',
    [...NUMMERAANDUIDING_COPY_COLUMNS],
    (dataset.nummeraanduidingen ?? []).map(nummeraanduidingCopyRow),
  );
  // The neighbourhood evidence per pand at the reference year, which the request path reads.
  copied += await copyEvidence(client, dataset);
  return copied;
}

/**
 * Loads an in-memory dataset and scores it through the staged loader (staged-load.ts): everything is
 * built in a staging schema and swapped in with one short transaction, so a failure anywhere leaves the
 * previous data in place and readers keep answering the old data while it runs. The staging schema is
 * dropped on failure (no resume for data that has no folder).
 */
export async function loadDataset(
  pool: pg.Pool,
  dataset: Dataset,
  scorer: RiskScorer,
  manifest: unknown,
  options: { batchSize: number; onProgress?: LoadProgress },
): Promise<StagedLoadReport> {
  return stagedLoad(pool, { kind: 'full', source: memorySource(dataset) }, scorer, manifest, {
    batchSize: options.batchSize,
    onProgress: options.onProgress,
    resumable: false,
  });
}

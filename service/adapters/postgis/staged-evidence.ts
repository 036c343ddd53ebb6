/**
 * The neighbourhood evidence of a staged load (migration 012), computed tile by tile so that the loader's
 * memory does not grow with the country (issue 19: one index over 10 M addresses took the loader to 2.9 GB).
 *
 * The counts are those of one {@link NeighbourhoodIndex} over every staged building (its first address in
 * input order) and the staged register, as the memory store computes them (`withNeighbourhoodEvidence`): a
 * pand's counts depend only on register-known panden within {@link EVIDENCE_RADIUS_M} and on the members of
 * its block. So each square tile of {@link TILE_M} metres gets an index of its own buildings, every building
 * within the radius of the tile (plus a metre for rounding) and every member of its buildings' blocks, with the
 * whole set's mean latitude as the projection centre: the same distances, so the same counts, exactly.
 */
import type pg from 'pg';
import type { RegisterRecord, RiskClass } from '../../domain/records.js';
import { EVIDENCE_M_PER_DEG_LAT, EVIDENCE_RADIUS_M, NeighbourhoodIndex } from '../../features/evidence.js';
import type { Funderingtype } from '../../features/feature-spec.js';
import { copyRows } from './copy-rows.js';
import { EVIDENCE_COLUMNS } from './evidence-rows.js';
import { type LoadProgress, REGISTER_COPY_COLUMNS } from './load-rows.js';

/** Side of a tile (m): a few thousand buildings in a city centre, far more than the radius. */
export const TILE_M = 5_000;
/** Slack (m) on the radius for the SQL's and JavaScript's projections differing in the last bits. */
const SLACK_M = 1;

interface TileRow {
  pand_id: string;
  bouwblok_id: string | null;
  lon: number;
  lat: number;
  target: boolean;
  has_register: boolean;
  onderzocht: boolean;
  onderzocht_jaar: number | null;
  kwaliteitsklasse: string | null;
  hersteld: boolean;
  hersteld_jaar: number | null;
  droogstand: boolean | null;
  funderingtype: string | null;
  steekproef: boolean;
  herhaal_klasse: string | null;
  herhaal_jaar: number | null;
}

const registerOfRow = (r: TileRow): RegisterRecord => ({
  pandId: r.pand_id,
  onderzocht: r.onderzocht,
  onderzochtJaar: r.onderzocht_jaar,
  kwaliteitsklasse: r.kwaliteitsklasse as RiskClass | null,
  hersteld: r.hersteld,
  herstelJaar: r.hersteld_jaar,
  droogstand: r.droogstand,
  funderingtype: r.funderingtype as Funderingtype | null,
  steekproef: r.steekproef,
  herhaalKlasse: r.herhaal_klasse as RiskClass | null,
  herhaalJaar: r.herhaal_jaar,
});

/**
 * Fills `S.evidence` for the staged panden at the reference year, inside the caller's transaction, with the
 * search path on the staging schema. `addresses_in` holds the staged addresses with their input order
 * (`seq`); rows with `seq >= sourceSeq` came from the source. With `freshOnly`, only the panden of source rows
 * are computed (a gemeente load; the caller carries the other panden's rows over). Returns rows written.
 */
export async function stageEvidenceTiled(
  client: pg.PoolClient,
  S: string,
  year: number,
  sourceSeq: number,
  freshOnly: boolean,
  tileM = TILE_M,
  onProgress: LoadProgress = () => {},
): Promise<number> {
  // One row per pand: its first address in input order, as the memory store takes it.
  await client.query(`DROP TABLE IF EXISTS ${S}.evidence_buildings`);
  await client.query(
    `CREATE UNLOGGED TABLE ${S}.evidence_buildings AS
    SELECT pand_id, bouwblok_id, lon, lat, seq, seq >= $1 AS fresh, 0::float8 AS x, 0::float8 AS y, 0 AS tx, 0 AS ty
      FROM (SELECT DISTINCT ON (pand_id) pand_id, bouwblok_id, lon, lat, seq FROM ${S}.addresses_in
             WHERE pand_id IS NOT NULL ORDER BY pand_id, seq) AS f`,
    [sourceSeq],
  );
  // The projection centre of one index over them all: their mean latitude, summed in input order as
  // `meanLatitude` sums it (float8 addition in the same order gives the same number).
  const { rows: meanRows } = await client.query<{ lat0: number | null; n: number }>(
    `SELECT sum(lat ORDER BY seq) / count(*) AS lat0, count(*)::int AS n FROM ${S}.evidence_buildings`,
  );
  if (meanRows[0].n === 0) return 0;
  const lat0 = Number(meanRows[0].lat0);
  const kx = EVIDENCE_M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  await client.query(
    `UPDATE ${S}.evidence_buildings SET x = lon * $1::float8, y = lat * $2::float8,
       tx = floor(lon * $1::float8 / $3)::int, ty = floor(lat * $2::float8 / $3)::int`,
    [kx, EVIDENCE_M_PER_DEG_LAT, tileM],
  );
  await client.query(`CREATE INDEX ON ${S}.evidence_buildings (tx, ty)`);
  await client.query(`CREATE INDEX ON ${S}.evidence_buildings (bouwblok_id) WHERE bouwblok_id IS NOT NULL`);
  await client.query(`ANALYZE ${S}.evidence_buildings`);
  const { rows: tiles } = await client.query<{ tx: number; ty: number }>(
    `SELECT DISTINCT tx, ty FROM ${S}.evidence_buildings ${freshOnly ? 'WHERE fresh' : ''} ORDER BY tx, ty`,
  );
  const reach = EVIDENCE_RADIUS_M + SLACK_M;
  const regCols = REGISTER_COPY_COLUMNS.filter((c) => c !== 'pand_id')
    .map((c) => `r.${c}`)
    .join(', ');
  let written = 0;
  let tilesDone = 0;
  for (const { tx, ty } of tiles) {
    // The tile's buildings (targets), the buildings within reach of the tile, and their blocks' members.
    const { rows } = await client.query<TileRow>(
      `WITH t AS (SELECT * FROM ${S}.evidence_buildings WHERE tx = $1 AND ty = $2),
            near AS (SELECT * FROM ${S}.evidence_buildings
                      WHERE tx BETWEEN $1 - 1 AND $1 + 1 AND ty BETWEEN $2 - 1 AND $2 + 1
                        AND x >= $1 * $3::float8 - $4 AND x < ($1 + 1) * $3::float8 + $4
                        AND y >= $2 * $3::float8 - $4 AND y < ($2 + 1) * $3::float8 + $4),
            blocks AS (SELECT b.* FROM ${S}.evidence_buildings b
                        WHERE b.bouwblok_id IN (SELECT bouwblok_id FROM t WHERE bouwblok_id IS NOT NULL)),
            every AS (SELECT * FROM near UNION SELECT * FROM blocks)
       SELECT e.pand_id, e.bouwblok_id, e.lon, e.lat, (e.tx = $1 AND e.ty = $2 ${freshOnly ? 'AND e.fresh' : ''}) AS target,
              r.pand_id IS NOT NULL AS has_register, ${regCols}
         FROM every e LEFT JOIN ${S}.register r ON r.pand_id = e.pand_id
        ORDER BY e.seq`,
      [tx, ty, tileM, reach],
    );
    const index = new NeighbourhoodIndex(
      rows.map((b) => ({ pandId: b.pand_id, bouwblokId: b.bouwblok_id, lon: b.lon, lat: b.lat })),
      rows.filter((r) => r.has_register).map(registerOfRow),
      EVIDENCE_RADIUS_M,
      lat0,
    );
    written += await copyRows(
      client,
      'evidence',
      ['pand_id', ...EVIDENCE_COLUMNS.map(([, col]) => col)],
      rows
        .filter((b) => b.target)
        .map((b) => {
          const e = index.evidenceFor(b.pand_id, year);
          return [b.pand_id, ...EVIDENCE_COLUMNS.map(([k]) => e[k])];
        }),
    );
    onProgress('evidence', ++tilesDone, tiles.length);
  }
  await client.query(`DROP TABLE ${S}.evidence_buildings`);
  return written;
}

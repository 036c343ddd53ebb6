/**
 * Tile SQL. Geometry is kept in EPSG:4326; the tile envelope (Web Mercator) is transformed to 4326 for
 * the GiST-indexed `ST_Intersects`, features are transformed to 3857 for `ST_AsMVTGeom`. The envelope
 * filter carries the same 64/4096 buffer as the memory store's tiles. Parameters: $1 z, $2 x, $3 y,
 * $4 margin (fraction of the tile).
 */
export const TILE_EXTENT = 4096;
/** Buffer around a tile, in tile units (as geojson-vt's `buffer`). */
export const TILE_BUFFER = 64;

/** Address points with id, class and probability (stock scale, else survey scale: the class's scale) rounded to 3 decimals ($1..$4). */
function addressTileSql(withProbability: boolean): string {
  // The probability on the scale the class is on: stock when the model has one, else survey.
  const probability = withProbability ? ', floor(coalesce(s.probability_stock, s.probability) * 1000 + 0.5) / 1000 AS probability' : '';
  return `
WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS tile, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => $4), 4326) AS filter),
mvt AS (
  SELECT ST_AsMVTGeom(ST_Transform(a.geom, 3857), env.tile, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom,
         a.verblijfsobject_id AS id, s.risk_class AS "riskClass"${probability}
    FROM env
    JOIN addresses a ON ST_Intersects(a.geom, env.filter)
    LEFT JOIN scores s ON s.verblijfsobject_id = a.verblijfsobject_id
)
SELECT ST_AsMVT(mvt.*, 'addresses', ${TILE_EXTENT}, 'geom') AS tile FROM mvt WHERE geom IS NOT NULL`;
}

export const ADDRESS_TILE_SQL = addressTileSql(true);

/** Address points with id and class only, for planners ($1..$4). */
export const ADDRESS_CLASS_TILE_SQL = addressTileSql(false);

/** WHERE clause (on `buurten b`) for the buurten touching a tile ($1..$4). */
export const BUURT_IN_TILE_WHERE = 'ST_Intersects(b.geom, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => $4), 4326))';

/** Buurt polygons with their public properties, given as a jsonb object keyed by buurt code ($1..$3, $4 props). */
export const BUURT_TILE_SQL = `
WITH props AS (SELECT key AS code, value AS props FROM jsonb_each($4::jsonb)),
mvt AS (
  SELECT ST_AsMVTGeom(ST_Transform(b.geom, 3857), ST_TileEnvelope($1, $2, $3), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom, props.props
    FROM props JOIN buurten b ON b.code = props.code
   ORDER BY b.ord
)
SELECT ST_AsMVT(mvt.*, 'buurten', ${TILE_EXTENT}, 'geom') AS tile FROM mvt WHERE geom IS NOT NULL`;

/**
 * An overview layer (gemeenten or wijken): the buurten touching the tile collected per area (not
 * dissolved, as the memory store does) with the area's public properties ($1..$3, $4 margin, $5 props
 * keyed by area code).
 */
export function areaTileSql(level: 'gemeente' | 'wijk'): string {
  const column = level === 'gemeente' ? 'b.gemeente_code' : 'b.wijk_code';
  const layer = level === 'gemeente' ? 'gemeenten' : 'wijken';
  return `
WITH props AS (SELECT key AS code, value AS props FROM jsonb_each($5::jsonb)),
areas AS (
  SELECT ${column} AS code, ST_Collect(b.geom ORDER BY b.ord) AS geom FROM buurten b
   WHERE ST_Intersects(b.geom, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => $4), 4326)) GROUP BY ${column}
),
mvt AS (
  SELECT ST_AsMVTGeom(ST_Transform(areas.geom, 3857), ST_TileEnvelope($1, $2, $3), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom, props.props
    FROM areas JOIN props ON props.code = areas.code ORDER BY areas.code
)
SELECT ST_AsMVT(mvt.*, '${layer}', ${TILE_EXTENT}, 'geom') AS tile FROM mvt WHERE geom IS NOT NULL`;
}

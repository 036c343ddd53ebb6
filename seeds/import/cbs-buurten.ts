/**
 * Imports CBS buurten (GeoJSON from a file or a PDOK OGC API Features URL) in WGS84 or RD New into
 * {@link BuurtRecord}s. Errors name the file or URL, the feature and the field.
 */
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import type { BuurtRecord } from '../../service/domain/records.js';
import { type Crs, rdToWgs84, reprojectGeometry } from '../../service/geo/rd-new.js';
import { round } from '../random.js';
import { buurtFact, woonplaatsOf, ZAANSTAD_GEMEENTE } from '../zaanstad-facts.js';
import { readCbsProperties } from './cbs-properties.js';
import { readFeatureSource } from './geojson-source.js';

/** Options of a buurten import. */
export interface BuurtenImportOptions {
  /** Forces the input CRS (CLI `--crs`), overriding what the source declares. */
  crs?: Crs;
  progress?: (message: string) => void;
}

type Geometry = BuurtRecord['geometry'];

function checkGeometry(origin: string, where: string, g: unknown): Geometry {
  const geom = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geom || typeof geom !== 'object') throw new DatasetError(origin, where, 'geometry', 'missing geometry');
  if (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon') {
    throw new DatasetError(origin, where, 'geometry.type', `expected Polygon or MultiPolygon, got ${String(geom.type)}`);
  }
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as unknown;
  const ok =
    Array.isArray(polys) &&
    polys.length > 0 &&
    polys.every(
      (p) =>
        Array.isArray(p) &&
        p.length > 0 &&
        p.every(
          (ring) =>
            Array.isArray(ring) &&
            ring.length >= 4 &&
            ring.every((pos) => Array.isArray(pos) && pos.length >= 2 && pos.every((v) => typeof v === 'number' && Number.isFinite(v))),
        ),
    );
  if (!ok) throw new DatasetError(origin, where, 'geometry.coordinates', `not a valid ${geom.type} (rings of at least 4 [x, y] positions)`);
  return geom as Geometry;
}

function firstPosition(g: Geometry): number[] {
  return g.type === 'Polygon' ? g.coordinates[0][0] : g.coordinates[0][0][0];
}

function toWgs84(origin: string, where: string, g: Geometry, crs: Crs): Geometry {
  const [x, y] = firstPosition(g);
  const looksRd = Math.abs(x) > 360 || Math.abs(y) > 90;
  if (crs === 'EPSG:4326' && looksRd) {
    throw new DatasetError(
      origin,
      where,
      'geometry.coordinates',
      'coordinates look like RD New metres; declare the CRS (crs member or --crs EPSG:28992)',
    );
  }
  if (crs === 'EPSG:28992' && !looksRd) {
    throw new DatasetError(origin, where, 'geometry.coordinates', 'coordinates look like degrees, but the CRS is RD New (EPSG:28992)');
  }
  // EPSG:4326 by its authority (OGC API `Content-Crs` …/EPSG/0/4326, urn:ogc:def:crs:EPSG::4326) is
  // latitude first. In the Netherlands longitude (3–8) and latitude (50–54) never overlap, so the order
  // of degree coordinates is unambiguous: swap lat/lon positions, refuse anything outside the country.
  const latFirst = crs === 'EPSG:4326' && inNetherlands([y, x]) && !inNetherlands([x, y]);
  const convert =
    crs === 'EPSG:28992'
      ? rdToWgs84
      : latFirst
        ? (p: readonly number[]) => [p[1], p[0]] as [number, number]
        : (p: readonly number[]) => [p[0], p[1]] as [number, number];
  const out = reprojectGeometry(g, (p) => convert(p).map((v) => round(v, 7)) as [number, number]);
  if (!inNetherlands(firstPosition(out))) {
    throw new DatasetError(
      origin,
      where,
      'geometry.coordinates',
      `position ${firstPosition(g).join(', ')} does not lie in the Netherlands (lon 3.2–7.3, lat 50.7–53.6) in ${crs}`,
    );
  }
  return out;
}

/** True when a lon/lat position lies in a box around the Netherlands. */
function inNetherlands([lon, lat]: readonly number[]): boolean {
  return lon >= 3.2 && lon <= 7.3 && lat >= 50.7 && lat <= 53.6;
}

/** Imports buurten from a GeoJSON file or OGC API Features URL. Throws {@link DatasetError}. */
export async function importBuurten(source: string, options: BuurtenImportOptions = {}): Promise<BuurtRecord[]> {
  const read = await readFeatureSource(source, options.progress);
  const crs: Crs = options.crs ?? read.declaredCrs ?? 'EPSG:4326';
  const seen = new Map<string, string>();
  const buurten = read.features.map(({ feature, origin, index }) => {
    const where = `feature ${index}`;
    const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
    if (!f || typeof f !== 'object' || f.type !== 'Feature') throw new DatasetError(origin, where, 'type', 'expected a GeoJSON Feature');
    if (!f.properties || typeof f.properties !== 'object') throw new DatasetError(origin, where, 'properties', 'missing properties');
    const props = readCbsProperties(f.properties as Record<string, unknown>);
    if ('field' in props) throw new DatasetError(origin, where, `properties.${props.field}`, props.message);
    const geometry = toWgs84(origin, where, checkGeometry(origin, where, f.geometry), crs);
    if (seen.has(props.code))
      throw new DatasetError(origin, where, 'properties.code', `duplicate buurt ${props.code} (also ${seen.get(props.code)})`);
    seen.set(props.code, where);
    const fact = buurtFact(props.code);
    const gemeenteCode = props.gemeenteCode ?? `GM${props.code.slice(2, 6)}`;
    const pc4 = props.pc4 ?? fact?.pc4 ?? null;
    if (!pc4) throw new DatasetError(origin, where, 'properties.postcode', 'missing dominant PC4 (postcode)');
    const woonplaats = props.woonplaats ?? (gemeenteCode === ZAANSTAD_GEMEENTE ? woonplaatsOf(props.code) : (props.gemeenteNaam ?? ''));
    const record: BuurtRecord = {
      code: props.code,
      naam: props.naam,
      wijkCode: props.wijkCode ?? `WK${props.code.slice(2, 8)}`,
      gemeenteCode,
      woonplaats,
      pc4,
      huishoudens: props.huishoudens === null ? null : Math.round(props.huishoudens),
      oppervlakteHa: props.oppervlakteHa,
      schematic: false,
      geometry,
    };
    return record;
  });
  if (buurten.length === 0) throw new DatasetError(source, null, 'features', 'no buurten in the source');
  return buurten.sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * PDOK's BAG layout and its conversion to the dataset's address rows.
 *
 * Layers (OGC API collections, GeoPackage tables): `verblijfsobject` (points), `pand` (polygons),
 * `ligplaats` and `standplaats` (polygons). Field names as PDOK publishes them (see seeds/README.md,
 * "BAG import"): `identificatie`, `status`, `gebruiksdoel`, `oppervlakte`, `hoofdadres_identificatie`
 * (the nummeraanduiding), `huisnummer`, `huisletter`, `toevoeging`, `postcode`, `openbare_ruimte_naam`,
 * `woonplaats_naam`, `pand_identificatie`, `bouwjaar`, `nevenadressen`.
 *
 * The construction year comes from the pand (the verblijfsobject's own `bouwjaar` copy only when the
 * pand is not in the extract); ligplaatsen and standplaatsen become addresses without a building.
 * Objects whose status says they ended or never existed are left out. Errors name source, feature and field.
 */
import { DatasetError } from '../../../service/adapters/dataset/dataset-files.js';
import { type BagObjectType, bagIdOf } from '../../../service/domain/bag-id.js';
import { POSTCODE_PATTERN, TOEVOEGING_PATTERN } from '../../../service/domain/ids.js';
import type { AddressRecord, BuurtRecord } from '../../../service/domain/records.js';
import { rdToWgs84 } from '../../../service/geo/rd-new.js';
import { pointInGeometry, signedArea } from '../../geometry.js';
import { round } from '../../random.js';

export const BAG_LAYERS = ['verblijfsobject', 'pand', 'ligplaats', 'standplaats'] as const;
export type BagLayer = (typeof BAG_LAYERS)[number];

/** One feature or row of a BAG layer, with where it came from. */
export interface BagRow {
  /** File, URL or `FILE table T`. */
  origin: string;
  /** `feature N` or `row N`. */
  where: string;
  props: Record<string, unknown>;
  /** GeoJSON-like geometry in the source's coordinates (RD New metres or WGS84 degrees). */
  geometry: { type: string; coordinates: unknown } | null;
}

export type BagLayers = Record<BagLayer, BagRow[]>;

/** nummeraanduiding id → the addressable object (verblijfsobject, ligplaats, standplaats) it belongs to. */
export interface NummeraanduidingLink {
  nummeraanduidingId: string;
  verblijfsobjectId: string;
}

export interface BagImport {
  addresses: AddressRecord[];
  nummeraanduidingen: NummeraanduidingLink[];
  /** Objects left out: ended status, or outside every buurt. */
  skipped: { ended: number; outside: number };
}

/** Statuses of objects that no longer (or never did) exist (BAG catalogus 2018 status values). */
const ENDED = new Set([
  'verblijfsobject ingetrokken',
  'niet gerealiseerd verblijfsobject',
  'verblijfsobject ten onrechte opgevoerd',
  'plaats ingetrokken',
  'plaats ten onrechte opgevoerd',
]);

const TYPE_OF: Record<Exclude<BagLayer, 'pand'>, BagObjectType> = {
  verblijfsobject: 'Verblijfsobject',
  ligplaats: 'Ligplaats',
  standplaats: 'Standplaats',
};

const fail = (row: BagRow, field: string | null, detail: string): never => {
  throw new DatasetError(row.origin, row.where, field, detail);
};

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function text(row: BagRow, field: string, required: boolean): string | null {
  const v = row.props[field];
  if (blank(v)) return required ? fail(row, field, 'missing') : null;
  if (typeof v !== 'string' && typeof v !== 'number') return fail(row, field, `expected text, got ${JSON.stringify(v)}`);
  return String(v).trim();
}

const notAnId = (v: unknown, type: BagObjectType) =>
  `"${String(v)}" is not a BAG ${type.toLowerCase()} id (16 digits, NL.IMBAG.${type}.… or its URI)`;

function id(row: BagRow, field: string, type: BagObjectType, required: true): string;
function id(row: BagRow, field: string, type: BagObjectType, required: false): string | null;
function id(row: BagRow, field: string, type: BagObjectType, required: boolean): string | null {
  const v = row.props[field];
  if (blank(v)) return required ? fail(row, field, 'missing') : null;
  return bagIdOf(v, type) ?? fail(row, field, notAnId(v, type));
}

/** All ids of a list field (`pand_identificatie`, `nevenadressen`: one id, a JSON array or comma-separated). */
function ids(row: BagRow, field: string, type: BagObjectType): string[] {
  const v = row.props[field];
  if (blank(v)) return [];
  const parts = Array.isArray(v)
    ? v
    : String(v)
        .replace(/^\[|\]$/g, '')
        .split(/[,;\s]+/)
        .map((s) => s.replace(/^"|"$/g, ''))
        .filter(Boolean);
  return parts.map((p) => bagIdOf(p, type) ?? fail(row, field, notAnId(p, type)));
}

function integer(row: BagRow, field: string, min: number, max: number, required: boolean): number | null {
  const v = row.props[field];
  if (blank(v)) return required ? fail(row, field, 'missing') : null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isInteger(n) || n < min || n > max)
    return fail(row, field, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The representative point of a geometry in source coordinates: the point itself, or the area centroid of the largest ring. */
function pointOf(row: BagRow): [number, number] {
  const g = row.geometry;
  if (!g) return fail(row, 'geometry', 'missing geometry');
  const c = g.coordinates;
  const pos = (p: unknown) => Array.isArray(p) && p.length >= 2 && isNum(p[0]) && isNum(p[1]);
  if (g.type === 'Point') return pos(c) ? [(c as number[])[0], (c as number[])[1]] : fail(row, 'geometry.coordinates', 'not a valid Point');
  const polys = g.type === 'Polygon' ? [c] : g.type === 'MultiPolygon' ? c : null;
  if (!Array.isArray(polys)) return fail(row, 'geometry.type', `expected Point, Polygon or MultiPolygon, got ${String(g.type)}`);
  const rings = polys.map((p) => (Array.isArray(p) ? p[0] : null));
  if (rings.length === 0 || !rings.every((r) => Array.isArray(r) && r.length >= 4 && r.every(pos)))
    return fail(row, 'geometry.coordinates', `not a valid ${g.type}`);
  const ring = (rings as number[][][]).reduce((a, b) => (Math.abs(signedArea(b)) > Math.abs(signedArea(a)) ? b : a));
  const [x0, y0] = ring[0];
  let a = 0,
    cx = 0,
    cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = [ring[i][0] - x0, ring[i][1] - y0];
    const [x2, y2] = [ring[i + 1][0] - x0, ring[i + 1][1] - y0];
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (a === 0) return fail(row, 'geometry.coordinates', 'polygon has no area');
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}

const inNl = (lon: number, lat: number) => lon >= 3.2 && lon <= 7.3 && lat >= 50.7 && lat <= 53.6;

/** WGS84 lon/lat (7 decimals) of a source point: RD New metres are converted, degrees taken as lon/lat (or lat/lon). */
function toLonLat(row: BagRow, [x, y]: [number, number]): [number, number] {
  const rd = Math.abs(x) > 360 || Math.abs(y) > 90;
  let [lon, lat] = rd ? rdToWgs84([x, y]) : inNl(x, y) ? [x, y] : [y, x];
  lon = round(lon, 7);
  lat = round(lat, 7);
  if (!inNl(lon, lat)) fail(row, 'geometry.coordinates', `position ${x}, ${y} does not lie in the Netherlands (as RD New or WGS84)`);
  return [lon, lat];
}

const HUISLETTER = /^[A-Za-z]$/;
const TOEVOEGING = TOEVOEGING_PATTERN;
const POSTCODE = POSTCODE_PATTERN;

/**
 * Converts the four layers to address rows inside the buurten (sorted by id, so every source of the same
 * records gives the same rows) and the nummeraanduiding → object links. Throws {@link DatasetError}.
 */
export function bagToAddresses(layers: BagLayers, buurten: readonly BuurtRecord[]): BagImport {
  const panden = new Map<string, number | null>();
  for (const row of layers.pand) {
    const pid = id(row, 'identificatie', 'Pand', true);
    if (panden.has(pid)) fail(row, 'identificatie', `duplicate pand ${pid}`);
    const year = integer(row, 'bouwjaar', 1000, 9999, false);
    // BAG uses 9999 (and years far ahead) for "unknown"; such a year is no construction year
    panden.set(pid, year !== null && year <= 2100 ? year : null);
  }
  const byId = new Map<string, AddressRecord>();
  const links = new Map<string, string>();
  const woningen = new Map<string, number>();
  const skipped = { ended: 0, outside: 0 };
  for (const layer of ['verblijfsobject', 'ligplaats', 'standplaats'] as const) {
    for (const row of layers[layer]) {
      const oid = id(row, 'identificatie', TYPE_OF[layer], true);
      const status = text(row, 'status', false);
      if (status && ENDED.has(status.toLowerCase())) {
        skipped.ended++;
        continue;
      }
      if (byId.has(oid)) fail(row, 'identificatie', `duplicate id ${oid}`);
      const [lon, lat] = toLonLat(row, pointOf(row));
      const buurt = buurten.find((b) => pointInGeometry(lon, lat, b.geometry));
      if (!buurt) {
        skipped.outside++;
        continue;
      }
      const postcode = text(row, 'postcode', true)!.replace(/\s+/g, '').toUpperCase();
      if (!POSTCODE.test(postcode)) fail(row, 'postcode', `expected a Dutch postcode like 1506AB, got "${postcode}"`);
      const huisletter = text(row, 'huisletter', false);
      if (huisletter !== null && !HUISLETTER.test(huisletter)) fail(row, 'huisletter', `expected one letter, got "${huisletter}"`);
      const toevoeging = text(row, 'toevoeging', false);
      if (toevoeging !== null && !TOEVOEGING.test(toevoeging))
        fail(row, 'toevoeging', `expected up to 4 letters or digits, got "${toevoeging}"`);
      const pandIds = layer === 'verblijfsobject' ? ids(row, 'pand_identificatie', 'Pand') : [];
      const pandId = pandIds[0] ?? null;
      let bouwjaar = pandId !== null && panden.has(pandId) ? panden.get(pandId)! : null;
      if (pandId !== null && !panden.has(pandId)) {
        const own = integer(row, 'bouwjaar', 1000, 9999, false);
        bouwjaar = own !== null && own <= 2100 ? own : null;
      }
      if (pandId !== null && /woonfunctie/i.test(String(row.props.gebruiksdoel ?? '')))
        woningen.set(pandId, (woningen.get(pandId) ?? 0) + 1);
      for (const nid of [
        id(row, 'hoofdadres_identificatie', 'Nummeraanduiding', false),
        ...ids(row, 'nevenadressen', 'Nummeraanduiding'),
      ]) {
        if (nid === null) continue;
        const other = links.get(nid);
        if (other !== undefined && other !== oid) fail(row, 'hoofdadres_identificatie', `nummeraanduiding ${nid} also belongs to ${other}`);
        links.set(nid, oid);
      }
      byId.set(oid, {
        verblijfsobjectId: oid,
        pandId,
        buurtCode: buurt.code,
        straat: text(row, 'openbare_ruimte_naam', true)!,
        huisnummer: integer(row, 'huisnummer', 1, 99999, true)!,
        huisletter: huisletter?.toUpperCase() ?? null,
        toevoeging,
        postcode,
        woonplaats: text(row, 'woonplaats_naam', true)!,
        lon,
        lat,
        bouwjaar,
        woningtype: null,
        bouwlagen: null,
        woningenInPand: null,
        maaiveldNapM: null,
        veendikteM: null,
        pleistoceenNapM: null,
        grondwaterNapM: null,
        grondwaterBron: null,
        bodemdalingMmJr: null,
        funderingtype: null,
      });
    }
  }
  const addresses = [...byId.values()]
    .sort((a, b) => a.verblijfsobjectId.localeCompare(b.verblijfsobjectId))
    .map((a) => (a.pandId !== null && woningen.has(a.pandId) ? { ...a, woningenInPand: woningen.get(a.pandId)! } : a));
  const nummeraanduidingen = [...links]
    .filter(([, oid]) => byId.has(oid))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([nummeraanduidingId, verblijfsobjectId]) => ({ nummeraanduidingId, verblijfsobjectId }));
  return { addresses, nummeraanduidingen, skipped };
}

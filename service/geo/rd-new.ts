/**
 * The one coordinate conversion module: RD New (EPSG:28992, Dutch national grid, metres) ↔ WGS84
 * (EPSG:4326, degrees, lon/lat order as in GeoJSON). Convert at the edges only (importers, API input).
 */
import proj4 from 'proj4';

/** proj4 definition of EPSG:28992 with the 7-parameter datum shift to WGS84 (as published by EPSG/NSGI). */
export const RD_NEW_PROJ4 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

/** A position as [x, y] (RD metres) or [lon, lat] (WGS84 degrees). */
export type Position = [number, number];

const converter = proj4(RD_NEW_PROJ4, 'EPSG:4326');

/** Converts an RD New position `[x, y]` (metres) to WGS84 `[lon, lat]`. */
export function rdToWgs84(xy: readonly number[]): Position {
  const [lon, lat] = converter.forward([xy[0], xy[1]]);
  return [lon, lat];
}

/** Converts a WGS84 position `[lon, lat]` to RD New `[x, y]` (metres). */
export function wgs84ToRd(lonLat: readonly number[]): Position {
  const [x, y] = converter.inverse([lonLat[0], lonLat[1]]);
  return [x, y];
}

/** The coordinate reference systems this module converts between. */
export type Crs = 'EPSG:4326' | 'EPSG:28992';

/**
 * Recognises a CRS name as used in GeoJSON `crs` members, OGC API `Content-Crs` headers and CLI flags
 * (`EPSG:28992`, `urn:ogc:def:crs:EPSG::28992`, `http://www.opengis.net/def/crs/EPSG/0/28992`, `CRS84`).
 * Returns `null` for anything else.
 */
export function parseCrs(name: string): Crs | null {
  const n = name.trim().toUpperCase();
  if (/(^|[:/])28992$/.test(n)) return 'EPSG:28992';
  if (/(^|[:/])4326$/.test(n) || /CRS84$/.test(n)) return 'EPSG:4326';
  return null;
}

type Coords = number[] | Coords[];

function mapCoords(c: Coords, f: (p: number[]) => Position): Coords {
  if (typeof c[0] === 'number') return f(c as number[]);
  return (c as Coords[]).map((inner) => mapCoords(inner, f));
}

/** A GeoJSON geometry with nested coordinate arrays (Point … MultiPolygon). */
export interface CoordinateGeometry {
  type: string;
  coordinates: unknown;
}

/**
 * Returns a copy of a GeoJSON geometry with every position converted, e.g.
 * `reprojectGeometry(g, rdToWgs84)`. Extra ordinates (z) are dropped.
 */
export function reprojectGeometry<G extends CoordinateGeometry>(geometry: G, convert: (p: readonly number[]) => Position): G {
  return { ...geometry, coordinates: mapCoords(geometry.coordinates as Coords, convert) };
}

import type { z } from 'zod';
import { type OgcBuurt, type OgcBuurtSet, shapeIn } from './ogc-buurten.js';
import { CRS84, OGC_CRS_LIST, type OgcCrs } from './ogc-params.js';
import type { collectionSchema, conformanceSchema, landingSchema, linkSchema, ogcFeatureSchema, ogcItemsSchema } from './ogc-schemas.js';

type Link = z.output<typeof linkSchema>;
const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const HTML = 'text/html';

/** The conformance classes served: Part 1 core, GeoJSON, HTML, OpenAPI; Part 2 CRS by reference. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

/** The id of the one collection. */
export const COLLECTION_ID = 'buurten';
const COLLECTION_PATH = `/collections/${COLLECTION_ID}`;

/** A URL with query parameters (empty values left out). */
export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return qs ? `${url}?${qs}` : url;
}

/** self (JSON) and alternate (HTML) links of a resource, or the other way round when it is shown as HTML. */
function selfAndAlternate(url: string, json: string, title: string, query: Record<string, string | undefined> = {}, html = false): Link[] {
  const asJson: Link = {
    href: withQuery(url, { ...query, f: 'json' }),
    type: json,
    title: `${title} (JSON)`,
    rel: html ? 'alternate' : 'self',
  };
  const asHtml: Link = {
    href: withQuery(url, { ...query, f: 'html' }),
    type: HTML,
    title: `${title} (HTML)`,
    rel: html ? 'self' : 'alternate',
  };
  return [asJson, asHtml];
}

/** The landing page. */
export function landingPage(base: string, html = false): z.output<typeof landingSchema> {
  return {
    title: 'Funderingsrisico: buurten (OGC API – Features)',
    description:
      'Foundation-pile risk aggregated per buurt (open data, small counts suppressed) as OGC API – Features, ' +
      'for QGIS, GDAL/OGR and other GIS clients; also TileJSON documents and a MapLibre style for the vector tiles.',
    links: [
      ...selfAndAlternate(`${base}/`, JSON_TYPE, 'This landing page', {}, html),
      {
        href: `${base}/openapi.json`,
        rel: 'service-desc',
        type: 'application/vnd.oai.openapi+json;version=3.1',
        title: 'The API definition (OpenAPI 3.1)',
      },
      { href: `${base}/docs`, rel: 'service-doc', type: HTML, title: 'The API documentation' },
      { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
      {
        href: `${base}/conformance`,
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/conformance',
        type: JSON_TYPE,
        title: 'Conformance classes',
      },
      { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      { href: `${base}/collections`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/data', type: JSON_TYPE, title: 'Collections' },
      { href: `${base}/tiles/buurten.json`, rel: 'related', type: JSON_TYPE, title: 'TileJSON of the buurt vector tiles (open)' },
      {
        href: `${base}/tiles/addresses.json`,
        rel: 'related',
        type: JSON_TYPE,
        title: 'TileJSON of the address vector tiles (needs a key)',
      },
      {
        href: `${base}/style.json`,
        rel: 'related',
        type: JSON_TYPE,
        title: 'MapLibre style of the buurt tiles (no basemap, works offline)',
      },
    ],
  };
}

/** `/conformance`. */
export function conformance(): z.output<typeof conformanceSchema> {
  return { conformsTo: [...CONFORMANCE] };
}

/** The buurten collection's description. */
export function collection(base: string, set: OgcBuurtSet, html = false): z.output<typeof collectionSchema> {
  const url = `${base}${COLLECTION_PATH}`;
  return {
    id: COLLECTION_ID,
    title: 'Buurten with aggregate foundation risk',
    description:
      'CBS buurten with the mean predicted probability of a D/E foundation, the risk class and expected problem dwellings; ' +
      'counts below the suppression threshold are null (small-count suppression, the same values as /v1/buurten). Indicative model output, not a survey.' +
      (set.info.synthetic ? ' SYNTHETIC DEMO DATA: the buurten, labels and numbers are made up.' : ''),
    itemType: 'feature',
    links: [
      ...selfAndAlternate(url, JSON_TYPE, 'This collection', {}, html),
      { href: withQuery(`${url}/items`, { f: 'json' }), rel: 'items', type: GEOJSON, title: 'The buurten (GeoJSON)' },
      { href: withQuery(`${url}/items`, { f: 'html' }), rel: 'items', type: HTML, title: 'The buurten (HTML)' },
    ],
    extent: { spatial: { bbox: [set.extent], crs: CRS84 } },
    crs: [...OGC_CRS_LIST],
    storageCrs: CRS84,
    itemCount: set.buurten.length,
  };
}

/** `/collections`. */
export function collections(
  base: string,
  set: OgcBuurtSet,
  html = false,
): { links: Link[]; collections: z.output<typeof collectionSchema>[] } {
  return { links: selfAndAlternate(`${base}/collections`, JSON_TYPE, 'The collections', {}, html), collections: [collection(base, set)] };
}

/** One buurt as a GeoJSON feature in `crs`. */
export function feature(base: string, b: OgcBuurt, crs: OgcCrs, withLinks: boolean, html = false): z.output<typeof ogcFeatureSchema> {
  const url = `${base}${COLLECTION_PATH}/items/${b.code}`;
  const crsQuery = crs === CRS84 ? {} : { crs };
  return {
    type: 'Feature',
    id: b.code,
    properties: b.properties,
    geometry: shapeIn(b, crs).geometry,
    ...(withLinks
      ? {
          links: [
            ...selfAndAlternate(url, GEOJSON, `Buurt ${b.code}`, crsQuery, html),
            { href: `${base}${COLLECTION_PATH}`, rel: 'collection', type: JSON_TYPE, title: 'The buurten collection' },
          ],
        }
      : {}),
  };
}

/** What the items page was asked for (after validation), and the raw parameters the links carry on. */
export interface ItemsRequest {
  limit: number;
  offset: number;
  crs: OgcCrs;
  /** The request's other parameters (bbox, bbox-crs, crs, datetime) as sent, for the paging links. */
  carried: Record<string, string | undefined>;
}

/** One page of matching buurten with numberMatched/numberReturned and self, alternate, next and prev links. */
export function itemsPage(base: string, matched: readonly OgcBuurt[], q: ItemsRequest, html = false): z.output<typeof ogcItemsSchema> {
  const url = `${base}${COLLECTION_PATH}/items`;
  const page = matched.slice(q.offset, q.offset + q.limit);
  const at = (offset: number) => ({ ...q.carried, limit: String(q.limit), offset: offset > 0 ? String(offset) : undefined });
  const links: Link[] = [
    ...selfAndAlternate(url, GEOJSON, 'This page', at(q.offset), html),
    { href: `${base}${COLLECTION_PATH}`, rel: 'collection', type: JSON_TYPE, title: 'The buurten collection' },
  ];
  if (q.offset + page.length < matched.length) {
    links.push({
      href: withQuery(url, { ...at(q.offset + q.limit), f: html ? 'html' : 'json' }),
      rel: 'next',
      type: html ? HTML : GEOJSON,
      title: 'Next page',
    });
  }
  if (q.offset > 0) {
    links.push({
      href: withQuery(url, { ...at(Math.max(0, q.offset - q.limit)), f: html ? 'html' : 'json' }),
      rel: 'prev',
      type: html ? HTML : GEOJSON,
      title: 'Previous page',
    });
  }
  return {
    type: 'FeatureCollection',
    numberMatched: matched.length,
    numberReturned: page.length,
    timeStamp: new Date().toISOString(),
    links,
    features: page.map((b) => feature(base, b, q.crs, false)),
  };
}

import { z } from 'zod';
import { ITEMS_DEFAULT_LIMIT, ITEMS_MAX_LIMIT, OGC_CRS_LIST } from './ogc-params.js';
import { buurtPropertiesSchema } from './response-schemas.js';

/** An OGC API / RFC 8288 link. */
export const linkSchema = z.strictObject({
  href: z.string(),
  rel: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
  templated: z.boolean().optional(),
});
const links = z.array(linkSchema);

/** `GET /` as JSON: the OGC API landing page. */
export const landingSchema = z.strictObject({ title: z.string(), description: z.string(), links });

/** `GET /conformance`. */
export const conformanceSchema = z.strictObject({ conformsTo: z.array(z.string()) });

/** One collection's description (`GET /collections/buurten`). */
export const collectionSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  links,
  extent: z.strictObject({ spatial: z.strictObject({ bbox: z.array(z.array(z.number()).length(4)), crs: z.string() }) }),
  crs: z.array(z.string()),
  storageCrs: z.string(),
  itemCount: z.number().int().describe('buurten in the collection'),
});

/** `GET /collections`. */
export const collectionsSchema = z.strictObject({ links, collections: z.array(collectionSchema) });

const position = z.array(z.number()).min(2);
const geometry = z.union([
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

/** `GET /collections/buurten/items/{code}`: one buurt with its public (suppressed) properties. */
export const ogcFeatureSchema = z.strictObject({
  type: z.literal('Feature'),
  id: z.string(),
  properties: buurtPropertiesSchema,
  geometry,
  links: links.optional(),
});

/** `GET /collections/buurten/items`: one page of buurten. */
export const ogcItemsSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links,
  features: z.array(ogcFeatureSchema),
});

const fParam = {
  name: 'f',
  in: 'query',
  required: false,
  description: 'json or html (otherwise the Accept header decides)',
  schema: { type: 'string', enum: ['json', 'html'] },
};
const crsParam = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', enum: [...OGC_CRS_LIST], default: OGC_CRS_LIST[0] },
});

/** OpenAPI `?f=`. */
export const OGC_FORMAT_PARAMETERS = [fParam];

/** OpenAPI parameters of the items route, as the OGC API – Features standard writes them. */
export const OGC_ITEMS_PARAMETERS = [
  fParam,
  {
    name: 'limit',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: `Page size; values above ${ITEMS_MAX_LIMIT} are lowered to ${ITEMS_MAX_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: ITEMS_MAX_LIMIT, default: ITEMS_DEFAULT_LIMIT },
  },
  {
    name: 'offset',
    in: 'query',
    required: false,
    description: 'Features to skip (the next and prev links carry it).',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
  {
    name: 'bbox',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: 'minx,miny,maxx,maxy (or 6 numbers with heights) in bbox-crs: only buurten whose geometry meets the box.',
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
  },
  crsParam('bbox-crs', 'CRS of bbox (default CRS84, lon/lat).'),
  crsParam('crs', 'CRS of the geometries in the answer (the Content-Crs header names it).'),
  {
    name: 'datetime',
    in: 'query',
    required: false,
    description: 'RFC 3339 instant or interval; buurten have no time, so every buurt matches.',
    schema: { type: 'string' },
  },
];

/** OpenAPI parameters of the single-item route. */
export const OGC_ITEM_PARAMETERS = [fParam, crsParam('crs', 'CRS of the geometry in the answer (the Content-Crs header names it).')];

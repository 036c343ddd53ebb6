import {
  areasQuerySchema,
  buurtenQuerySchema,
  lonLatSchema,
  postcodeLookupSchema,
  rdSchema,
  scoreQuerySchema,
  scoreRowSchema,
  searchSchema,
  whatIfSchema,
} from './schemas.js';
import {
  addressAnswerSchema,
  buurtDetailResponseSchema,
  buurtenResponseSchema,
  healthResponseSchema,
  lookupResponseSchema,
  areasResponseSchema,
  modelCardResponseSchema,
  modelResponseSchema,
  readyResponseSchema,
  scoreBatchResponseSchema,
  scoreOneResponseSchema,
  searchResponseSchema,
  whatIfResponseSchema,
} from './response-schemas.js';
import { auditQuerySchema, auditResponseSchema, keysResponseSchema, meResponseSchema } from './access-schemas.js';
import { errors, json, notModified, pathParam, problem, queryParams, schema } from './openapi-parts.js';
import type { RouteSpec } from './route-spec.js';
import {
  OGC_FORMAT_PARAMETERS,
  OGC_ITEMS_PARAMETERS,
  OGC_ITEM_PARAMETERS,
  collectionSchema,
  collectionsSchema,
  conformanceSchema,
  landingSchema,
  ogcFeatureSchema,
  ogcItemsSchema,
} from './ogc-schemas.js';
import { mapStyleSchema, tileJsonSchema } from './map-documents.js';
import { areaFactorsResponseSchema } from './factor-schemas.js';
import { planQuerySchema, planRequestSchema, planResponseSchema } from './plan-schemas.js';
import {
  measurementInputSchema,
  measurementRecordResponseSchema,
  surveyInputSchema,
  surveyRecordResponseSchema,
  trackRecordResponseSchema,
} from './survey-schemas.js';
import {
  webhookCreatedResponseSchema,
  webhookDeletedResponseSchema,
  webhookInputSchema,
  webhooksResponseSchema,
} from './webhook-schemas.js';

const addressId = pathParam(
  'id',
  '16-digit BAG verblijfsobject id; also NL.IMBAG.Verblijfsobject.… (Ligplaats, Standplaats) or a nummeraanduiding id',
);
const tileParams = ['z', 'x', 'y'].map((n) => pathParam(n, n));
/** Gives every declaration its type while keeping the route names. */
const declare = <K extends string>(routes: Record<K, RouteSpec>): Readonly<Record<K, RouteSpec>> => Object.freeze(routes);

const tile = { description: 'tile', content: { 'application/vnd.mapbox-vector-tile': {} } };
/** An OGC answer as JSON (or GeoJSON) or, with f=html or Accept: text/html, as an HTML page. */
const jsonOrHtml = (description: string, s: Parameters<typeof json>[1], type = 'application/json') => {
  const { content } = json(description, s, type);
  return { description, content: { ...content, 'text/html': { schema: { type: 'string' } } } };
};

/**
 * Every route of the API, each declared once (see {@link RouteSpec}). `app.ts` registers them with their
 * guards, `openapi.ts` documents them, and the role × route tests send their examples.
 */
export const ROUTES = declare({
  score: {
    method: 'post',
    path: '/v1/score',
    role: 'system',
    summary: 'Score one feature object or a batch ({ rows: [...] }, up to MAX_BATCH_ROWS; with explain=true up to MAX_EXPLAIN_ROWS)',
    parameters: queryParams(scoreQuerySchema),
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            oneOf: [
              schema(scoreRowSchema),
              { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: schema(scoreRowSchema) } } },
            ],
          },
        },
      },
    },
    responses: {
      200: {
        description: 'one object: its answer; { rows }: the answer per row, in order',
        content: {
          'application/json': { schema: { oneOf: [schema(scoreOneResponseSchema, 'output'), schema(scoreBatchResponseSchema, 'output')] } },
        },
      },
      ...errors,
    },
    examples: [
      {
        path: '/v1/score',
        body: {
          bouwjaar: 1910,
          woningtype: 'rijwoning',
          maaiveld_nap_m: -0.8,
          veendikte_m: 3.5,
          grondwater_nap_m: -1.9,
          bodemdaling_mm_jr: -4,
        },
      },
    ],
  },
  addresses: {
    method: 'get',
    path: '/v1/addresses',
    role: 'inspector',
    lowerRoleWith: { query: 'q', role: 'planner' },
    addressLevel: true,
    summary:
      'Autocomplete (q; planner), exact lookup (postcode + huisnummer; inspector), or reverse lookup (lon + lat, or RD x + y; inspector)',
    parameters: [
      ...queryParams(searchSchema),
      ...queryParams(postcodeLookupSchema),
      ...queryParams(lonLatSchema),
      ...queryParams(rdSchema),
    ].filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i),
    responses: {
      200: {
        description: 'q: ranked suggestions; a lookup: the full risk answer per address',
        content: {
          'application/json': { schema: { oneOf: [schema(searchResponseSchema, 'output'), schema(lookupResponseSchema, 'output')] } },
        },
      },
      ...errors,
    },
    examples: [
      { path: '/v1/addresses', query: { q: '{postcode} {huisnummer}' }, role: 'planner' },
      { path: '/v1/addresses', query: { postcode: '{postcode}', huisnummer: '{huisnummer}' } },
      { path: '/v1/addresses', query: { lon: '{lon}', lat: '{lat}' } },
    ],
  },
  addressById: {
    method: 'get',
    path: '/v1/addresses/{id}',
    role: 'inspector',
    addressLevel: true,
    summary: 'Risk answer for one address, with its survey record',
    parameters: [addressId],
    responses: { 200: json('risk answer', addressAnswerSchema), ...errors },
    examples: [{ path: '/v1/addresses/{id}' }],
  },
  whatIf: {
    method: 'post',
    path: '/v1/addresses/{id}/what-if',
    role: 'inspector',
    addressLevel: true,
    summary: 'What-if: the answer with some inputs overridden, and the change per factor',
    parameters: [addressId],
    requestBody: { required: true, content: { 'application/json': { schema: schema(whatIfSchema) } } },
    responses: { 200: json('before, after, changes', whatIfResponseSchema), ...errors },
    examples: [{ path: '/v1/addresses/{id}/what-if', body: { overrides: { grondwater_nap_m: -2.1 } } }],
  },
  buurten: {
    method: 'get',
    path: '/v1/buurten',
    role: 'public',
    summary:
      'Buurten with aggregate risk (GeoJSON, or CSV with format=csv: plain, or for Dutch Excel with sep=; or excel=nl); counts of dwellings, small counts suppressed (SUPPRESS_BELOW)',
    parameters: queryParams(buurtenQuerySchema),
    responses: {
      200: {
        description: 'FeatureCollection or CSV',
        content: { 'application/geo+json': { schema: schema(buurtenResponseSchema, 'output') }, 'text/csv': {} },
      },
      ...notModified,
      ...errors,
    },
    examples: [{ path: '/v1/buurten' }, { path: '/v1/buurten', query: { format: 'csv' } }],
  },
  buurt: {
    method: 'get',
    path: '/v1/buurten/{code}',
    role: 'public',
    summary: 'One buurt with breakdowns',
    parameters: [pathParam('code', 'CBS buurt code, e.g. BU04791110')],
    responses: { 200: json('buurt', buurtDetailResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/buurten/{code}' }],
  },
  gemeenten: {
    method: 'get',
    path: '/v1/gemeenten',
    role: 'public',
    summary:
      'Gemeenten with aggregate risk; a figure is published only when every buurt in the gemeente publishes the figure it sums (suppression)',
    responses: { 200: json('gemeenten', areasResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/gemeenten' }],
  },
  wijken: {
    method: 'get',
    path: '/v1/wijken',
    role: 'public',
    summary: 'Wijken with aggregate risk (optionally of one gemeente); published only where every buurt in the wijk publishes the figure',
    parameters: queryParams(areasQuerySchema),
    responses: { 200: json('wijken', areasResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/wijken' }, { path: '/v1/wijken', query: { gemeente: 'GM0479' } }],
  },
  buurtFactors: {
    method: 'get',
    path: '/v1/buurten/{code}/factors',
    role: 'public',
    summary:
      "Why a buurt is high: mean TreeSHAP contribution per input over its scored buildings against the municipality's, and its input distributions beside the municipality's (withheld when they would describe a small group)",
    parameters: [pathParam('code', 'CBS buurt code, e.g. BU04791110')],
    responses: { 200: json('factors', areaFactorsResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/buurten/{code}/factors' }],
  },
  wijkFactors: {
    method: 'get',
    path: '/v1/wijken/{code}/factors',
    role: 'public',
    summary: 'Why a wijk is high: as for a buurt, over the wijk (withheld when the wijk minus its published buurten is a small group)',
    parameters: [pathParam('code', 'CBS wijk code, e.g. WK047911')],
    responses: { 200: json('factors', areaFactorsResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/wijken/{wijk}/factors' }],
  },
  buurtTile: {
    method: 'get',
    path: '/tiles/buurten/{z}/{x}/{y}.mvt',
    role: 'public',
    summary: 'Mapbox vector tile of buurten with public (suppressed) properties; publicly cacheable',
    parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/buurten/{z}/{x}/{y}.mvt' }],
  },
  gemeenteTile: {
    method: 'get',
    path: '/tiles/gemeenten/{z}/{x}/{y}.mvt',
    role: 'public',
    summary: 'National overview tile (up to zoom 9): gemeenten with their public aggregates (see /v1/gemeenten); publicly cacheable',
    parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/gemeenten/{z}/{x}/{y}.mvt' }],
  },
  wijkTile: {
    method: 'get',
    path: '/tiles/wijken/{z}/{x}/{y}.mvt',
    role: 'public',
    summary: 'National overview tile (up to zoom 12): wijken with their public aggregates (see /v1/wijken); publicly cacheable',
    parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/wijken/{z}/{x}/{y}.mvt' }],
  },
  addressTile: {
    method: 'get',
    path: '/tiles/addresses/{z}/{x}/{y}.mvt',
    role: 'planner',
    addressLevel: true,
    summary: 'Mapbox vector tile of address points (from zoom 15; closed data): class for planners, class and probability for inspectors',
    parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/addresses/{z}/{x}/{y}.mvt' }],
  },
  plans: {
    method: 'post',
    path: '/v1/plans',
    role: 'planner',
    addressLevel: true,
    summary:
      'A survey plan for a budget (surveys, or euros with a cost per survey and per block), an optional area and an objective (find-problems, reduce-uncertainty, audit), with the expected problems found, an interval and comparison lines; kept with its model and dataset version. JSON, or CSV (Dutch Excel) / GeoJSON with format=. Planners see classes, inspectors probabilities.',
    parameters: queryParams(planQuerySchema),
    requestBody: { required: true, content: { 'application/json': { schema: schema(planRequestSchema) } } },
    responses: {
      200: {
        description: 'the plan',
        content: {
          'application/json': { schema: schema(planResponseSchema, 'output') },
          'text/csv': {},
          'application/geo+json': {
            schema: {
              type: 'object',
              properties: {
                type: { const: 'FeatureCollection' },
                metadata: { type: 'object', description: 'the plan without its buildings and curves' },
                features: { type: 'array', description: 'one Point per building, in plan order' },
              },
            },
          },
        },
      },
      ...errors,
    },
    examples: [
      { path: '/v1/plans', body: { objective: 'find-problems', budget: { surveys: 25 } } },
      { path: '/v1/plans', query: { format: 'csv' }, body: { objective: 'audit', budget: { euros: 30_000 }, seed: 7 } },
    ],
  },
  plan: {
    method: 'get',
    path: '/v1/plans/{id}',
    role: 'planner',
    addressLevel: true,
    summary: 'A kept survey plan by id, as it was made (with its model and dataset version); JSON, or CSV / GeoJSON with format=',
    parameters: [pathParam('id', 'plan id (UUID)'), ...queryParams(planQuerySchema)],
    responses: {
      200: { description: 'the plan', content: { 'application/json': { schema: schema(planResponseSchema, 'output') }, 'text/csv': {} } },
      ...errors,
    },
    examples: [{ path: '/v1/plans/{plan}' }, { path: '/v1/plans/{plan}', query: { format: 'csv' } }],
  },
  model: {
    method: 'get',
    path: '/v1/model',
    role: 'public',
    summary: 'Model manifest',
    responses: { 200: json('manifest', modelResponseSchema) },
    examples: [{ path: '/v1/model' }],
  },
  modelCard: {
    method: 'get',
    path: '/v1/model/card',
    role: 'public',
    summary: 'Model card',
    responses: { 200: json('card.json with its plots', modelCardResponseSchema), 404: problem },
    examples: [{ path: '/v1/model/card' }],
  },
  trackRecord: {
    method: 'get',
    path: '/v1/model/track-record',
    role: 'public',
    summary:
      'Track record per model version on the surveys dated after its data cut-off: surveys, AUC, Brier, coverage of the 95 % sets (each with a 95 % interval), a calibration table, per construction period, wijk and quarter; small counts suppressed (SUPPRESS_BELOW)',
    responses: { 200: json('track record', trackRecordResponseSchema), 503: problem },
    examples: [{ path: '/v1/model/track-record' }],
  },
  healthz: {
    method: 'get',
    path: '/healthz',
    role: 'public',
    unlimited: true,
    summary: 'Process alive',
    responses: { 200: json('ok', healthResponseSchema) },
    examples: [{ path: '/healthz' }],
  },
  readyz: {
    method: 'get',
    path: '/readyz',
    role: 'public',
    unlimited: true,
    summary: 'Model and store loaded',
    responses: { 200: json('ready', readyResponseSchema), 503: problem },
    examples: [{ path: '/readyz' }],
  },
  metrics: {
    method: 'get',
    path: '/metrics',
    role: 'public',
    unlimited: true,
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'text exposition', content: { 'text/plain': {} } } },
    examples: [{ path: '/metrics' }],
  },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    role: 'public',
    summary: 'This document',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: { type: 'object', properties: { openapi: { type: 'string' } } } } },
      },
    },
    examples: [{ path: '/openapi.json' }],
  },
  docs: {
    method: 'get',
    path: '/docs',
    role: 'public',
    summary: 'A readable page of this document',
    responses: { 200: { description: 'HTML', content: { 'text/html': {} } } },
    examples: [{ path: '/docs' }],
  },
  me: {
    method: 'get',
    path: '/v1/me',
    role: 'any-key',
    summary: 'The name and role of the key sent (401 without a valid key)',
    responses: { 200: json('the signed-in key', meResponseSchema) },
    examples: [{ path: '/v1/me' }],
  },
  audit: {
    method: 'get',
    path: '/v1/audit',
    role: 'admin',
    summary: 'The audit log of address-level reads, newest first (time window and key filters)',
    parameters: queryParams(auditQuerySchema),
    responses: { 200: json('audit entries', auditResponseSchema), 400: problem },
    examples: [{ path: '/v1/audit' }],
  },
  ogcLanding: {
    method: 'get',
    path: '/',
    role: 'public',
    summary:
      'OGC API – Features landing page (JSON with Accept: application/json or f=json, HTML with f=html); a browser asking for HTML without f gets the map viewer',
    parameters: OGC_FORMAT_PARAMETERS,
    responses: { 200: jsonOrHtml('landing page', landingSchema), 400: problem },
    examples: [
      { path: '/', query: { f: 'json' } },
      { path: '/', query: { f: 'html' } },
    ],
  },
  ogcConformance: {
    method: 'get',
    path: '/conformance',
    role: 'public',
    summary: 'OGC API conformance classes (Features Part 1 core, geojson, html, oas30; Part 2 crs)',
    parameters: OGC_FORMAT_PARAMETERS,
    responses: { 200: jsonOrHtml('conformance classes', conformanceSchema), 400: problem },
    examples: [{ path: '/conformance' }],
  },
  ogcCollections: {
    method: 'get',
    path: '/collections',
    role: 'public',
    summary: 'OGC API collections: the one collection, buurten',
    parameters: OGC_FORMAT_PARAMETERS,
    responses: { 200: jsonOrHtml('collections', collectionsSchema), 400: problem, 503: problem },
    examples: [{ path: '/collections' }],
  },
  ogcCollection: {
    method: 'get',
    path: '/collections/buurten',
    role: 'public',
    summary: 'The buurten collection: extent, CRS list, links to its items',
    parameters: OGC_FORMAT_PARAMETERS,
    responses: { 200: jsonOrHtml('collection', collectionSchema), 400: problem, 503: problem },
    examples: [{ path: '/collections/buurten' }],
  },
  ogcItems: {
    method: 'get',
    path: '/collections/buurten/items',
    role: 'public',
    summary:
      'Buurten as OGC API features (public aggregates, small counts suppressed): bbox, limit/offset paging, crs (CRS84 or RD New) with Content-Crs',
    parameters: OGC_ITEMS_PARAMETERS,
    responses: { 200: jsonOrHtml('a page of buurten', ogcItemsSchema, 'application/geo+json'), 400: problem, 503: problem },
    examples: [
      { path: '/collections/buurten/items', query: { limit: '5', bbox: '4.7,52.4,4.9,52.5' } },
      { path: '/collections/buurten/items', query: { crs: 'http://www.opengis.net/def/crs/EPSG/0/28992' } },
    ],
  },
  ogcItem: {
    method: 'get',
    path: '/collections/buurten/items/{code}',
    role: 'public',
    summary: 'One buurt as an OGC API feature',
    parameters: [pathParam('code', 'CBS buurt code, e.g. BU04791110'), ...OGC_ITEM_PARAMETERS],
    responses: { 200: jsonOrHtml('one buurt', ogcFeatureSchema, 'application/geo+json'), 400: problem, 404: problem, 503: problem },
    examples: [{ path: '/collections/buurten/items/{code}' }],
  },
  buurtTileJson: {
    method: 'get',
    path: '/tiles/buurten.json',
    role: 'public',
    summary: 'TileJSON 3.0.0 of the buurt vector tiles',
    responses: { 200: json('TileJSON', tileJsonSchema) },
    examples: [{ path: '/tiles/buurten.json' }],
  },
  addressTileJson: {
    method: 'get',
    path: '/tiles/addresses.json',
    role: 'public',
    summary: 'TileJSON 3.0.0 of the address vector tiles (the document is open; the tiles need a planner key)',
    responses: { 200: json('TileJSON', tileJsonSchema) },
    examples: [{ path: '/tiles/addresses.json' }],
  },
  mapStyle: {
    method: 'get',
    path: '/style.json',
    role: 'public',
    summary: 'MapLibre style (v8) of the buurt tiles shaded by risk class; no basemap, glyphs or sprites, so it works offline',
    responses: { 200: json('MapLibre style', mapStyleSchema) },
    examples: [{ path: '/style.json' }],
  },
  surveys: {
    method: 'post',
    path: '/v1/surveys',
    role: 'inspector',
    summary:
      'Record a foundation survey of the building of an address (private data, append-only; `corrects` makes it a new version of an earlier record); keeps what the served model said of the building at intake',
    requestBody: { required: true, content: { 'application/json': { schema: schema(surveyInputSchema) } } },
    responses: { 201: json('the stored record', surveyRecordResponseSchema), 422: problem, ...errors },
    examples: [
      {
        path: '/v1/surveys',
        body: {
          addressId: '{id}',
          date: '2026-06-01',
          kwaliteitsklasse: 'C',
          mechanisms: [],
          hersteld: false,
          reportReference: 'FO-2026-001',
          surveyorOrganisation: 'Voorbeeld Funderingsadvies',
        },
      },
    ],
  },
  measurements: {
    method: 'post',
    path: '/v1/measurements',
    role: 'inspector',
    summary:
      'Record a measured input of the building of an address (pile-head level, pile length, groundwater at the building, foundation type from the archive) with its source and date; append-only; the address answer then uses it and marks it measured',
    requestBody: { required: true, content: { 'application/json': { schema: schema(measurementInputSchema) } } },
    responses: { 201: json('the stored record', measurementRecordResponseSchema), 422: problem, ...errors },
    examples: [
      {
        path: '/v1/measurements',
        body: { addressId: '{id}', input: 'paallengte_m', value: 11.5, source: 'sondering S-12', date: '2026-05-04' },
      },
    ],
  },
  keys: {
    method: 'get',
    path: '/v1/keys',
    role: 'admin',
    summary: 'The API keys (names, roles, state; never the keys or their hashes)',
    responses: { 200: json('keys', keysResponseSchema) },
    examples: [{ path: '/v1/keys' }],
  },
  webhookCreate: {
    method: 'post',
    path: '/v1/webhooks',
    role: 'admin',
    summary:
      'Register a change-notification URL for a key (inspector or admin): one signed POST per event when a survey or a new model changes an address or buurt class; the host must be on WEBHOOK_ALLOWED_HOSTS; a generated secret is returned only here',
    requestBody: { required: true, content: { 'application/json': { schema: schema(webhookInputSchema) } } },
    responses: { 201: json('the subscription (with its secret when generated)', webhookCreatedResponseSchema), 422: problem, ...errors },
    examples: [{ path: '/v1/webhooks', body: { keyId: '{adminKey}', url: 'http://127.0.0.1:9/hook' } }],
  },
  webhooks: {
    method: 'get',
    path: '/v1/webhooks',
    role: 'admin',
    summary: 'The webhook subscriptions (never their secrets), with pending deliveries and the latest delivery of each',
    responses: { 200: json('subscriptions', webhooksResponseSchema) },
    examples: [{ path: '/v1/webhooks' }],
  },
  webhookDelete: {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    role: 'admin',
    summary: 'Remove a webhook subscription; its pending deliveries are cancelled (delivered ones stay on record)',
    parameters: [pathParam('id', 'subscription id')],
    responses: { 200: json('removed', webhookDeletedResponseSchema), 400: problem, 404: problem },
    examples: [{ path: '/v1/webhooks/{webhook}' }],
  },
});

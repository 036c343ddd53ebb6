import {
  buurtenQuerySchema, lonLatSchema, postcodeLookupSchema, rdSchema, scoreQuerySchema, scoreRowSchema, searchSchema, whatIfSchema,
} from './schemas.js';
import {
  addressAnswerSchema, buurtDetailResponseSchema, buurtenResponseSchema, healthResponseSchema, lookupResponseSchema,
  modelCardResponseSchema, modelResponseSchema, readyResponseSchema, scoreBatchResponseSchema, scoreOneResponseSchema,
  searchResponseSchema, whatIfResponseSchema,
} from './response-schemas.js';
import { auditQuerySchema, auditResponseSchema, keysResponseSchema, meResponseSchema } from './access-schemas.js';
import { errors, json, notModified, pathParam, problem, queryParams, schema } from './openapi-parts.js';
import type { RouteSpec } from './route-spec.js';
import { measurementInputSchema, measurementRecordResponseSchema, surveyInputSchema, surveyRecordResponseSchema, trackRecordResponseSchema } from './survey-schemas.js';

const addressId = pathParam('id', '16-digit BAG verblijfsobject id');
const tileParams = ['z', 'x', 'y'].map((n) => pathParam(n, n));
/** Gives every declaration its type while keeping the route names. */
const declare = <K extends string>(routes: Record<K, RouteSpec>): Readonly<Record<K, RouteSpec>> => Object.freeze(routes);

const tile = { description: 'tile', content: { 'application/vnd.mapbox-vector-tile': {} } };

/**
 * Every route of the API, each declared once (see {@link RouteSpec}). `app.ts` registers them with their
 * guards, `openapi.ts` documents them, and the role × route tests send their examples.
 */
export const ROUTES = declare({
  score: {
    method: 'post', path: '/v1/score', role: 'system',
    summary: 'Score one feature object or a batch ({ rows: [...] }, up to MAX_BATCH_ROWS; with explain=true up to MAX_EXPLAIN_ROWS)',
    parameters: queryParams(scoreQuerySchema),
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { oneOf: [schema(scoreRowSchema), { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: schema(scoreRowSchema) } } }] } } },
    },
    responses: {
      200: { description: 'one object: its answer; { rows }: the answer per row, in order', content: { 'application/json': { schema: { oneOf: [schema(scoreOneResponseSchema, 'output'), schema(scoreBatchResponseSchema, 'output')] } } } },
      ...errors,
    },
    examples: [{ path: '/v1/score', body: { bouwjaar: 1910, woningtype: 'rijwoning', maaiveld_nap_m: -0.8, veendikte_m: 3.5, grondwater_nap_m: -1.9, bodemdaling_mm_jr: -4 } }],
  },
  addresses: {
    method: 'get', path: '/v1/addresses', role: 'inspector', lowerRoleWith: { query: 'q', role: 'planner' }, addressLevel: true,
    summary: 'Autocomplete (q; planner), exact lookup (postcode + huisnummer; inspector), or reverse lookup (lon + lat, or RD x + y; inspector)',
    parameters: [...queryParams(searchSchema), ...queryParams(postcodeLookupSchema), ...queryParams(lonLatSchema), ...queryParams(rdSchema)]
      .filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i),
    responses: {
      200: { description: 'q: ranked suggestions; a lookup: the full risk answer per address', content: { 'application/json': { schema: { oneOf: [schema(searchResponseSchema, 'output'), schema(lookupResponseSchema, 'output')] } } } },
      ...errors,
    },
    examples: [
      { path: '/v1/addresses', query: { q: '{postcode} {huisnummer}' }, role: 'planner' },
      { path: '/v1/addresses', query: { postcode: '{postcode}', huisnummer: '{huisnummer}' } },
      { path: '/v1/addresses', query: { lon: '{lon}', lat: '{lat}' } },
    ],
  },
  addressById: {
    method: 'get', path: '/v1/addresses/{id}', role: 'inspector', addressLevel: true,
    summary: 'Risk answer for one address, with its survey record', parameters: [addressId],
    responses: { 200: json('risk answer', addressAnswerSchema), ...errors },
    examples: [{ path: '/v1/addresses/{id}' }],
  },
  whatIf: {
    method: 'post', path: '/v1/addresses/{id}/what-if', role: 'inspector', addressLevel: true,
    summary: 'What-if: the answer with some inputs overridden, and the change per factor', parameters: [addressId],
    requestBody: { required: true, content: { 'application/json': { schema: schema(whatIfSchema) } } },
    responses: { 200: json('before, after, changes', whatIfResponseSchema), ...errors },
    examples: [{ path: '/v1/addresses/{id}/what-if', body: { overrides: { grondwater_nap_m: -2.1 } } }],
  },
  buurten: {
    method: 'get', path: '/v1/buurten', role: 'public',
    summary: 'Buurten with aggregate risk (GeoJSON, or CSV with format=csv); counts of dwellings, small counts suppressed (SUPPRESS_BELOW)',
    parameters: queryParams(buurtenQuerySchema),
    responses: {
      200: { description: 'FeatureCollection or CSV', content: { 'application/geo+json': { schema: schema(buurtenResponseSchema, 'output') }, 'text/csv': {} } },
      ...notModified, ...errors,
    },
    examples: [{ path: '/v1/buurten' }, { path: '/v1/buurten', query: { format: 'csv' } }],
  },
  buurt: {
    method: 'get', path: '/v1/buurten/{code}', role: 'public',
    summary: 'One buurt with breakdowns', parameters: [pathParam('code', 'CBS buurt code, e.g. BU04791110')],
    responses: { 200: json('buurt', buurtDetailResponseSchema), ...notModified, ...errors },
    examples: [{ path: '/v1/buurten/{code}' }],
  },
  buurtTile: {
    method: 'get', path: '/tiles/buurten/{z}/{x}/{y}.mvt', role: 'public',
    summary: 'Mapbox vector tile of buurten with public (suppressed) properties; publicly cacheable', parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/buurten/{z}/{x}/{y}.mvt' }],
  },
  addressTile: {
    method: 'get', path: '/tiles/addresses/{z}/{x}/{y}.mvt', role: 'planner', addressLevel: true,
    summary: 'Mapbox vector tile of address points (from zoom 15; closed data): class for planners, class and probability for inspectors',
    parameters: tileParams,
    responses: { 200: tile, ...notModified, ...errors },
    examples: [{ path: '/tiles/addresses/{z}/{x}/{y}.mvt' }],
  },
  model: {
    method: 'get', path: '/v1/model', role: 'public', summary: 'Model manifest',
    responses: { 200: json('manifest', modelResponseSchema) }, examples: [{ path: '/v1/model' }],
  },
  modelCard: {
    method: 'get', path: '/v1/model/card', role: 'public', summary: 'Model card',
    responses: { 200: json('card.json with its plots', modelCardResponseSchema), 404: problem }, examples: [{ path: '/v1/model/card' }],
  },
  trackRecord: {
    method: 'get', path: '/v1/model/track-record', role: 'public',
    summary: 'Track record per model version on the surveys dated after its data cut-off: surveys, AUC, Brier, coverage of the 95 % sets (each with a 95 % interval), a calibration table, per construction period, wijk and quarter; small counts suppressed (SUPPRESS_BELOW)',
    responses: { 200: json('track record', trackRecordResponseSchema), 503: problem }, examples: [{ path: '/v1/model/track-record' }],
  },
  healthz: {
    method: 'get', path: '/healthz', role: 'public', unlimited: true, summary: 'Process alive',
    responses: { 200: json('ok', healthResponseSchema) }, examples: [{ path: '/healthz' }],
  },
  readyz: {
    method: 'get', path: '/readyz', role: 'public', unlimited: true, summary: 'Model and store loaded',
    responses: { 200: json('ready', readyResponseSchema), 503: problem }, examples: [{ path: '/readyz' }],
  },
  metrics: {
    method: 'get', path: '/metrics', role: 'public', unlimited: true, summary: 'Prometheus metrics',
    responses: { 200: { description: 'text exposition', content: { 'text/plain': {} } } }, examples: [{ path: '/metrics' }],
  },
  openapi: {
    method: 'get', path: '/openapi.json', role: 'public', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object', properties: { openapi: { type: 'string' } } } } } } },
    examples: [{ path: '/openapi.json' }],
  },
  docs: {
    method: 'get', path: '/docs', role: 'public', summary: 'A readable page of this document',
    responses: { 200: { description: 'HTML', content: { 'text/html': {} } } }, examples: [{ path: '/docs' }],
  },
  me: {
    method: 'get', path: '/v1/me', role: 'any-key', summary: 'The name and role of the key sent (401 without a valid key)',
    responses: { 200: json('the signed-in key', meResponseSchema) }, examples: [{ path: '/v1/me' }],
  },
  audit: {
    method: 'get', path: '/v1/audit', role: 'admin', summary: 'The audit log of address-level reads, newest first (time window and key filters)',
    parameters: queryParams(auditQuerySchema),
    responses: { 200: json('audit entries', auditResponseSchema), 400: problem }, examples: [{ path: '/v1/audit' }],
  },
  surveys: {
    method: 'post', path: '/v1/surveys', role: 'inspector',
    summary: 'Record a foundation survey of the building of an address (private data, append-only; `corrects` makes it a new version of an earlier record); keeps what the served model said of the building at intake',
    requestBody: { required: true, content: { 'application/json': { schema: schema(surveyInputSchema) } } },
    responses: { 201: json('the stored record', surveyRecordResponseSchema), 422: problem, ...errors },
    examples: [{ path: '/v1/surveys', body: { addressId: '{id}', date: '2026-06-01', kwaliteitsklasse: 'C', mechanisms: [], hersteld: false, reportReference: 'FO-2026-001', surveyorOrganisation: 'Voorbeeld Funderingsadvies' } }],
  },
  measurements: {
    method: 'post', path: '/v1/measurements', role: 'inspector',
    summary: 'Record a measured input of the building of an address (pile-head level, pile length, groundwater at the building, foundation type from the archive) with its source and date; append-only; the address answer then uses it and marks it measured',
    requestBody: { required: true, content: { 'application/json': { schema: schema(measurementInputSchema) } } },
    responses: { 201: json('the stored record', measurementRecordResponseSchema), 422: problem, ...errors },
    examples: [{ path: '/v1/measurements', body: { addressId: '{id}', input: 'paallengte_m', value: 11.5, source: 'sondering S-12', date: '2026-05-04' } }],
  },
  keys: {
    method: 'get', path: '/v1/keys', role: 'admin', summary: 'The API keys (names, roles, state; never the keys or their hashes)',
    responses: { 200: json('keys', keysResponseSchema) }, examples: [{ path: '/v1/keys' }],
  },
});

import { z } from 'zod';
import {
  buurtenQuerySchema, lonLatSchema, postcodeLookupSchema, rdSchema, scoreQuerySchema,
  scoreRowSchema, searchSchema, whatIfSchema,
} from './schemas.js';
import { PROBLEMS } from './problems.js';
import {
  addressAnswerSchema, buurtDetailResponseSchema, buurtenResponseSchema, healthResponseSchema, lookupResponseSchema,
  modelCardResponseSchema, modelResponseSchema, readyResponseSchema, scoreBatchResponseSchema, scoreOneResponseSchema,
  searchResponseSchema, whatIfResponseSchema,
} from './response-schemas.js';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const queryParams = (s: z.ZodType, required = false) => {
  const js = schema(s) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name, in: 'query', required: required && (js.required ?? []).includes(name), schema: p,
  }));
};
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

const problem = { $ref: '#/components/responses/Problem' };
/** A JSON response documented by the zod schema the tests check real responses against. */
const json = (description: string, s: z.ZodType, type = 'application/json') => ({ description, content: { [type]: { schema: schema(s, 'output') } } });
const errors = { 400: problem, 404: problem, 413: problem, 415: problem, 503: problem };
/** Cached answers (buurten, tiles) carry an ETag; a matching If-None-Match gets 304 without a body. */
const notModified = { 304: { description: 'Not modified: If-None-Match matched the ETag' } };

/**
 * The OpenAPI 3.1 description of the API. Request shapes come from the same zod schemas the routes
 * validate with, so the document cannot drift from the code.
 */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Funderingsrisico API',
      version,
      description: 'Foundation-pile risk per address and per buurt. Errors are RFC 9457 application/problem+json with a stable `code`.',
    },
    paths: {
      '/healthz': { get: { summary: 'Process alive', responses: { 200: json('ok', healthResponseSchema) } } },
      '/readyz': { get: { summary: 'Model and store loaded', responses: { 200: json('ready', readyResponseSchema), 503: problem } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition', content: { 'text/plain': {} } } } } },
      '/v1/model': { get: { summary: 'Model manifest', responses: { 200: json('manifest', modelResponseSchema) } } },
      '/v1/model/card': { get: { summary: 'Model card', responses: { 200: json('card.json with its plots', modelCardResponseSchema), 404: problem } } },
      '/v1/score': {
        post: {
          summary: 'Score one feature object or a batch ({ rows: [...] }, up to MAX_BATCH_ROWS)',
          parameters: queryParams(scoreQuerySchema),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { oneOf: [schema(scoreRowSchema), { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: schema(scoreRowSchema) } } }] } } },
          },
          responses: {
            200: { description: 'one object: its answer; { rows }: the answer per row, in order', content: { 'application/json': { schema: { oneOf: [schema(scoreOneResponseSchema, 'output'), schema(scoreBatchResponseSchema, 'output')] } } } },
            ...errors,
          },
        },
      },
      '/v1/addresses': {
        get: {
          summary: 'Autocomplete (q), exact lookup (postcode + huisnummer), or reverse lookup (lon + lat, or RD x + y)',
          parameters: [...queryParams(searchSchema), ...queryParams(postcodeLookupSchema), ...queryParams(lonLatSchema), ...queryParams(rdSchema)]
            .filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i),
          responses: {
            200: { description: 'q: ranked suggestions; a lookup: the full risk answer per address', content: { 'application/json': { schema: { oneOf: [schema(searchResponseSchema, 'output'), schema(lookupResponseSchema, 'output')] } } } },
            ...errors,
          },
        },
      },
      '/v1/addresses/{id}': {
        get: { summary: 'Risk answer for one address', parameters: [pathParam('id', '16-digit BAG verblijfsobject id')], responses: { 200: json('risk answer', addressAnswerSchema), ...errors } },
      },
      '/v1/addresses/{id}/what-if': {
        post: {
          summary: 'What-if: the answer with some inputs overridden, and the change per factor',
          parameters: [pathParam('id', '16-digit BAG verblijfsobject id')],
          requestBody: { required: true, content: { 'application/json': { schema: schema(whatIfSchema) } } },
          responses: { 200: json('before, after, changes', whatIfResponseSchema), ...errors },
        },
      },
      '/v1/buurten': {
        get: {
          summary: 'Buurten with aggregate risk (GeoJSON, or CSV with format=csv); counts of dwellings, small counts suppressed (SUPPRESS_BELOW)',
          parameters: queryParams(buurtenQuerySchema),
          responses: {
            200: { description: 'FeatureCollection or CSV', content: { 'application/geo+json': { schema: schema(buurtenResponseSchema, 'output') }, 'text/csv': {} } },
            ...notModified,
            ...errors,
          },
        },
      },
      '/v1/buurten/{code}': {
        get: { summary: 'One buurt with breakdowns', parameters: [pathParam('code', 'CBS buurt code, e.g. BU04791110')], responses: { 200: json('buurt', buurtDetailResponseSchema), ...notModified, ...errors } },
      },
      '/tiles/buurten/{z}/{x}/{y}.mvt': {
        get: {
          summary: 'Mapbox vector tile of buurten with public (suppressed) properties; publicly cacheable',
          parameters: ['z', 'x', 'y'].map((n) => pathParam(n, n)),
          responses: { 200: { description: 'tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, ...notModified, ...errors },
        },
      },
      '/tiles/addresses/{z}/{x}/{y}.mvt': {
        get: {
          summary: 'Mapbox vector tile of address points with class and probability (from zoom 15; address-level, closed data)',
          parameters: ['z', 'x', 'y'].map((n) => pathParam(n, n)),
          responses: { 200: { description: 'tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, ...notModified, ...errors },
        },
      },
    },
    components: {
      responses: {
        Problem: {
          description: `RFC 9457 problem; code is one of ${Object.keys(PROBLEMS).join(', ')}`,
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                required: ['type', 'title', 'status', 'code', 'detail'],
                properties: {
                  type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' },
                  code: { type: 'string', enum: Object.keys(PROBLEMS) }, detail: { type: 'string' }, instance: { type: 'string' },
                  errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** A self-contained HTML page listing the API from its OpenAPI document (no external assets). */
export function docsPage(doc: Record<string, unknown>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paths = doc.paths as Record<string, Record<string, { summary?: string; parameters?: { name: string; in: string }[] }>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) =>
    `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${(op.parameters ?? []).map((p) => `<code>${esc(p.name)}</code>`).join(' ')}</td></tr>`));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Funderingsrisico API</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1a1a1a}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}</style></head>
<body><h1>Funderingsrisico API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>parameters</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

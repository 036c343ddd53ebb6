import { PROBLEMS } from './problems.js';
import { problem } from './openapi-parts.js';
import type { RouteSpec } from './route-spec.js';

const ROLE_WORDS: Record<string, string> = {
  public: 'Open: no key needed.',
  'any-key': 'Needs a valid key of any role.',
  planner: 'Needs a planner, inspector or admin key.',
  inspector: 'Needs an inspector or admin key.',
  admin: 'Needs an admin key.',
  system: 'Needs a system, inspector or admin key.',
};

/** One operation: the declared description plus its security and the access errors its role implies. */
function operation(operationId: string, spec: RouteSpec): Record<string, unknown> {
  const lower = spec.lowerRoleWith ? ` With \`${spec.lowerRoleWith.query}\`: ${ROLE_WORDS[spec.lowerRoleWith.role]}` : '';
  const closed = spec.role !== 'public';
  return {
    operationId,
    summary: spec.summary,
    description: `${ROLE_WORDS[spec.role]}${lower}${spec.addressLevel ? ' Address-level: every answer is audited and sent with Cache-Control: private, no-store.' : ''}`,
    'x-role': spec.role,
    ...(spec.lowerRoleWith ? { 'x-role-with': spec.lowerRoleWith } : {}),
    security: closed ? [{ bearerKey: [] }] : [{}, { bearerKey: [] }],
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: {
      ...spec.responses,
      401: problem,
      ...(closed ? { 403: problem } : {}),
      ...(spec.unlimited ? {} : { 429: problem }),
    },
  };
}

/**
 * The OpenAPI 3.1 description of the API, generated from the route declarations: request shapes come
 * from the zod schemas the routes validate with, security from the role each route is declared with,
 * and each operationId is the route's name in the table. The server is given relative (`/`): the
 * document describes whichever host serves it.
 */
export function openApiDocument(version: string, routes: Readonly<Record<string, RouteSpec>>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(routes)) {
    paths[spec.path] ??= {};
    paths[spec.path][spec.method] = operation(name, spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Funderingsrisico API',
      version,
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      description:
        'Foundation-pile risk per address and per buurt. Errors are RFC 9457 application/problem+json with a stable `code`. ' +
        'Buurt aggregates, the model and the docs are open; address-level routes need `Authorization: Bearer KEY` ' +
        '(roles: planner ⊂ inspector ⊂ admin, and system for scoring). 401 AUTHENTICATION_REQUIRED / INVALID_KEY, 403 FORBIDDEN, ' +
        '429 RATE_LIMITED (with Retry-After and RateLimit headers).',
    },
    servers: [{ url: '/', description: 'The server this document was fetched from' }],
    paths,
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key made with `npm run access -- add-key`.' },
      },
      responses: {
        Problem: {
          description: `RFC 9457 problem; code is one of ${Object.keys(PROBLEMS).join(', ')}`,
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                required: ['type', 'title', 'status', 'code', 'detail'],
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  code: { type: 'string', enum: Object.keys(PROBLEMS) },
                  detail: { type: 'string' },
                  instance: { type: 'string' },
                  errors: {
                    type: 'array',
                    items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
                  },
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
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) =>
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${(op.parameters ?? []).map((p) => `<code>${esc(p.name)}</code>`).join(' ')}</td></tr>`,
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Funderingsrisico API</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1a1a1a}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}</style></head>
<body><h1>Funderingsrisico API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>parameters</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

import type { Role, RouteAccess } from '../domain/access/roles.js';

/** A request the role × route tests send to a route (and OpenAPI shows as an example). */
export interface RouteExample {
  /** The path with placeholders the tests fill from the data: {id}, {code}, {z}, {x}, {y}, {postcode}, {huisnummer}, {lon}, {lat}. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The lowest role this example needs, when lower than the route's (see {@link RouteSpec.lowerRoleWith}). */
  role?: RouteAccess;
}

/**
 * A route, declared once: method, path, the role allowed, and its OpenAPI description. The same object
 * registers the route (with its access guard), documents it in `/openapi.json` and drives the
 * role × route tests through its examples.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path template: `/v1/addresses/{id}`, `/tiles/buurten/{z}/{x}/{y}.mvt`. */
  path: string;
  /** The lowest role that may call it (or any valid key). */
  role: RouteAccess;
  /** A lower role is enough when this query parameter is present (address search is for planners). */
  lowerRoleWith?: { query: string; role: Role };
  /**
   * Address-level (closed) data: every answer is audited, sent with `Cache-Control: private, no-store`,
   * and the request log shows the route pattern instead of the URL (no postcode and number in clear).
   */
  addressLevel?: boolean;
  /** Not rate limited (health probes and metrics scrapes). */
  unlimited?: boolean;
  summary: string;
  parameters?: object[];
  requestBody?: object;
  /** Success and route-specific error responses; 401/403/429 are added from `role`. */
  responses: Record<string, object>;
  examples: RouteExample[];
}

/** The Express path of a route: `{name}` becomes `:name`. */
export function expressPath(spec: Pick<RouteSpec, 'path'>): string {
  return spec.path.replace(/\{(\w+)\}/g, ':$1');
}

/** A regular expression matching the route's path exactly, or, with `loose`, in any casing and with a trailing slash. */
export function pathPattern(spec: Pick<RouteSpec, 'path'>, loose = false): RegExp {
  const body = spec.path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return loose ? new RegExp(`^${body}/*$`, 'i') : new RegExp(`^${body}$`);
}

/** The role a request needs for a route. */
export function roleNeeded(spec: RouteSpec, query: Record<string, unknown>): RouteAccess {
  return spec.lowerRoleWith && spec.lowerRoleWith.query in query ? spec.lowerRoleWith.role : spec.role;
}

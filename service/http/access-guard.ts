import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { addressIdsIn } from '../domain/access/audit-entry.js';
import { OidcVerifier } from '../domain/access/oidc.js';
import { type Role, allows } from '../domain/access/roles.js';
import type { AppDeps } from './deps.js';
import { ApiError } from './problems.js';
import type { RateLimiter } from './rate-limit.js';
import { type RouteSpec, roleNeeded } from './route-spec.js';

/** Who is calling: a key's role, id and name, or the anonymous public. */
export interface Principal {
  role: Role;
  keyId: string | null;
  keyName: string | null;
}

const ANONYMOUS: Principal = Object.freeze({ role: 'public', keyId: null, keyName: null });
const CHALLENGE = 'Bearer realm="funderingsrisico"';

/** The caller of this request (anonymous until the guard ran). */
export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? ANONYMOUS;
}

/** The route this request matched, when it matched one. */
export function routeSpecOf(res: Response): RouteSpec | undefined {
  return res.locals.routeSpec as RouteSpec | undefined;
}

/** Reads `Authorization: Bearer KEY`; no header is anonymous, a bad or unknown key is 401 INVALID_KEY. */
export async function authenticate(req: Request, res: Response, deps: AppDeps): Promise<Principal> {
  const header = req.get('authorization');
  if (header === undefined) return ANONYMOUS;
  const m = /^Bearer +(\S{1,8000}) *$/i.exec(header);
  const { oidc } = deps.access;
  if (m && oidc && OidcVerifier.looksLikeToken(m[1])) {
    const token = await oidc.verify(m[1]).catch(() => null);
    if (token) return { role: token.role, keyId: `oidc:${token.subject}`, keyName: token.subject };
  }
  const record = m ? await deps.access.keyRing.authenticate(m[1]) : null;
  if (!record) {
    res.setHeader('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
    throw new ApiError('INVALID_KEY', m ? 'The key is unknown, revoked or expired.' : 'Send the key as Authorization: Bearer KEY.');
  }
  return { role: record.role, keyId: record.id, keyName: record.name };
}

/** 401 for the anonymous, 403 for a key whose role is too low. */
export function refuse(res: Response, principal: Principal, need: string): never {
  if (principal.role === 'public') {
    res.setHeader('WWW-Authenticate', CHALLENGE);
    throw new ApiError('AUTHENTICATION_REQUIRED', `This route needs a key (role ${need} or higher): send Authorization: Bearer KEY.`);
  }
  throw new ApiError('FORBIDDEN', `The key "${principal.keyName}" has role ${principal.role}; this route needs ${need}.`);
}

/** Counts the request against its caller's per-minute limit; 429 RATE_LIMITED when it is used up. */
function limit(req: Request, res: Response, deps: AppDeps, limiter: RateLimiter, principal: Principal | null): void {
  const byKey = principal?.keyId != null;
  const d = limiter.hit(
    byKey ? `key:${principal!.keyId}` : `ip:${req.ip ?? req.socket.remoteAddress ?? '?'}`,
    byKey ? deps.config.rateLimitKeyPerMin : deps.config.rateLimitAnonPerMin,
  );
  res.setHeader('RateLimit-Policy', `${d.limit};w=60`);
  res.setHeader('RateLimit', `limit=${d.limit}, remaining=${d.remaining}, reset=${d.resetS}`);
  if (d.allowed) return;
  res.setHeader('Retry-After', String(d.resetS));
  throw new ApiError(
    'RATE_LIMITED',
    `At most ${d.limit} requests a minute ${byKey ? 'per key' : 'per IP address without a key'}; try again in ${d.resetS} s.`,
  );
}

/** Address-level answers: never cached by shared caches, and every answer sent is audited. */
function auditAnswer(req: Request, res: Response, deps: AppDeps, spec: RouteSpec, principal: Principal): void {
  res.setHeader('Cache-Control', 'private, no-store');
  let ids: string[] = [];
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string') ids = addressIdsIn(body);
    return send(body);
  };
  res.on('finish', () => {
    if (res.statusCode >= 400) return;
    const tile = ['z', 'x', 'y'].every((k) => k in req.params) ? `tile ${req.params.z}/${req.params.x}/${req.params.y}` : null;
    deps.access.auditLog.record({
      at: new Date().toISOString(),
      requestId: String(res.getHeader('X-Request-Id') ?? ''),
      keyId: principal.keyId,
      keyName: principal.keyName,
      role: principal.role,
      ip: req.ip ?? null,
      method: req.method,
      route: spec.path,
      status: res.statusCode,
      addressIds: ids,
      detail: tile ?? (Object.keys(req.query).length > 0 ? `query ${Object.keys(req.query).sort().join(',')}` : null),
    });
  });
}

/** The guard in front of one declared route: authenticate, rate-limit, authorise, then audit address-level reads. */
export function guardFor(spec: RouteSpec, deps: AppDeps, limiter: RateLimiter): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.routeSpec = spec;
    let principal: Principal | null = null;
    let failure: unknown = null;
    try {
      principal = await authenticate(req, res, deps);
    } catch (err) {
      failure = err;
    }
    if (!spec.unlimited || failure) limit(req, res, deps, limiter, principal);
    if (failure || !principal) throw failure;
    res.locals.principal = principal;
    const need = roleNeeded(spec, req.query as Record<string, unknown>);
    if (!allows(principal.role, need)) refuse(res, principal, need);
    if (spec.addressLevel) auditAnswer(req, res, deps, spec, principal);
    next();
  };
}

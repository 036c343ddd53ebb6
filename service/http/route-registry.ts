import { Router, type RequestHandler } from 'express';
import { guardFor } from './access-guard.js';
import type { AppDeps } from './deps.js';
import { jsonBodies } from './json-bodies.js';
import type { RateLimiter } from './rate-limit.js';
import { type RouteSpec, expressPath } from './route-spec.js';

/**
 * Registers declared routes ({@link RouteSpec}) with their access guard on one exact (case-sensitive,
 * strict) router. Each declaration is registered once; {@link assertComplete} finds any left out.
 */
export class RouteRegistry {
  readonly router = Router({ caseSensitive: true, strict: true });
  private readonly registered = new Set<RouteSpec>();
  private readonly bodies: RequestHandler;

  constructor(
    private readonly deps: AppDeps,
    private readonly limiter: RateLimiter,
  ) {
    this.bodies = jsonBodies(deps.config.bodyLimitBytes);
  }

  /** Registers the handler of a declared route behind its guard (and, for POST, the body parser after it). */
  on(spec: RouteSpec, handler: RequestHandler): this {
    if (this.registered.has(spec)) throw new Error(`route ${spec.method.toUpperCase()} ${spec.path} is registered twice`);
    this.registered.add(spec);
    const guard = guardFor(spec, this.deps, this.limiter);
    if (spec.method === 'post') this.router.post(expressPath(spec), guard, this.bodies, handler);
    else if (spec.method === 'delete') this.router.delete(expressPath(spec), guard, handler);
    else this.router.get(expressPath(spec), guard, handler);
    return this;
  }

  /** Throws when a declared route has no handler. */
  assertComplete(specs: readonly RouteSpec[]): void {
    const missing = specs.filter((s) => !this.registered.has(s));
    if (missing.length > 0)
      throw new Error(`declared routes without a handler: ${missing.map((s) => `${s.method.toUpperCase()} ${s.path}`).join(', ')}`);
  }
}

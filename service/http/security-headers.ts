import type { NextFunction, Request, Response } from 'express';

/**
 * The Content-Security-Policy. The viewer loads only its own files: scripts and MapLibre's module
 * worker from 'self' (and MapLibre may start a worker from a blob: URL), styles from 'self' plus
 * inline style attributes (MapLibre and the charts set them), images from data:/blob: (map sprites,
 * canvases), API calls to 'self'. `extraOrigins` (CSP_EXTRA_ORIGINS, e.g. a basemap's tile server) may
 * also be fetched from and shown as images. Framing is refused everywhere.
 */
export function contentSecurityPolicy(extraOrigins: readonly string[] = []): string {
  const extra = extraOrigins.map((o) => ` ${o}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Security headers on every answer (API and viewer), and no source maps in public. */
export function securityHeaders(extraOrigins: readonly string[] = []) {
  const csp = contentSecurityPolicy(extraOrigins);
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'geolocation=(), camera=(), microphone=()');
    next();
  };
}

/** True for a request of a source map, which the service never serves. */
export function isSourceMap(path: string): boolean {
  return path.endsWith('.map');
}

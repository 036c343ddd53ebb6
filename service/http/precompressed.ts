import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { RequestHandler } from 'express';

/** The encodings the viewer build writes beside each file (viewer/build.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the viewer's precompressed siblings (`app.js.br`, `vendor/maplibre-gl.mjs.gz`, …) to clients that
 * accept the encoding: brotli at quality 11 is ≈ 20 % smaller than the on-the-fly compression of
 * service/http/compress.ts, and costs no CPU per request. The answer keeps the original file's
 * `Content-Type`, says `Content-Encoding` and `Vary: Accept-Encoding`; the on-the-fly compression leaves
 * an answer that already has a `Content-Encoding` alone, so nothing is compressed twice. Files without a
 * sibling (or clients accepting neither) fall through to `express.static`.
 */
export function precompressedStatic(root: string, options: { maxAge: number }): RequestHandler {
  const base = normalize(root + sep);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const rel = path.endsWith('/') ? `${path}index.html` : path;
    const file = normalize(join(base, rel));
    if (!file.startsWith(base) || rel.split('/').some((part) => part.startsWith('.'))) return next();
    // The server's order decides among accepted encodings (Chromium lists gzip before br, with equal weight).
    const encoding = ENCODINGS.find((e) => req.acceptsEncodings(e.name) === e.name);
    if (!encoding) return next();
    const sibling = file + encoding.suffix;
    if (!existsSync(file) || !existsSync(sibling)) return next();
    const stat = statSync(sibling);
    if (!stat.isFile()) return next();
    res.vary('Accept-Encoding');
    // The app turns Express's body ETags off, and res.sendFile follows that setting; a validator per encoded
    // file (size, time, encoding) lets browsers revalidate the 5-minute cache with a 304.
    const etag = `W/"${stat.size.toString(16)}-${Math.trunc(stat.mtimeMs).toString(16)}-${encoding.name}"`;
    res.setHeader('ETag', etag);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Encoding', encoding.name);
    res.type(extname(file) || 'application/octet-stream');
    res.sendFile(sibling, { maxAge: options.maxAge, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) {
        res.removeHeader('Content-Encoding');
        next();
      }
    });
  };
}

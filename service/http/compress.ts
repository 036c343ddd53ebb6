import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Mapbox vector tiles are plain protobuf here (neither store gzips them), so they compress well. */
const MVT = /^application\/vnd\.mapbox-vector-tile\b/;

/**
 * gzip/brotli for every compressible answer of 1 kB or more when the client accepts it: JSON, GeoJSON,
 * CSV, problem+json, the viewer's HTML/JS/CSS and the vector tiles (`compressible` does not list
 * `application/vnd.mapbox-vector-tile`, so they are added here). The tile stores return uncompressed
 * bytes, so a tile is compressed exactly once, and `Content-Encoding` plus `Vary: Accept-Encoding` say so.
 */
export function compress(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) => MVT.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res),
  });
}

import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { formatCsv } from '../../adapters/dataset/csv.js';
import { BUURT_CSV_COLUMNS, buurtPublic } from '../../domain/buurt-feature.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { buurtCodeSchema, buurtenQuerySchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** Sends a cacheable body with a strong ETag; answers 304 when the client already has it. */
export function sendCached(req: Request, res: Response, type: string, body: string | Buffer, maxAgeS = 300, visibility: 'public' | 'private' = 'public'): void {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  // Private (address-level) answers are never stored: a signed-out browser must not keep them.
  res.setHeader('Cache-Control', visibility === 'private' ? 'private, no-store' : `public, max-age=${maxAgeS}`);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

/** Planner endpoints: buurten with aggregate risk (public, small counts suppressed). */
export function buurtRoutes({ store, config, manifest }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.buurten, async (req, res) => {
    const { format } = parseOr400(buurtenQuerySchema, req.query, 'query');
    const [info, buurten] = await Promise.all([store.info(queryOptions(res)), store.listBuurten(queryOptions(res))]);
    const publics = buurten.map(({ buurt, stats }) => ({ buurt, ...buurtPublic(buurt, stats, config.suppressBelow) }));
    if (format === 'csv') {
      res.setHeader('Content-Disposition', 'attachment; filename="buurten-funderingsrisico.csv"');
      return sendCached(req, res, 'text/csv; charset=utf-8', formatCsv(BUURT_CSV_COLUMNS, publics.map((p) => p.properties)));
    }
    const fc = {
      type: 'FeatureCollection',
      metadata: {
        synthetic: info.synthetic, schematic: buurten.some((b) => b.buurt.schematic), modelVersion: manifest.version,
        datasetName: info.name, datasetVersion: info.version, suppressedBelow: config.suppressBelow,
        scale: manifest.stockCalibration ? 'stock' : 'survey-relative',
      },
      features: publics.map((p) => ({ type: 'Feature', id: p.buurt.code, properties: p.properties, geometry: p.buurt.geometry })),
    };
    sendCached(req, res, 'application/geo+json', JSON.stringify(fc));
  });

  r.on(ROUTES.buurt, async (req, res) => {
    const code = parseOr400(buurtCodeSchema, req.params.code, 'buurt code', 'code');
    const entry = await store.getBuurt(code, queryOptions(res));
    if (!entry) throw new ApiError('BUURT_NOT_FOUND', `No buurt with code ${code}.`);
    const { properties, summary } = buurtPublic(entry.buurt, entry.stats, config.suppressBelow);
    sendCached(req, res, 'application/json', JSON.stringify({ ...properties, byPeriod: summary.byPeriod, byClass: summary.byClass, modelVersion: manifest.version }));
  });
}

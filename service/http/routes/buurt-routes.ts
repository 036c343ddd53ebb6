import type { Request, Response } from 'express';
import { BUURT_CSV_COLUMNS, buurtPublic } from '../../domain/buurt-feature.js';
import { type CsvDialect, formatCsvIn, PLAIN_CSV } from '../../domain/csv-dialect.js';
import { requestCsvDialect } from '../csv-request.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import { type CachedBody, PublicAnswers, cachedBody } from '../public-answers.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import type { ServedDatasetInfo } from '../../ports/store.js';
import { buurtCodeSchema, buurtenQuerySchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** Sends a cacheable body with a strong ETag; answers 304 when the client already has it. */
export function sendCached(
  req: Request,
  res: Response,
  type: string,
  answer: string | Buffer | CachedBody,
  maxAgeS = 300,
  visibility: 'public' | 'private' = 'public',
): void {
  const { body, etag } = typeof answer === 'string' || Buffer.isBuffer(answer) ? cachedBody(answer) : answer;
  res.setHeader('ETag', etag);
  // Private (address-level) answers are never stored: a signed-out browser must not keep them.
  res.setHeader('Cache-Control', visibility === 'private' ? 'private, no-store' : `public, max-age=${maxAgeS}`);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

/**
 * Planner endpoints: buurten with aggregate risk (public, small counts suppressed). The answers depend
 * only on the loaded data, so each is serialised once per load ({@link PublicAnswers}); the shared
 * read runs without any one request's abort signal, so a client that leaves cannot fail the others.
 */
export function buurtRoutes({ store, config, manifest }: AppDeps, r: RouteRegistry): void {
  const answers = new PublicAnswers();

  const collection = async (info: ServedDatasetInfo, csv: CsvDialect | null): Promise<CachedBody> => {
    const buurten = await store.listBuurten();
    const publics = buurten.map(({ buurt, stats }) => ({ buurt, ...buurtPublic(buurt, stats, config.suppressBelow) }));
    if (csv)
      return cachedBody(
        formatCsvIn(
          csv,
          BUURT_CSV_COLUMNS,
          publics.map((p) => p.properties),
        ),
      );
    return cachedBody(
      JSON.stringify({
        type: 'FeatureCollection',
        metadata: {
          synthetic: info.synthetic,
          schematic: buurten.some((b) => b.buurt.schematic),
          modelVersion: manifest.version,
          datasetName: info.name,
          datasetVersion: info.version,
          suppressedBelow: config.suppressBelow,
          scale: manifest.stockCalibration ? 'stock' : 'survey-relative',
        },
        features: publics.map((p) => ({ type: 'Feature', id: p.buurt.code, properties: p.properties, geometry: p.buurt.geometry })),
      }),
    );
  };

  r.on(ROUTES.buurten, async (req, res) => {
    const { format, ...dialectQuery } = parseOr400(buurtenQuerySchema, req.query, 'query');
    const info = await store.info(queryOptions(res));
    const csv = format === 'csv' ? requestCsvDialect(req, dialectQuery, PLAIN_CSV) : null;
    const kind = csv ? `csv:${JSON.stringify(csv)}` : 'geojson';
    const answer = (await answers.get(info, kind, () => collection(info, csv)))!;
    if (csv) {
      res.vary('Accept'); // the dialect may come from Accept's text/csv parameters
      res.setHeader('Content-Disposition', 'attachment; filename="buurten-funderingsrisico.csv"');
      return sendCached(req, res, 'text/csv; charset=utf-8', answer);
    }
    sendCached(req, res, 'application/geo+json', answer);
  });

  r.on(ROUTES.buurt, async (req, res) => {
    const code = parseOr400(buurtCodeSchema, req.params.code, 'buurt code', 'code');
    const info = await store.info(queryOptions(res));
    const answer = await answers.get(info, `buurt:${code}`, async () => {
      const entry = await store.getBuurt(code);
      if (!entry) return null;
      const { properties, summary } = buurtPublic(entry.buurt, entry.stats, config.suppressBelow);
      return cachedBody(
        JSON.stringify({ ...properties, byPeriod: summary.byPeriod, byClass: summary.byClass, modelVersion: manifest.version }),
      );
    });
    if (!answer) throw new ApiError('BUURT_NOT_FOUND', `No buurt with code ${code}.`);
    sendCached(req, res, 'application/json', answer);
  });
}

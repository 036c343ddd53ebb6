import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { buurtCodeSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';
import { OgcBuurtSource, buurtenIn } from '../ogc-buurten.js';
import { collection, collections, conformance, feature, itemsPage, landingPage } from '../ogc-documents.js';
import { collectionHtml, collectionsHtml, conformanceHtml, itemHtml, itemsHtml, landingHtml } from '../ogc-html.js';
import {
  CRS84,
  ITEMS_DEFAULT_LIMIT,
  ITEMS_MAX_LIMIT,
  type OgcCrs,
  ogcFormatQuerySchema,
  ogcItemQuerySchema,
  ogcItemsQuerySchema,
  parseOgcQuery,
} from '../ogc-params.js';

/** The base of the absolute links OGC clients follow: PUBLIC_URL, or else the scheme and host the client used. */
export function baseUrlOf(req: Request, publicUrl: string | null): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** HTML when `f=html`, or without `f` when the client prefers text/html to JSON. */
function wantsHtml(req: Request, f: 'json' | 'html' | undefined, htmlFirst = false): boolean {
  if (f) return f === 'html';
  const offered = htmlFirst
    ? ['text/html', 'application/json', 'application/geo+json']
    : ['application/json', 'application/geo+json', 'text/html'];
  return req.accepts(offered) === 'text/html';
}

/** Sends a negotiated answer: public, cacheable for five minutes, varying by Accept. */
function send(res: Response, type: string, body: string, crs?: OgcCrs): void {
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'public, max-age=300');
  if (crs) res.setHeader('Content-Crs', `<${crs}>`);
  res.type(type).send(body);
}

/**
 * OGC API – Features for the public buurten (the same suppressed aggregates `/v1/buurten` serves):
 * landing page, conformance, collections, the buurten collection, its items (bbox, limit/offset paging,
 * crs/bbox-crs in CRS84 or RD New) and single items, each as JSON or HTML. `GET /` shows the viewer
 * to browsers and the landing page to clients asking for JSON (or `f=json|html`).
 */
export function ogcRoutes({ store, config }: AppDeps, r: RouteRegistry): void {
  const source = new OgcBuurtSource(store, config.suppressBelow);
  const viewerIndex = join(config.viewerDir, 'index.html');
  const setOf = async (res: Response) => source.get(await store.info(queryOptions(res)));

  r.on(ROUTES.ogcLanding, (req, res, next) => {
    // A browser without f: the map viewer (served by the static handler after the routes), when it is
    // built, whatever else the query holds (the viewer's own parameters, e.g. ?basemap=…, are not OGC's).
    if (req.query.f === undefined && wantsHtml(req, undefined, true) && existsSync(viewerIndex)) {
      res.setHeader('Vary', 'Accept');
      return next();
    }
    const { f } = parseOgcQuery(ogcFormatQuerySchema, req.query);
    const html = wantsHtml(req, f, true);
    const base = baseUrlOf(req, config.publicUrl);
    const doc = landingPage(base, html);
    send(res, html ? 'html' : 'application/json', html ? landingHtml(base, doc) : JSON.stringify(doc));
  });

  r.on(ROUTES.ogcConformance, (req, res) => {
    const { f } = parseOgcQuery(ogcFormatQuerySchema, req.query);
    const html = wantsHtml(req, f);
    send(
      res,
      html ? 'html' : 'application/json',
      html ? conformanceHtml(baseUrlOf(req, config.publicUrl), conformance()) : JSON.stringify(conformance()),
    );
  });

  r.on(ROUTES.ogcCollections, async (req, res) => {
    const { f } = parseOgcQuery(ogcFormatQuerySchema, req.query);
    const html = wantsHtml(req, f);
    const base = baseUrlOf(req, config.publicUrl);
    const doc = collections(base, await setOf(res), html);
    send(res, html ? 'html' : 'application/json', html ? collectionsHtml(base, doc) : JSON.stringify(doc));
  });

  r.on(ROUTES.ogcCollection, async (req, res) => {
    const { f } = parseOgcQuery(ogcFormatQuerySchema, req.query);
    const html = wantsHtml(req, f);
    const base = baseUrlOf(req, config.publicUrl);
    const doc = collection(base, await setOf(res), html);
    send(res, html ? 'html' : 'application/json', html ? collectionHtml(base, doc) : JSON.stringify(doc));
  });

  r.on(ROUTES.ogcItems, async (req, res) => {
    const q = parseOgcQuery(ogcItemsQuerySchema, req.query);
    const html = wantsHtml(req, q.f);
    const set = await setOf(res);
    const crs = q.crs ?? CRS84;
    const matched = q.bbox ? buurtenIn(set.buurten, q.bbox, q['bbox-crs'] ?? CRS84) : set.buurten;
    const raw = req.query as Record<string, string | undefined>;
    const offset = q.offset ?? 0;
    const base = baseUrlOf(req, config.publicUrl);
    const page = itemsPage(
      base,
      matched,
      {
        limit: Math.min(q.limit ?? ITEMS_DEFAULT_LIMIT, ITEMS_MAX_LIMIT),
        offset,
        crs,
        carried: { bbox: raw.bbox, 'bbox-crs': raw['bbox-crs'], crs: raw.crs, datetime: raw.datetime },
      },
      html,
    );
    send(res, html ? 'html' : 'application/geo+json', html ? itemsHtml(base, page, offset) : JSON.stringify(page), crs);
  });

  r.on(ROUTES.ogcItem, async (req, res) => {
    const code = parseOr400(buurtCodeSchema, req.params.code, 'buurt code', 'code');
    const q = parseOgcQuery(ogcItemQuerySchema, req.query);
    const html = wantsHtml(req, q.f);
    const found = (await setOf(res)).buurten.find((b) => b.code === code);
    if (!found) throw new ApiError('BUURT_NOT_FOUND', `No buurt with code ${code}.`);
    const crs = q.crs ?? CRS84;
    const base = baseUrlOf(req, config.publicUrl);
    const doc = feature(base, found, crs, true, html);
    send(res, html ? 'html' : 'application/geo+json', html ? itemHtml(base, doc) : JSON.stringify(doc), crs);
  });
}

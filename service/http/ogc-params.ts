import { z } from 'zod';
import { ApiError } from './problems.js';
import { parseOr400 } from './validate.js';

/** The CRS URIs OGC API – Features names (Part 1 default, Part 2 others). */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const RD_NEW = 'http://www.opengis.net/def/crs/EPSG/0/28992';
/** The CRSs the buurten collection is served in, CRS84 (lon/lat degrees) first. */
export const OGC_CRS_LIST = [CRS84, RD_NEW] as const;
export type OgcCrs = (typeof OGC_CRS_LIST)[number];

/** Default and largest page size of `/collections/buurten/items`; a larger `limit` is lowered to the largest (OGC API – Features 7.15.4). */
export const ITEMS_DEFAULT_LIMIT = 100;
export const ITEMS_MAX_LIMIT = 1000;

const CRS_NAMES: Record<string, OgcCrs> = {
  [CRS84]: CRS84,
  'https://www.opengis.net/def/crs/OGC/1.3/CRS84': CRS84,
  'OGC:CRS84': CRS84,
  '[OGC:CRS84]': CRS84,
  [RD_NEW]: RD_NEW,
  'https://www.opengis.net/def/crs/EPSG/0/28992': RD_NEW,
  'EPSG:28992': RD_NEW,
  '[EPSG:28992]': RD_NEW,
};

const crs = (name: string) =>
  z.string().transform((s, ctx) => {
    const found = CRS_NAMES[s.trim()];
    if (!found) ctx.addIssue({ code: 'custom', message: `${name} must be one of ${OGC_CRS_LIST.join(', ')}` });
    return found ?? CRS84;
  });

const format = z.enum(['json', 'html'], { error: 'f must be json or html' });

const bbox = z.string().transform((s, ctx) => {
  const parts = s.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be 4 (or 6, with heights) comma-separated numbers: minx,miny,maxx,maxy' });
    return z.NEVER;
  }
  const [x1, y1, x2, y2] = parts.length === 4 ? parts : [parts[0], parts[1], parts[3], parts[4]];
  if (y1 > y2) ctx.addIssue({ code: 'custom', message: 'bbox: the lower corner (miny) must not be above the upper corner (maxy)' });
  return [x1, y1, x2, y2] as [number, number, number, number];
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;
const datetime = z.string().refine((s) => {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  return parts.every((p) => (parts.length === 2 && (p === '..' || p === '')) || RFC3339.test(p));
}, 'datetime must be an RFC 3339 date-time or an interval (start/end, with .. for open ends)');

const whole = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`));

/** `?f=` alone (landing page, conformance, collections, one collection). */
export const ogcFormatQuerySchema = z.object({ f: format.optional() });

/** The parameters of `/collections/buurten/items`. */
export const ogcItemsQuerySchema = z.object({
  f: format.optional(),
  limit: whole('limit', 1, 999_999_999)
    .optional()
    .describe(`page size, default ${ITEMS_DEFAULT_LIMIT}; values above ${ITEMS_MAX_LIMIT} are lowered to ${ITEMS_MAX_LIMIT}`),
  offset: whole('offset', 0, 999_999_999).optional().describe('features to skip (the next and prev links carry it)'),
  bbox: bbox.optional().describe('minx,miny,maxx,maxy in bbox-crs (default CRS84 lon/lat): only buurten whose geometry meets the box'),
  'bbox-crs': crs('bbox-crs').optional(),
  crs: crs('crs').optional().describe("CRS of the answer's geometries (Content-Crs says which); default CRS84"),
  datetime: datetime.optional().describe('accepted for OGC API conformance; buurten have no time, so every buurt matches'),
});

/** The parameters of `/collections/buurten/items/{code}`. */
export const ogcItemQuerySchema = z.object({ f: format.optional(), crs: crs('crs').optional() });

/**
 * Parses OGC query parameters: an unknown parameter (OGC API – Features /req/core/query-param-unknown)
 * or a bad value is a 400 problem naming the parameter.
 */
export function parseOgcQuery<S extends z.ZodObject>(schema: S, query: Record<string, unknown>): z.output<S> {
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const issues = unknown.map((k) => ({ path: k, message: `unknown parameter; this resource takes ${known.join(', ')}` }));
    throw new ApiError(
      'VALIDATION_FAILED',
      `Unknown query parameter ${unknown.join(', ')} (this resource takes ${known.join(', ')}).`,
      issues,
    );
  }
  return parseOr400(schema, query, 'query');
}

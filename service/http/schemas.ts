import { z } from 'zod';
import { type FeatureInput, FUNDERINGTYPES, WONINGTYPES } from '../features/feature-spec.js';
import { MAX_TILE_ZOOM } from '../domain/tile-zooms.js';

const nullableNumber = (min: number, max: number, what: string) =>
  z.number({ error: `${what} must be a number or null` }).finite().min(min, `${what} must be ≥ ${min}`).max(max, `${what} must be ≤ ${max}`).nullish();

/**
 * The feature fields as sent: each may be absent or null (unknown). Unknown keys are rejected. No
 * per-field transforms: one transform at the end fills the absent ones, which validates a 10,000-row
 * batch about three times faster.
 */
const featureFields = z.strictObject({
  bouwjaar: z.number().int('bouwjaar must be a whole year').min(1000).max(2100).nullish(),
  woningtype: z.enum(WONINGTYPES).nullish(),
  bouwlagen: z.number().int().min(1).max(100).nullish(),
  maaiveld_nap_m: nullableNumber(-10, 50, 'maaiveld_nap_m'),
  veendikte_m: nullableNumber(0, 30, 'veendikte_m'),
  pleistoceen_nap_m: nullableNumber(-60, 10, 'pleistoceen_nap_m'),
  grondwater_nap_m: nullableNumber(-15, 50, 'grondwater_nap_m'),
  bodemdaling_mm_jr: nullableNumber(-50, 20, 'bodemdaling_mm_jr'),
  paallengte_m: nullableNumber(0, 60, 'paallengte_m'),
  funderingtype: z.enum(FUNDERINGTYPES).nullish(),
});

/** Absent fields become null. Spelled out (not built from FEATURE_INPUT_KEYS) so every row gets one object shape. */
const filled = (x: Partial<Record<keyof FeatureInput, unknown>>): FeatureInput => ({
  bouwjaar: (x.bouwjaar ?? null) as FeatureInput['bouwjaar'],
  woningtype: (x.woningtype ?? null) as FeatureInput['woningtype'],
  bouwlagen: (x.bouwlagen ?? null) as FeatureInput['bouwlagen'],
  maaiveld_nap_m: (x.maaiveld_nap_m ?? null) as FeatureInput['maaiveld_nap_m'],
  veendikte_m: (x.veendikte_m ?? null) as FeatureInput['veendikte_m'],
  pleistoceen_nap_m: (x.pleistoceen_nap_m ?? null) as FeatureInput['pleistoceen_nap_m'],
  grondwater_nap_m: (x.grondwater_nap_m ?? null) as FeatureInput['grondwater_nap_m'],
  bodemdaling_mm_jr: (x.bodemdaling_mm_jr ?? null) as FeatureInput['bodemdaling_mm_jr'],
  paallengte_m: (x.paallengte_m ?? null) as FeatureInput['paallengte_m'],
  funderingtype: (x.funderingtype ?? null) as FeatureInput['funderingtype'],
});

/**
 * One row for `POST /v1/score`: the feature inputs without a known pile length, which the model does
 * not use (it was trained on the estimate surface − sand); sending it is an error rather than ignored.
 */
export const scoreRowSchema = featureFields.omit({ paallengte_m: true }).transform(filled);

/** A batch for `POST /v1/score`: rows are validated one by one so one bad row does not fail the batch. */
export const scoreBatchSchema = z.strictObject({ rows: z.array(z.unknown()) });

/** `?explain=true|false` on the score endpoint. */
export const scoreQuerySchema = z.object({ explain: z.enum(['true', 'false']).optional().transform((v) => v === 'true') });

/** What-if overrides: any subset of the feature inputs. */
export const whatIfSchema = z.strictObject({
  overrides: featureFields.partial().refine((o) => Object.keys(o).length > 0, 'give at least one override'),
});

const postcode = z.string().transform((s) => s.replace(/\s+/g, '').toUpperCase()).pipe(z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, 'postcode must look like 1506AB'));

/** Exact address lookup parameters. */
export const postcodeLookupSchema = z.strictObject({
  postcode,
  huisnummer: z.coerce.number({ error: 'huisnummer must be a number' }).int('huisnummer must be a whole number').min(1).max(99999),
  huisletter: z.string().regex(/^[A-Za-z]$/, 'huisletter must be one letter').transform((s) => s.toUpperCase()).optional(),
  toevoeging: z.string().regex(/^[A-Za-z0-9]{1,4}$/, 'toevoeging must be 1–4 letters or digits').transform((s) => s.toUpperCase()).optional(),
});

/** Reverse lookup by WGS84 lon/lat. */
export const lonLatSchema = z.strictObject({
  lon: z.coerce.number().finite().min(-180).max(180),
  lat: z.coerce.number().finite().min(-90).max(90),
  radius: z.coerce.number().finite().positive().max(1000).optional(),
});

/** Reverse lookup by RD New x/y (EPSG:28992, metres). */
export const rdSchema = z.strictObject({
  x: z.coerce.number().finite().min(-7000).max(300000),
  y: z.coerce.number().finite().min(289000).max(629000),
  radius: z.coerce.number().finite().positive().max(1000).optional(),
});

/** Autocomplete. */
export const searchSchema = z.strictObject({
  q: z.string(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** A BAG verblijfsobject id in the path. */
export const addressIdSchema = z.string().regex(/^\d{16}$/, 'an address id is a 16-digit BAG verblijfsobject id');

/** A CBS buurt code in the path. */
export const buurtCodeSchema = z.string().regex(/^BU\d{8}$/, 'a buurt code looks like BU04791110');

/** `?format=` on the buurten endpoint. */
export const buurtenQuerySchema = z.strictObject({ format: z.enum(['geojson', 'csv']).optional() });

/** `?gemeente=` on the wijken endpoint. */
export const areasQuerySchema = z.strictObject({ gemeente: z.string().regex(/^GM\d{4}$/, 'a gemeente code looks like GM0479').optional() });

/** Tile path parameters. */
export const tileSchema = z.object({
  layer: z.enum(['buurten', 'addresses', 'gemeenten', 'wijken']),
  z: z.coerce.number().int().min(0).max(MAX_TILE_ZOOM),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
}).refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x and y must be below 2^z');

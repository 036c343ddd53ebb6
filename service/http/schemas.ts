import { z } from 'zod';
import type { FeatureInput } from '../features/feature-spec.js';
import { FEATURE_INPUT_KEYS, type InputSpec, MODEL_INPUT_SPECS, WHAT_IF_SPECS } from '../features/inputs.js';
import {
  BAG_ID_PATTERN,
  BUURT_CODE_PATTERN,
  GEMEENTE_CODE_PATTERN,
  HUISLETTER_PATTERN,
  POSTCODE_PATTERN,
  TOEVOEGING_PATTERN,
  normalisePostcode,
} from '../domain/ids.js';
import { MAX_TILE_ZOOM } from '../domain/tile-zooms.js';

/** The HTTP field of one registry input: its type and range, absent or null meaning unknown. */
export function inputFieldSchema(spec: InputSpec): z.ZodType {
  const what = spec.name;
  switch (spec.type) {
    case 'category':
      return z.enum(spec.categories).nullish();
    case 'string':
      return z.string().min(1).max(spec.maxLength).nullish();
    case 'integer':
      return z
        .number()
        .int(spec.wholeMessage ?? `${what} must be a whole number`)
        .min(spec.min)
        .max(spec.max)
        .nullish();
    case 'number':
      return z
        .number({ error: `${what} must be a number or null` })
        .finite()
        .min(spec.min, `${what} must be ≥ ${spec.min}`)
        .max(spec.max, `${what} must be ≤ ${spec.max}`)
        .nullish();
  }
}

const fieldsOf = (specs: readonly InputSpec[]) => z.strictObject(Object.fromEntries(specs.map((s) => [s.name, inputFieldSchema(s)])));

/** Every input unknown: the template each row starts from, so every row gets one object shape. */
const UNKNOWN: Readonly<Record<string, null>> = Object.fromEntries(FEATURE_INPUT_KEYS.map((k) => [k, null]));

/**
 * Absent fields become null. No per-field transforms: one transform at the end (copying the template,
 * then the given fields) validates a 10,000-row batch about three times faster; a loop over all keys
 * building a fresh object costs about twice this copy.
 */
const filled = (x: Record<string, unknown>): FeatureInput => {
  const out: Record<string, unknown> = { ...UNKNOWN };
  for (const key in x) if (x[key] !== undefined) out[key] = x[key];
  return out as FeatureInput;
};

/**
 * One row for `POST /v1/score`: exactly the inputs the model uses (the registry's `model`), each may be
 * absent or null (unknown); unknown keys are rejected. A known pile length is not a model input (the
 * model was trained on the estimate surface − sand), so sending it is an error rather than ignored.
 */
export const scoreRowSchema = fieldsOf(MODEL_INPUT_SPECS).transform(filled);

/** A batch for `POST /v1/score`: rows are validated one by one so one bad row does not fail the batch. */
export const scoreBatchSchema = z.strictObject({ rows: z.array(z.unknown()) });

/** `?explain=true|false` on the score endpoint. */
export const scoreQuerySchema = z.object({
  explain: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** What-if overrides: any subset of the feature inputs. */
export const whatIfSchema = z.strictObject({
  overrides: (fieldsOf(WHAT_IF_SPECS) as unknown as z.ZodType<Partial<FeatureInput>>).refine(
    (o) => Object.keys(o).length > 0,
    'give at least one override',
  ),
});

const postcode = z.string().transform(normalisePostcode).pipe(z.string().regex(POSTCODE_PATTERN, 'postcode must look like 1506AB'));

/** Exact address lookup parameters. */
export const postcodeLookupSchema = z.strictObject({
  postcode,
  huisnummer: z.coerce.number({ error: 'huisnummer must be a number' }).int('huisnummer must be a whole number').min(1).max(99999),
  huisletter: z
    .string()
    .regex(HUISLETTER_PATTERN, 'huisletter must be one letter')
    .transform((s) => s.toUpperCase())
    .optional(),
  toevoeging: z
    .string()
    .regex(TOEVOEGING_PATTERN, 'toevoeging must be 1–4 letters or digits')
    .transform((s) => s.toUpperCase())
    .optional(),
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
export const addressIdSchema = z.string().regex(BAG_ID_PATTERN, 'an address id is a 16-digit BAG verblijfsobject id');

/** A CBS buurt code in the path. */
export const buurtCodeSchema = z.string().regex(BUURT_CODE_PATTERN, 'a buurt code looks like BU04791110');

/** `?format=` on the buurten endpoint. */
/** `?sep=` and `?excel=` of a CSV export (service/domain/csv-dialect.ts). */
export const csvDialectQuery = {
  sep: z.enum([',', ';']).optional().describe("CSV: ';' for Dutch Excel (with a UTF-8 BOM, decimal point kept) or ','"),
  excel: z.enum(['nl']).optional().describe("CSV: 'nl' writes what Dutch Excel writes (';', BOM, decimal comma, CRLF)"),
};

export const buurtenQuerySchema = z.strictObject({ format: z.enum(['geojson', 'csv']).optional(), ...csvDialectQuery });

/** `?gemeente=` on the wijken endpoint. */
export const areasQuerySchema = z.strictObject({
  gemeente: z.string().regex(GEMEENTE_CODE_PATTERN, 'a gemeente code looks like GM0479').optional(),
});

/** Tile path parameters. */
export const tileSchema = z
  .object({
    layer: z.enum(['buurten', 'addresses', 'gemeenten', 'wijken']),
    z: z.coerce.number().int().min(0).max(MAX_TILE_ZOOM),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x and y must be below 2^z');

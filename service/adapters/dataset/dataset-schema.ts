import { z } from 'zod';
import { FUNDERINGTYPES, INPUT_SPECS, type InputSpec } from '../../features/inputs.js';
import {
  BAG_ID_PATTERN,
  BUURT_CODE_PATTERN,
  GEMEENTE_CODE_PATTERN,
  HUISLETTER_PATTERN,
  PC4_PATTERN,
  POSTCODE_PATTERN,
  TOEVOEGING_PATTERN,
  WIJK_CODE_PATTERN,
  normalisePostcode,
} from '../../domain/ids.js';
import { RISK_CLASSES } from '../../domain/records.js';

/**
 * The dataset folder format, version 1 (documented in seeds/README.md):
 * `dataset.json`, `buurten.geojson` (WGS84), `addresses.csv.gz`, `register.csv.gz` and, for synthetic
 * data only, `truth.csv.gz` (the latent foundation truth; never served).
 */
export const DATASET_FILES = {
  info: 'dataset.json',
  buurten: 'buurten.geojson',
  addresses: 'addresses.csv.gz',
  register: 'register.csv.gz',
  truth: 'truth.csv.gz',
} as const;

/** The address's own columns (identity and place); the building, soil and archive columns come from the input registry. */
export const ADDRESS_IDENTITY_COLUMNS = [
  'verblijfsobject_id',
  'pand_id',
  'buurt_code',
  'straat',
  'huisnummer',
  'huisletter',
  'toevoeging',
  'postcode',
  'woonplaats',
  'lon',
  'lat',
] as const;

/** Columns every `addresses.csv` has: the identity columns, then the registry's required columns in registry order. */
export const ADDRESS_COLUMNS: readonly string[] = [
  ...ADDRESS_IDENTITY_COLUMNS,
  ...INPUT_SPECS.filter((s) => s.dataset === 'required').map((s) => s.name),
];

/**
 * Columns a file may leave out (older dataset folders do not have them): absent reads as unknown. The
 * writer adds one only when some row has a value, so a dataset without them is written as before.
 */
export const ADDRESS_OPTIONAL_COLUMNS: readonly string[] = INPUT_SPECS.filter((s) => s.dataset === 'optional').map((s) => s.name);

export const REGISTER_COLUMNS = [
  'pand_id',
  'onderzocht',
  'onderzocht_jaar',
  'kwaliteitsklasse',
  'hersteld',
  'hersteld_jaar',
  'droogstand',
  'funderingtype',
] as const;

/**
 * Register columns a file may leave out (older dataset folders have none of them): absent means
 * `steekproef` false and no re-survey. The writer always writes them.
 */
export const REGISTER_OPTIONAL_COLUMNS = ['steekproef', 'herhaal_klasse', 'herhaal_jaar'] as const;

export const TRUTH_COLUMNS = [
  'pand_id',
  'funderingtype',
  'houtsoort',
  'paalkop_nap_m',
  'paallengte_m',
  'probleem',
  'droogstand',
  'bacterieel',
  'negatieve_kleef',
  'ontwatering',
] as const;

const empty = z.literal('').transform(() => null);
const num = (min: number, max: number) => z.union([empty, z.coerce.number().finite().min(min).max(max)]);
const int = (min: number, max: number) => z.union([empty, z.coerce.number().int().min(min).max(max)]);
const bool = z.enum(['true', 'false', 'ja', 'nee', '1', '0']).transform((v) => v === 'true' || v === 'ja' || v === '1');
const optBool = z.union([empty, bool]);
const optEnum = <T extends readonly [string, ...string[]]>(values: T) => z.union([empty, z.enum(values)]);
/** An optional column: absent from the header (undefined) reads like an empty field. */
const absent = <S extends z.ZodType>(schema: S) => schema.optional().transform((v) => v ?? null);
const id16 = z.string().regex(BAG_ID_PATTERN, 'expected a 16-digit BAG id');

/** The dataset column of one registry input: empty = unknown; an optional column may be absent from the header. */
export function inputColumnSchema(spec: InputSpec): z.ZodType {
  const schema =
    spec.type === 'category'
      ? optEnum(spec.categories)
      : spec.type === 'string'
        ? z.union([empty, z.string().max(spec.maxLength)])
        : spec.type === 'integer'
          ? int(spec.min, spec.max)
          : num(spec.min, spec.max);
  return spec.dataset === 'optional' ? absent(schema) : schema;
}

/** One row of `addresses.csv(.gz)`, as strings in, typed values out. */
export const addressRowSchema = z.object({
  verblijfsobject_id: id16,
  /** Empty when the address has no building (ligplaats, standplaats, or no pand in the extract). */
  pand_id: z.union([empty, id16]),
  buurt_code: z.string().regex(BUURT_CODE_PATTERN, 'expected a CBS buurt code like BU04791110'),
  straat: z.string().min(1, 'street name is empty'),
  huisnummer: z.coerce.number().int().min(1).max(99999),
  huisletter: z.union([empty, z.string().regex(HUISLETTER_PATTERN, 'expected one letter')]),
  toevoeging: z.union([empty, z.string().regex(TOEVOEGING_PATTERN, 'expected up to 4 letters or digits')]),
  postcode: z.string().transform(normalisePostcode).pipe(z.string().regex(POSTCODE_PATTERN, 'expected a Dutch postcode like 1506AB')),
  woonplaats: z.string().min(1, 'woonplaats is empty'),
  lon: z.coerce.number().finite().min(-180).max(180),
  lat: z.coerce.number().finite().min(-90).max(90),
  ...Object.fromEntries(INPUT_SPECS.map((spec) => [spec.name, inputColumnSchema(spec)])),
});

/** One row of `register.csv(.gz)`, Zaanstad's field names. */
export const registerRowSchema = z.object({
  pand_id: id16,
  onderzocht: bool,
  onderzocht_jaar: int(1900, 2100),
  kwaliteitsklasse: optEnum(RISK_CLASSES),
  hersteld: bool,
  hersteld_jaar: int(1900, 2100),
  droogstand: optBool,
  funderingtype: optEnum(FUNDERINGTYPES),
  /** Random audit sample (`steekproef`); absent or empty = false. */
  steekproef: absent(optBool).transform((v) => v ?? false),
  /** Class of an independent re-survey of the same pand; absent or empty = none. */
  herhaal_klasse: absent(optEnum(RISK_CLASSES)),
  herhaal_jaar: absent(int(1900, 2100)),
});

/** One row of `truth.csv.gz` (synthetic datasets only). */
export const truthRowSchema = z.object({
  pand_id: id16,
  funderingtype: z.enum(FUNDERINGTYPES),
  houtsoort: optEnum(['grenen', 'vuren'] as const),
  paalkop_nap_m: num(-30, 50),
  paallengte_m: num(0, 60),
  probleem: bool,
  droogstand: bool,
  bacterieel: bool,
  negatieve_kleef: bool,
  ontwatering: bool,
});
export type TruthRow = z.output<typeof truthRowSchema>;

/** `dataset.json`. */
export const datasetInfoSchema = z.object({
  formatVersion: z.literal(1),
  name: z.string().min(1),
  synthetic: z.boolean(),
  description: z.string(),
  seed: z.number().int().nullable(),
  referenceYear: z.number().int().min(1900).max(2100),
});

const position = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number());
const ring = z.array(position).min(4, 'a linear ring needs at least 4 positions');
const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);

/** One feature of `buurten.geojson` as written by this project. */
export const buurtFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry,
  properties: z.object({
    code: z.string().regex(BUURT_CODE_PATTERN),
    naam: z.string().min(1),
    wijk_code: z.string().regex(WIJK_CODE_PATTERN),
    gemeente_code: z.string().regex(GEMEENTE_CODE_PATTERN),
    woonplaats: z.string(),
    pc4: z.string().regex(PC4_PATTERN),
    huishoudens: z.number().int().nonnegative().nullable(),
    oppervlakte_ha: z.number().nonnegative().nullable(),
    schematic: z.boolean(),
  }),
});

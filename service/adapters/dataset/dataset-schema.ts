import { z } from 'zod';
import { FUNDERINGTYPES, WONINGTYPES } from '../../features/feature-spec.js';
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

export const ADDRESS_COLUMNS = [
  'verblijfsobject_id', 'pand_id', 'buurt_code', 'straat', 'huisnummer', 'huisletter', 'toevoeging',
  'postcode', 'woonplaats', 'lon', 'lat', 'bouwjaar', 'woningtype', 'bouwlagen', 'woningen_in_pand',
  'maaiveld_nap_m', 'veendikte_m', 'pleistoceen_nap_m', 'grondwater_nap_m', 'grondwater_bron',
  'bodemdaling_mm_jr', 'funderingtype',
] as const;

/** Optional columns of `addresses.csv(.gz)` (issue 15); older folders without them still load. */
export const ADDRESS_OPTIONAL_COLUMNS = ['bouwblok_id', 'paalkop_nap_m', 'paallengte_m', 'ophoging_m', 'grondwater_droog_nap_m'] as const;

export const REGISTER_COLUMNS = [
  'pand_id', 'onderzocht', 'onderzocht_jaar', 'kwaliteitsklasse', 'hersteld', 'hersteld_jaar', 'droogstand',
  'funderingtype',
] as const;

/**
 * Register columns a file may leave out (older dataset folders have none of them): absent means
 * `steekproef` false and no re-survey. The writer always writes them.
 */
export const REGISTER_OPTIONAL_COLUMNS = ['steekproef', 'herhaal_klasse', 'herhaal_jaar'] as const;

export const TRUTH_COLUMNS = [
  'pand_id', 'funderingtype', 'houtsoort', 'paalkop_nap_m', 'paallengte_m', 'probleem',
  'droogstand', 'bacterieel', 'negatieve_kleef', 'ontwatering',
] as const;

const empty = z.literal('').transform(() => null);
const num = (min: number, max: number) => z.union([empty, z.coerce.number().finite().min(min).max(max)]);
const int = (min: number, max: number) => z.union([empty, z.coerce.number().int().min(min).max(max)]);
const bool = z.enum(['true', 'false', 'ja', 'nee', '1', '0']).transform((v) => v === 'true' || v === 'ja' || v === '1');
const optBool = z.union([empty, bool]);
const optEnum = <T extends readonly [string, ...string[]]>(values: T) => z.union([empty, z.enum(values)]);
/** An optional column: absent from the header (undefined) reads like an empty field. */
const absent = <S extends z.ZodType>(schema: S) => schema.optional().transform((v) => v ?? null);
const id16 = z.string().regex(/^\d{16}$/, 'expected a 16-digit BAG id');

/** One row of `addresses.csv(.gz)`, as strings in, typed values out. */
export const addressRowSchema = z.object({
  verblijfsobject_id: id16,
  /** Empty when the address has no building (ligplaats, standplaats, or no pand in the extract). */
  pand_id: z.union([empty, id16]),
  buurt_code: z.string().regex(/^BU\d{8}$/, 'expected a CBS buurt code like BU04791110'),
  straat: z.string().min(1, 'street name is empty'),
  huisnummer: z.coerce.number().int().min(1).max(99999),
  huisletter: z.union([empty, z.string().regex(/^[A-Za-z]$/, 'expected one letter')]),
  toevoeging: z.union([empty, z.string().regex(/^[A-Za-z0-9]{1,4}$/, 'expected up to 4 letters or digits')]),
  postcode: z.string().transform((s) => s.replace(/\s+/g, '').toUpperCase()).pipe(z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, 'expected a Dutch postcode like 1506AB')),
  woonplaats: z.string().min(1, 'woonplaats is empty'),
  lon: z.coerce.number().finite().min(-180).max(180),
  lat: z.coerce.number().finite().min(-90).max(90),
  bouwjaar: int(1000, 2100),
  woningtype: optEnum(WONINGTYPES),
  bouwlagen: int(1, 100),
  woningen_in_pand: int(1, 10000),
  maaiveld_nap_m: num(-10, 50),
  veendikte_m: num(0, 30),
  pleistoceen_nap_m: num(-60, 10),
  grondwater_nap_m: num(-15, 50),
  grondwater_bron: optEnum(['peilbuis', 'model'] as const),
  bodemdaling_mm_jr: num(-50, 20),
  funderingtype: optEnum(FUNDERINGTYPES),
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
    code: z.string().regex(/^BU\d{8}$/),
    naam: z.string().min(1),
    wijk_code: z.string().regex(/^WK\d{6}$/),
    gemeente_code: z.string().regex(/^GM\d{4}$/),
    woonplaats: z.string(),
    pc4: z.string().regex(/^\d{4}$/),
    huishoudens: z.number().int().nonnegative().nullable(),
    oppervlakte_ha: z.number().nonnegative().nullable(),
    schematic: z.boolean(),
  }),
});

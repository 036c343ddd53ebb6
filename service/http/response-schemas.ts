import { z } from 'zod';
import type { AddressAnswer, FactorChange } from '../domain/address-answer.js';
import type { BuurtProperties } from '../domain/buurt-feature.js';
import { CLASS_BUCKETS, type ClassBucket, PERIOD_LABELS, type PeriodLabel } from '../domain/buurt-stats.js';
import type { InputReport } from '../domain/input-provenance.js';
import type { MechanismVerdict } from '../domain/mechanisms.js';
import { modelManifestSchema } from '../domain/model-manifest.js';
import { RISK_CLASSES } from '../domain/records.js';
import type { FactorContribution } from '../domain/risk-scorer.js';
import { FEATURE_INPUT_KEYS, FUNDERINGTYPES, INPUT_SOURCES } from '../features/inputs.js';

/**
 * The response shapes of the API as zod schemas: `/openapi.json` documents them and the tests parse real
 * responses with them (strict objects, so an undocumented field fails). The `Same` checks below tie each
 * schema to the domain type the route returns, so neither can change without the other.
 */

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_proof?: T) => undefined;

const riskClass = z.enum(RISK_CLASSES);
const text = z.string();
const inputValue = z.union([z.number(), z.string(), z.null()]);

const conformal = z.strictObject({
  alpha: z.number().describe('miscoverage level; the set holds the true label for ≥ 1 − alpha of buildings like this one'),
  set: z.array(z.enum(['no-problem', 'problem'])),
  verdict: z.enum(['no-problem', 'problem', 'uncertain']),
  guarantee: z.enum(['mondrian-label-period', 'marginal-surveyed']).describe('which guarantee the set carries (machine code)'),
  guaranteeNl: text.describe('the guarantee in one Dutch sentence about buildings like this one'),
  guaranteeEn: text.describe('the same in English'),
});
const probabilityStock = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe("stock scale: the chance this building's foundation is D/E; null when the model has no stock calibration (no audit sample)");
const probabilitySurvey = z.number().min(0).max(1).describe('survey scale: the chance a foundation survey would find class D/E');
const riskClassScale = z
  .enum(['stock', 'survey'])
  .describe('the scale riskClass was computed from: probability when not null, else probabilitySurvey');

const trainingRange = z.strictObject({ min: z.number(), max: z.number() });
const outsideTrainingRange = z
  .boolean()
  .describe('true when the value lies outside the training range: trees extrapolate flat there, so trust the answer less');

export const factorSchema = z.strictObject({
  feature: text,
  labelNl: text,
  labelEn: text,
  value: inputValue,
  unit: text,
  contribution: z.number().describe('push on the log-odds (TreeSHAP); base + Σ contributions = margin'),
  trainingRange: trainingRange.optional().describe("the model's training range of this numeric feature (model card)"),
  outsideTrainingRange: outsideTrainingRange.optional(),
});
same<Same<z.output<typeof factorSchema>, FactorContribution>>();

const mechanism = z.strictObject({
  code: z.enum(['droogstand', 'bacterieel', 'negatieve-kleef', 'ontwateringsdiepte']),
  labelNl: text,
  labelEn: text,
  riskClass: riskClass.nullable(),
  reliability: z.literal('indicatief'),
  explanationNl: text,
  explanationEn: text,
});
same<Same<z.output<typeof mechanism>, MechanismVerdict>>();

const inputReport = z.strictObject({
  name: z.enum(FEATURE_INPUT_KEYS as [InputReport['name'], ...InputReport['name'][]]),
  labelNl: text,
  labelEn: text,
  value: inputValue,
  unit: text,
  source: z.enum(INPUT_SOURCES),
  measurement: z
    .strictObject({ source: text, date: text })
    .optional()
    .describe('for a value an inspector recorded as measured: its source and date'),
  trainingRange: trainingRange.optional().describe("the model's training range of the feature that is this input (model card)"),
  outsideTrainingRange: outsideTrainingRange.optional(),
});
same<Same<z.output<typeof inputReport>, InputReport>>();

const reason = z.strictObject({
  code: z.enum(['NO_BUILDING', 'ALREADY_RESTORED', 'INSUFFICIENT_DATA']),
  message: text.describe('English'),
  messageNl: text.describe('Dutch'),
});

/** The full answer for one address (lookup, reverse lookup, what-if before/after). */
export const addressAnswerSchema = z.strictObject({
  address: z.strictObject({
    id: text,
    pandId: text.nullable().describe('null: no building (berth, pitch, or no pand in the extract)'),
    straat: text,
    huisnummer: z.number().int(),
    huisletter: text.nullable(),
    toevoeging: text.nullable(),
    postcode: text,
    woonplaats: text,
    buurtCode: text,
    buurtNaam: text.nullable(),
    lon: z.number(),
    lat: z.number(),
  }),
  scored: z.boolean(),
  reason: reason.nullable(),
  risk: z
    .strictObject({
      probability: probabilityStock,
      probabilitySurvey,
      riskClass,
      riskClassScale,
      conformal,
      baseValue: z.number(),
      factors: z.array(factorSchema),
    })
    .nullable(),
  mechanisms: z.array(mechanism),
  inputs: z.array(inputReport),
  survey: z
    .strictObject({
      onderzocht: z.boolean(),
      onderzochtJaar: z.number().int().nullable(),
      kwaliteitsklasse: riskClass.nullable(),
      hersteld: z.boolean(),
      herstelJaar: z.number().int().nullable(),
      droogstand: z.boolean().nullable(),
      funderingtype: z.enum(FUNDERINGTYPES).nullable(),
      steekproef: z.boolean().describe('surveyed as part of a random audit sample of the stock, not chosen on suspicion'),
      herhaalKlasse: riskClass.nullable().describe('class found by an independent re-survey of the same pand'),
      herhaalJaar: z.number().int().nullable(),
    })
    .nullable(),
  modelVersion: text,
  datasetName: text,
  datasetVersion: text.nullable().describe('sha256 of the served dataset folder; compare with the model card dataset hash'),
});
same<Same<z.output<typeof addressAnswerSchema>, AddressAnswer>>();

/** `GET /v1/addresses?q=`: ranked suggestions. */
export const searchResponseSchema = z.strictObject({
  query: text,
  results: z.array(
    z.strictObject({
      id: text,
      label: text,
      straat: text,
      huisnummer: z.number().int(),
      huisletter: text.nullable(),
      toevoeging: text.nullable(),
      postcode: text,
      woonplaats: text,
      lon: z.number(),
      lat: z.number(),
    }),
  ),
});

/** `GET /v1/addresses?postcode=…` and reverse lookups: full answers. */
export const lookupResponseSchema = z.strictObject({ results: z.array(addressAnswerSchema) });

const factorChange = z.strictObject({
  feature: text,
  labelNl: text,
  labelEn: text,
  valueBefore: inputValue,
  valueAfter: inputValue,
  contributionBefore: z.number().nullable(),
  contributionAfter: z.number().nullable(),
});
same<Same<z.output<typeof factorChange>, FactorChange>>();

/** `POST /v1/addresses/{id}/what-if`. */
export const whatIfResponseSchema = z.strictObject({
  before: addressAnswerSchema,
  after: addressAnswerSchema,
  changes: z.array(factorChange),
});

const rowFields = {
  scored: z.boolean(),
  probability: probabilityStock.optional(),
  probabilitySurvey: probabilitySurvey.optional(),
  riskClass: riskClass.optional(),
  riskClassScale: riskClassScale.optional(),
  conformal: conformal.optional(),
  baseValue: z.number().optional().describe('with explain=true'),
  factors: z.array(factorSchema).optional().describe('with explain=true'),
  reason: z.strictObject({ code: z.literal('INSUFFICIENT_DATA'), message: text, messageNl: text }).optional(),
};

/** `POST /v1/score` with one feature object. */
export const scoreOneResponseSchema = z.strictObject({ ...rowFields, modelVersion: text });

/** `POST /v1/score` with `{ rows }`: one result per row, in order; a bad row carries its own error. */
export const scoreBatchResponseSchema = z.strictObject({
  modelVersion: text,
  count: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      ...rowFields,
      error: z
        .strictObject({
          code: z.literal('VALIDATION_FAILED'),
          errors: z.array(z.strictObject({ path: text, message: text })),
        })
        .optional(),
    }),
  ),
});

const count = z.number().int().nullable().describe('null when suppressed (small count)');

export const buurtPropertiesSchema = z.strictObject({
  code: text,
  naam: text,
  wijkCode: text,
  woonplaats: text,
  schematic: z.boolean(),
  dwellings: count,
  meanProbability: z.number().nullable().describe('stock scale mean; null when suppressed or when the model has no stock scale'),
  meanProbabilitySurvey: z.number().nullable().describe('survey scale mean (relative: overstates the problem rate)'),
  riskClass: riskClass.nullable().describe('class of meanProbability, or of meanProbabilitySurvey when there is no stock scale'),
  expectedProblems: z.number().nullable().describe('stock scale: expected dwellings in buildings with a D/E foundation'),
  expectedProblemsInterval: z.tuple([z.number(), z.number()]).nullable().describe('95 % interval [lower, upper] of expectedProblems'),
  expectedProblemsSurvey: z.number().nullable().describe('survey scale sum (relative, not a count)'),
  shareDE: z.number().nullable(),
  sharePre1945: z.number().nullable(),
  surveyed: count,
  restored: count,
});
same<Same<z.output<typeof buurtPropertiesSchema>, BuurtProperties>>();

const position = z.array(z.number()).min(2);
const geometry = z.union([
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

/** `GET /v1/buurten`: a GeoJSON FeatureCollection (WGS84). */
export const buurtenResponseSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  metadata: z.strictObject({
    synthetic: z.boolean(),
    schematic: z.boolean(),
    modelVersion: text,
    datasetName: text,
    datasetVersion: text.nullable(),
    suppressedBelow: z.number().int(),
    scale: z
      .enum(['stock', 'survey-relative'])
      .describe(
        'stock: map on the stock scale (meanProbability, expectedProblems); survey-relative: the model has no stock scale, so the map shows relative quintiles of meanProbabilitySurvey',
      ),
  }),
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: text, properties: buurtPropertiesSchema, geometry })),
});

/** `GET /v1/buurten/{code}`: the public properties plus breakdowns by construction period and class. */
export const buurtDetailResponseSchema = z.strictObject({
  ...buurtPropertiesSchema.shape,
  byPeriod: z.array(z.strictObject({ period: z.enum(PERIOD_LABELS as [PeriodLabel, ...PeriodLabel[]]), count })),
  byClass: z.array(z.strictObject({ riskClass: z.enum(CLASS_BUCKETS as [ClassBucket, ...ClassBucket[]]), count })),
  modelVersion: text,
});

/** `GET /v1/gemeenten`, `GET /v1/wijken`: area aggregates published only where they follow from published buurt figures. */
export const areasResponseSchema = z.strictObject({
  metadata: z.strictObject({
    level: z.enum(['wijk', 'gemeente']),
    synthetic: z.boolean(),
    modelVersion: text,
    datasetVersion: text.nullable(),
    suppressedBelow: z.number().int(),
  }),
  areas: z.array(
    z.strictObject({
      level: z.enum(['wijk', 'gemeente']),
      code: text,
      gemeenteCode: text,
      buurten: z.number().int(),
      dwellings: count,
      meanProbability: z.number().nullable(),
      meanProbabilitySurvey: z.number().nullable(),
      riskClass: riskClass.nullable(),
      expectedProblems: z.number().nullable(),
      expectedProblemsSurvey: z.number().nullable(),
      shareDE: z.number().nullable(),
      sharePre1945: z.number().nullable(),
      surveyed: count,
      restored: count,
      byPeriod: z.array(z.strictObject({ period: z.enum(PERIOD_LABELS as [PeriodLabel, ...PeriodLabel[]]), count })),
      byClass: z.array(z.strictObject({ riskClass: z.enum(CLASS_BUCKETS as [ClassBucket, ...ClassBucket[]]), count })),
    }),
  ),
});

export const healthResponseSchema = z.strictObject({ status: z.literal('ok') });
export const readyResponseSchema = z.strictObject({
  status: z.literal('ready'),
  modelVersion: text,
  /** With read replicas (DATABASE_READ_URL): how far each is behind the primary. */
  replicas: z
    .array(z.strictObject({ replica: text, reachable: z.boolean(), lagBytes: z.number().nullable(), lagSeconds: z.number().nullable() }))
    .optional(),
});
export const modelResponseSchema = modelManifestSchema;
/** The model card (`card.json`, plus its SVG plots by name); its sections are described in the card itself. */
export const modelCardResponseSchema = z.looseObject({ plots: z.record(z.string(), z.string()).optional() });

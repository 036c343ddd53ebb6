import { z } from 'zod';
import { RISK_CLASSES } from '../domain/records.js';
import { MEASURED_INPUTS, SURVEY_MECHANISMS } from '../domain/surveys/field-records.js';
import { FUNDERINGTYPES } from '../features/feature-spec.js';
import { addressIdSchema } from './schemas.js';

/** A calendar day, `YYYY-MM-DD`, that exists (no 31 April), from 1900 to 2100. */
export const isoDateSchema = z
  .string()
  .regex(/^(19\d\d|20\d\d|2100)-\d\d-\d\d$/, 'a date is YYYY-MM-DD between 1900 and 2100')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'no such calendar day');

const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const recordId = z
  .string()
  .uuid('a record id is a UUID')
  .nullable()
  .default(null)
  .describe('the id of the record this one corrects (a new version of it); null for a new record');

/** `POST /v1/surveys`: one survey of the building of an address. */
export const surveyInputSchema = z
  .object({
    addressId: addressIdSchema.describe('an address of the surveyed building (16-digit BAG verblijfsobject id)'),
    date: isoDateSchema.describe('day of the survey'),
    kwaliteitsklasse: z.enum(RISK_CLASSES),
    mechanisms: z
      .array(z.enum(SURVEY_MECHANISMS))
      .max(SURVEY_MECHANISMS.length)
      .default([])
      .refine((m) => new Set(m).size === m.length, 'each mechanism at most once'),
    hersteld: z.boolean(),
    herstelJaar: z.number().int().min(1900).max(2100).nullable().default(null),
    reportReference: text(100),
    surveyorOrganisation: text(200).describe("the organisation that surveyed; never a person's name"),
    corrects: recordId,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.hersteld && s.herstelJaar === null)
      ctx.addIssue({ code: 'custom', path: ['herstelJaar'], message: 'required when hersteld is true' });
    if (!s.hersteld && s.herstelJaar !== null)
      ctx.addIssue({ code: 'custom', path: ['herstelJaar'], message: 'must be null when hersteld is false' });
  });
export type SurveyInput = z.output<typeof surveyInputSchema>;

const NUMERIC_RANGES: Record<Exclude<(typeof MEASURED_INPUTS)[number], 'funderingtype'>, [number, number]> = {
  paalkop_nap_m: [-30, 50],
  paallengte_m: [0, 60],
  grondwater_nap_m: [-30, 50],
};

/** `POST /v1/measurements`: one measured input of the building of an address. */
export const measurementInputSchema = z
  .object({
    addressId: addressIdSchema,
    input: z.enum(MEASURED_INPUTS),
    value: z.union([z.number().finite(), z.enum(FUNDERINGTYPES)]),
    source: text(200).describe('where the value comes from: report, archive file, well'),
    date: isoDateSchema.describe('day of the measurement'),
    corrects: recordId,
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.input === 'funderingtype') {
      if (typeof m.value !== 'string')
        ctx.addIssue({ code: 'custom', path: ['value'], message: `a foundation type: ${FUNDERINGTYPES.join(', ')}` });
      return;
    }
    const [lo, hi] = NUMERIC_RANGES[m.input];
    if (typeof m.value !== 'number' || m.value < lo || m.value > hi)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a number of metres from ${lo} to ${hi}` });
  });
export type MeasurementInput = z.output<typeof measurementInputSchema>;

const modelSaid = z.object({
  modelVersion: z.string(),
  probability: z.number().nullable(),
  probabilitySurvey: z.number().nullable(),
  riskClass: z.enum(RISK_CLASSES).nullable(),
  set: z.array(z.enum(['no-problem', 'problem'])).nullable(),
  reason: z.string().nullable(),
});
const recordBase = {
  id: z.string(),
  version: z.number().int(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  pandId: z.string(),
  addressId: z.string(),
};

/** The stored survey (`POST /v1/surveys` answer). */
export const surveyRecordResponseSchema = z.object({
  ...recordBase,
  kind: z.literal('survey'),
  survey: z.object({
    date: z.string(),
    kwaliteitsklasse: z.enum(RISK_CLASSES),
    mechanisms: z.array(z.enum(SURVEY_MECHANISMS)),
    hersteld: z.boolean(),
    herstelJaar: z.number().nullable(),
    reportReference: z.string(),
    surveyorOrganisation: z.string(),
  }),
  modelAtIntake: modelSaid.nullable(),
});

/** The stored measurement (`POST /v1/measurements` answer). */
export const measurementRecordResponseSchema = z.object({
  ...recordBase,
  kind: z.literal('measurement'),
  measurement: z.object({ input: z.enum(MEASURED_INPUTS), value: z.union([z.number(), z.string()]), source: z.string(), date: z.string() }),
});

const estimate = z.object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });
const figures = {
  surveys: z.number().int().nullable(),
  problems: z.number().int().nullable(),
  covered: z.number().int().nullable(),
  auc: estimate,
  brier: estimate,
  coverage: estimate,
};
const trackGroup = z.object({ group: z.string(), suppressed: z.boolean(), ...figures });

/** `GET /v1/model/track-record`. */
export const trackRecordResponseSchema = z.object({
  servedModel: z.string(),
  suppressBelow: z.number().int(),
  models: z.array(
    z.object({
      modelVersion: z.string(),
      served: z.boolean(),
      dataCutoff: z.string(),
      expectedCoverage: z.number(),
      surveysAfterCutoff: z.number().int().nullable(),
      ...figures,
      brierStock: estimate,
      from: z.string().nullable(),
      to: z.string().nullable(),
      calibration: z.array(
        z.object({
          from: z.number(),
          to: z.number(),
          surveys: z.number().int().nullable(),
          meanPredicted: z.number().nullable(),
          observedRate: estimate,
          suppressed: z.boolean(),
        }),
      ),
      byPeriod: z.array(trackGroup),
      byWijk: z.array(trackGroup),
      overTime: z.array(trackGroup),
    }),
  ),
});

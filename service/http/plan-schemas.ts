import { z } from 'zod';
import { PLAN_OBJECTIVES } from '../domain/plans.js';
import { wijkCodeSchema } from './factor-schemas.js';
import { buurtCodeSchema, csvDialectQuery } from './schemas.js';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4, 'a ring has at least 4 positions (the first repeated last)');
const polygon = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(100) });
const multiPolygon = z.strictObject({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(100),
});

/** The body of `POST /v1/plans`. */
export const planRequestSchema = z
  .strictObject({
    objective: z
      .enum(PLAN_OBJECTIVES)
      .describe(
        'find-problems: most expected problems (stock scale); reduce-uncertainty: 95 % set {both}, largest information gain; audit: seeded random sample stratified by construction period',
      ),
    budget: z
      .strictObject({
        surveys: z.number().int().min(1).max(20_000).optional().describe('a number of surveys'),
        euros: z.number().positive().max(1e9).optional().describe('or a budget in euros'),
        costPerSurvey: z.number().int().min(1).max(1_000_000).optional().describe('euros per survey (default PLAN_COST_PER_SURVEY)'),
        costPerBlock: z
          .number()
          .int()
          .min(0)
          .max(1_000_000)
          .optional()
          .describe('extra euros per block surveyed (default PLAN_COST_PER_BLOCK)'),
      })
      .refine((b) => (b.surveys === undefined) !== (b.euros === undefined), 'give either surveys or euros')
      .refine(
        (b) => b.euros !== undefined || (b.costPerSurvey === undefined && b.costPerBlock === undefined),
        'costs go with a budget in euros',
      ),
    area: z
      .strictObject({
        buurten: z.array(buurtCodeSchema).min(1).max(1_000).optional(),
        wijken: z.array(wijkCodeSchema).min(1).max(1_000).optional(),
        polygon: z.union([polygon, multiPolygon]).optional().describe('a WGS84 GeoJSON Polygon or MultiPolygon'),
      })
      .refine((a) => a.buurten !== undefined || a.wijken !== undefined || a.polygon !== undefined, 'give buurten, wijken or a polygon')
      .optional(),
    onePerBlock: z.boolean().optional().describe('at most one survey per block (same street and postcode); not with audit'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .describe('seed of the audit sample and the random comparison (default 1)'),
    resurveys: z
      .number()
      .int()
      .min(0)
      .max(20_000)
      .optional()
      .describe(
        'audit only: how many sampled buildings to survey a second time, independently, so the survey error can be estimated in the audit population (each costs one more survey; default 0)',
      ),
  })
  .refine((r) => !(r.objective === 'audit' && r.onePerBlock), {
    message: 'an audit sample cannot be limited to one survey per block',
    path: ['onePerBlock'],
  })
  .refine((r) => r.objective === 'audit' || r.resurveys === undefined, {
    message: 'only an audit plan has re-surveys',
    path: ['resurveys'],
  });

/** A plan id in the path (a UUID). */
export const planIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a plan id is the UUID POST /v1/plans answered with');

/** `?format=` on `POST /v1/plans`. */
export const planQuerySchema = z.strictObject({ format: z.enum(['json', 'csv', 'geojson']).optional(), ...csvDialectQuery });

const expected = z.strictObject({ value: z.number(), interval: z.tuple([z.number(), z.number()]) });

/** The JSON answer of `POST /v1/plans` (per building `probability` is null for planners: class-only role). */
export const planResponseSchema = z.strictObject({
  id: z.string(),
  createdAt: z.string(),
  modelVersion: z.string(),
  datasetVersion: z.string().nullable(),
  synthetic: z.boolean(),
  objective: z.enum(PLAN_OBJECTIVES),
  scale: z.enum(['stock', 'survey-relative']),
  budget: z.strictObject({
    surveys: z.number().nullable(),
    euros: z.number().nullable(),
    costPerSurvey: z.number(),
    costPerBlock: z.number(),
  }),
  area: z.unknown(),
  onePerBlock: z.boolean(),
  seed: z.number(),
  candidates: z.number(),
  surveys: z.number(),
  resurveys: z.number().optional(),
  blocks: z.number(),
  cost: z.number(),
  expectedFound: expected,
  comparison: z.array(z.strictObject({ rule: z.enum(['random', 'oldest-first']), surveys: z.number(), expectedFound: expected })),
  curves: z.array(z.strictObject({ rule: z.string(), points: z.array(z.tuple([z.number(), z.number()])) })),
  buildings: z.array(
    z.strictObject({
      pandId: z.string(),
      addressId: z.string(),
      buurtCode: z.string(),
      riskClass: z.string().nullable().optional(),
      probability: z.number().nullable().optional(),
      set: z.enum(['problem', 'no-problem', 'both']).nullable(),
      resurvey: z.boolean().optional(),
      reason: z.string(),
      lon: z.number(),
      lat: z.number(),
    }),
  ),
});

import { z } from 'zod';
import type { AreaFactors } from '../domain/buurt-factors.js';
import { WIJK_CODE_PATTERN } from '../domain/ids.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_proof?: T) => undefined;

/** A CBS wijk code in the path. */
export const wijkCodeSchema = z.string().regex(WIJK_CODE_PATTERN, 'a wijk code looks like WK047911');

const maybe = z.number().nullable();

/** `GET /v1/buurten/{code}/factors` and `GET /v1/wijken/{code}/factors`: why an area is high (see `buurt-factors.ts`). */
export const areaFactorsResponseSchema = z.strictObject({
  code: z.string(),
  level: z.enum(['buurt', 'wijk']),
  published: z
    .boolean()
    .describe(
      'false when the figures would describe fewer than SUPPRESS_BELOW buildings, directly or by differencing; then every figure is null',
    ),
  scale: z.literal('log-odds'),
  meanLogOdds: maybe.describe("mean model margin (log-odds) over the area's scored buildings"),
  municipalityMeanLogOdds: maybe,
  difference: maybe.describe('meanLogOdds − municipalityMeanLogOdds; the factors add up to it (within rounding)'),
  factors: z
    .array(
      z.strictObject({
        feature: z.string(),
        labelNl: z.string(),
        labelEn: z.string(),
        unit: z.string(),
        contribution: z.number().describe('area mean − municipality mean of the TreeSHAP contribution (log-odds)'),
      }),
    )
    .nullable(),
  inputs: z
    .array(
      z.strictObject({
        input: z.string(),
        labelNl: z.string(),
        labelEn: z.string(),
        unit: z.string(),
        kind: z.enum(['mean', 'share']),
        area: maybe,
        municipality: maybe,
      }),
    )
    .nullable(),
  modelVersion: z.string(),
});
same<Same<Omit<z.output<typeof areaFactorsResponseSchema>, 'modelVersion'>, AreaFactors>>();

/**
 * Maps the properties of a CBS buurt feature to this project's buurt fields. Accepts the names of the
 * CBS Wijk- en Buurtkaart shapefiles (`bu_code`, `aantal_hh`, …) and of the PDOK OGC API (`buurtcode`,
 * `aantalHuishoudens`, …). CBS writes `-99999999` (and −99999997/−99999998) for "secret / no figure":
 * those become `null`, never a number.
 */
import { z } from 'zod';
import { BUURT_CODE_PATTERN, GEMEENTE_CODE_PATTERN, PC4_PATTERN, WIJK_CODE_PATTERN } from '../../service/domain/ids.js';

/** Accepted property names per field, first match wins. */
export const CBS_ALIASES = {
  code: ['bu_code', 'buurtcode', 'BU_CODE', 'code'],
  naam: ['bu_naam', 'buurtnaam', 'BU_NAAM', 'naam'],
  wijkCode: ['wk_code', 'wijkcode', 'WK_CODE', 'wijk_code'],
  gemeenteCode: ['gm_code', 'gemeentecode', 'GM_CODE', 'gemeente_code'],
  gemeenteNaam: ['gm_naam', 'gemeentenaam', 'GM_NAAM'],
  woonplaats: ['woonplaats', 'woonplaatsnaam'],
  pc4: ['postcode', 'meestVoorkomendePostcode', 'meest_voorkomende_postcode', 'pc4'],
  huishoudens: ['aantal_hh', 'aantalHuishoudens', 'aantal_huishoudens', 'huishoudens'],
  oppervlakteHa: ['opp_land', 'oppervlakteLandInHectare', 'oppervlakte_land_in_hectare', 'oppervlakte_ha'],
} as const;

/** CBS "no figure" markers (the 2017 maps use −99999999 …; later editions −99995 … −99998). */
export const CBS_MISSING: ReadonlySet<number> = new Set([-99999999, -99999998, -99999997, -99995, -99996, -99997, -99998]);

const cbsNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+([.,]\d+)?$/, 'expected a number')
      .transform((s) => Number(s.replace(',', '.'))),
  ])
  .transform((n) => (CBS_MISSING.has(n) ? null : n))
  .pipe(z.number().nonnegative('expected zero or more').nullable());

const fieldSchemas = {
  code: z.string().regex(BUURT_CODE_PATTERN, 'expected a CBS buurt code like BU04791110'),
  naam: z.string().min(1, 'name is empty'),
  wijkCode: z.string().regex(WIJK_CODE_PATTERN, 'expected a CBS wijk code like WK047911'),
  gemeenteCode: z.string().regex(GEMEENTE_CODE_PATTERN, 'expected a CBS gemeente code like GM0479'),
  gemeenteNaam: z.string(),
  woonplaats: z.string(),
  pc4: z.union([z.number().int(), z.string()]).transform(String).pipe(z.string().regex(PC4_PATTERN, 'expected a four-digit PC4 like 1506')),
  huishoudens: cbsNumber,
  oppervlakteHa: cbsNumber,
};

/** Normalised buurt properties, still without woonplaats/pc4 fallbacks. */
export interface CbsBuurtProperties {
  code: string;
  naam: string;
  wijkCode: string | null;
  gemeenteCode: string | null;
  gemeenteNaam: string | null;
  woonplaats: string | null;
  pc4: string | null;
  huishoudens: number | null;
  oppervlakteHa: number | null;
}

/** A property that failed validation: the original property name and the problem. */
export interface PropertyProblem {
  field: string;
  message: string;
}

const REQUIRED = new Set(['code', 'naam']);

/** Reads and validates the properties; returns the first problem instead of throwing. */
export function readCbsProperties(props: Record<string, unknown>): CbsBuurtProperties | PropertyProblem {
  const out: Record<string, unknown> = {};
  for (const [field, aliases] of Object.entries(CBS_ALIASES)) {
    const name = aliases.find((a) => props[a] !== undefined && props[a] !== null && props[a] !== '');
    if (name === undefined) {
      if (REQUIRED.has(field)) return { field: aliases[0], message: `missing (accepted names: ${aliases.join(', ')})` };
      out[field] = null;
      continue;
    }
    const raw = props[name];
    if (typeof raw === 'number' && CBS_MISSING.has(raw) && field !== 'huishoudens' && field !== 'oppervlakteHa') {
      if (REQUIRED.has(field)) return { field: name, message: 'is the CBS "no figure" marker' };
      out[field] = null;
      continue;
    }
    const result = fieldSchemas[field as keyof typeof fieldSchemas].safeParse(raw);
    if (!result.success) return { field: name, message: result.error.issues[0].message };
    out[field] = result.data;
  }
  return out as unknown as CbsBuurtProperties;
}

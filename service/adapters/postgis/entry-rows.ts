import type { Funderingtype } from '../../features/feature-spec.js';
import { INPUT_SPECS, type RegisteredName, type RegisteredValue, recordAttributesOf } from '../../features/inputs.js';
import type { AddressRecord, RegisterRecord, RiskClass } from '../../domain/records.js';
import type { AddressEntry, StoredScore } from '../../ports/store.js';
import { EVIDENCE_SELECT, evidenceOf } from './evidence-rows.js';

/**
 * The select list and joins that produce one {@link AddressEntryRow} per address. Fixed text (no
 * caller input); callers append a parameterised WHERE clause.
 */
export const ENTRY_SELECT = `
SELECT a.verblijfsobject_id, a.pand_id, a.buurt_code, a.straat, a.huisnummer, a.huisletter, a.toevoeging,
       a.postcode, a.woonplaats, a.lon, a.lat, a.ord,
       ${INPUT_SPECS.map((s) => `${s.table === 'soil' ? 'so' : 'a'}.${s.name}`).join(', ')},
       r.pand_id AS r_pand_id, r.onderzocht AS r_onderzocht, r.onderzocht_jaar AS r_onderzocht_jaar,
       r.kwaliteitsklasse AS r_kwaliteitsklasse, r.hersteld AS r_hersteld, r.hersteld_jaar AS r_hersteld_jaar,
       r.droogstand AS r_droogstand, r.funderingtype AS r_funderingtype, r.steekproef AS r_steekproef,
       r.herhaal_klasse AS r_herhaal_klasse, r.herhaal_jaar AS r_herhaal_jaar,
       s.model_version AS s_model_version, s.probability AS s_probability, s.probability_stock AS s_probability_stock, s.margin AS s_margin,
       s.risk_class AS s_risk_class, s.reason AS s_reason, bu.naam AS buurt_naam, ${EVIDENCE_SELECT}
  FROM addresses a
  LEFT JOIN buurten bu ON bu.code = a.buurt_code
  LEFT JOIN soil so ON so.verblijfsobject_id = a.verblijfsobject_id
  LEFT JOIN register r ON r.pand_id = a.pand_id
  LEFT JOIN scores s ON s.verblijfsobject_id = a.verblijfsobject_id
  LEFT JOIN evidence ev ON ev.pand_id = a.pand_id`;

/** The registry's columns of a row, each under its own name (text columns come back as the registry's values). */
export type RegisteredColumns = { [N in RegisteredName]: RegisteredValue<N> | null };

/** One row of {@link ENTRY_SELECT}. */
export interface AddressEntryRow extends RegisteredColumns {
  verblijfsobject_id: string;
  pand_id: string | null;
  buurt_code: string;
  straat: string;
  huisnummer: number;
  huisletter: string | null;
  toevoeging: string | null;
  postcode: string;
  woonplaats: string;
  lon: number;
  lat: number;
  ord: number;
  r_pand_id: string | null;
  r_onderzocht: boolean | null;
  r_onderzocht_jaar: number | null;
  r_kwaliteitsklasse: string | null;
  r_hersteld: boolean | null;
  r_hersteld_jaar: number | null;
  r_droogstand: boolean | null;
  r_funderingtype: string | null;
  r_steekproef: boolean | null;
  r_herhaal_klasse: string | null;
  r_herhaal_jaar: number | null;
  s_model_version: string | null;
  s_probability: number | null;
  s_probability_stock: number | null;
  s_margin: number | null;
  s_risk_class: string | null;
  s_reason: string | null;
  buurt_naam: string | null;
}

/** The address record of a row, in the same shape the dataset reader produces, with its neighbourhood evidence (migration 012). */
export function addressOf(r: AddressEntryRow): AddressRecord {
  const buren = evidenceOf(r as unknown as Record<string, unknown>);
  return {
    verblijfsobjectId: r.verblijfsobject_id,
    pandId: r.pand_id,
    buurtCode: r.buurt_code,
    straat: r.straat,
    huisnummer: r.huisnummer,
    huisletter: r.huisletter,
    toevoeging: r.toevoeging,
    postcode: r.postcode,
    woonplaats: r.woonplaats,
    lon: r.lon,
    lat: r.lat,
    ...recordAttributesOf(r),
    ...(buren ? { buren } : {}),
  };
}

/** The register row joined to an address row, or null when the pand is not in the register. */
export function registerOf(r: AddressEntryRow): RegisterRecord | null {
  if (r.r_pand_id === null) return null;
  return {
    pandId: r.r_pand_id,
    onderzocht: r.r_onderzocht ?? false,
    onderzochtJaar: r.r_onderzocht_jaar,
    kwaliteitsklasse: r.r_kwaliteitsklasse as RiskClass | null,
    hersteld: r.r_hersteld ?? false,
    herstelJaar: r.r_hersteld_jaar,
    droogstand: r.r_droogstand,
    funderingtype: r.r_funderingtype as Funderingtype | null,
    steekproef: r.r_steekproef ?? false,
    herhaalKlasse: r.r_herhaal_klasse as RiskClass | null,
    herhaalJaar: r.r_herhaal_jaar,
  };
}

/** Reason given for an address that has no stored score (loaded but not yet scored). */
export const NOT_SCORED_REASON = 'NOT_SCORED';

function scoreOf(r: AddressEntryRow): StoredScore {
  if (r.s_model_version === null)
    return { probability: null, probabilityStock: null, margin: null, riskClass: null, reason: NOT_SCORED_REASON, modelVersion: '' };
  return {
    probability: r.s_probability,
    probabilityStock: r.s_probability_stock,
    margin: r.s_margin,
    riskClass: r.s_risk_class as RiskClass | null,
    reason: r.s_reason,
    modelVersion: r.s_model_version,
  };
}

/** A full store entry from a row. */
export function entryOf(r: AddressEntryRow): AddressEntry {
  return { address: addressOf(r), register: registerOf(r), score: scoreOf(r), buurtNaam: r.buurt_naam };
}

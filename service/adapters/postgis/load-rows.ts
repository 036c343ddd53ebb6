import type { AddressRecord, RegisterRecord } from '../../domain/records.js';
import type { StoredScore } from '../../ports/store.js';
import type { CopyValue } from './copy-rows.js';
import { searchText, wordKeys } from './search-keys.js';

/**
 * The one place where a dataset record becomes COPY columns (addresses, soil, register, scores). Every
 * loader path calls these; the reverse mapping (SQL row → record) is entry-rows.ts.
 */

/** Progress of a load: phase, rows done and rows in total. */
export type LoadProgress = (phase: 'copy' | 'score' | 'aggregate', done: number, total: number) => void;

/** What a load did and how long each phase took. */
export interface LoadReport {
  addresses: number;
  buurten: number;
  register: number;
  copyMs: number;
  scored: number;
  scoreMs: number;
  aggregateMs: number;
  totalMs: number;
}

/** Address columns written by COPY (`ord`, `geom` and `geom_rd` are made in SQL). */
export const ADDRESS_COPY_COLUMNS = [
  'verblijfsobject_id', 'pand_id', 'buurt_code', 'straat', 'huisnummer', 'huisletter', 'toevoeging', 'postcode',
  'woonplaats', 'lon', 'lat', 'bouwjaar', 'woningtype', 'bouwlagen', 'woningen_in_pand', 'funderingtype', 'search_text', 'word_keys',
] as const;

export function addressCopyRow(a: AddressRecord): CopyValue[] {
  return [
    a.verblijfsobjectId, a.pandId, a.buurtCode, a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode,
    a.woonplaats, a.lon, a.lat, a.bouwjaar, a.woningtype, a.bouwlagen, a.woningenInPand, a.funderingtype, searchText(a), wordKeys(a),
  ];
}

export const SOIL_COPY_COLUMNS = ['verblijfsobject_id', 'maaiveld_nap_m', 'veendikte_m', 'pleistoceen_nap_m', 'grondwater_nap_m', 'grondwater_bron', 'bodemdaling_mm_jr'] as const;

export function soilCopyRow(a: AddressRecord): CopyValue[] {
  return [a.verblijfsobjectId, a.maaiveldNapM, a.veendikteM, a.pleistoceenNapM, a.grondwaterNapM, a.grondwaterBron, a.bodemdalingMmJr];
}

export const REGISTER_COPY_COLUMNS = ['pand_id', 'onderzocht', 'onderzocht_jaar', 'kwaliteitsklasse', 'hersteld', 'hersteld_jaar', 'droogstand', 'funderingtype',
  'steekproef', 'herhaal_klasse', 'herhaal_jaar'] as const;

export function registerCopyRow(r: RegisterRecord): CopyValue[] {
  return [r.pandId, r.onderzocht, r.onderzochtJaar, r.kwaliteitsklasse, r.hersteld, r.herstelJaar, r.droogstand, r.funderingtype,
    r.steekproef, r.herhaalKlasse, r.herhaalJaar];
}

export const SCORE_COPY_COLUMNS = ['verblijfsobject_id', 'model_version', 'probability', 'probability_stock', 'margin', 'risk_class', 'reason'] as const;

export function scoreCopyRow(id: string, s: StoredScore): CopyValue[] {
  return [id, s.modelVersion, s.probability, s.probabilityStock, s.margin, s.riskClass, s.reason];
}

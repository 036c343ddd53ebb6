import { ADDRESS_IDENTITY_COLUMNS, REGISTER_COLUMNS, REGISTER_OPTIONAL_COLUMNS } from '../dataset/dataset-schema.js';
import type { AddressRecord, NummeraanduidingRecord, RegisterRecord } from '../../domain/records.js';
import { INPUT_SPECS, registeredValues } from '../../features/inputs.js';
import type { StoredScore } from '../../ports/store.js';
import type { CopyValue } from './copy-rows.js';
import { searchText, wordKeys } from './search-keys.js';

/**
 * The one place where a dataset record becomes COPY columns (addresses, soil, register, scores, BAG
 * nummeraanduidingen); the address and soil columns are derived from the input registry. Every
 * loader path calls these; the reverse mapping (SQL row → record) is entry-rows.ts.
 */

/** Progress of a load: phase, rows done and rows in total. */
export type LoadProgress = (phase: 'copy' | 'evidence' | 'score' | 'aggregate', done: number, total: number) => void;

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

/** The registry's columns of each table (the input registry, service/features/inputs.ts, says which table holds an attribute). */
export const REGISTERED_COLUMNS = {
  addresses: INPUT_SPECS.filter((s) => s.table === 'addresses').map((s) => s.name),
  soil: INPUT_SPECS.filter((s) => s.table === 'soil').map((s) => s.name),
} as const;

/** Address columns written by COPY (`ord`, `geom` and `geom_rd` are made in SQL): the fixed ones, then every registered one. */
export const ADDRESS_COPY_COLUMNS: readonly string[] = [
  ...ADDRESS_IDENTITY_COLUMNS,
  'search_text',
  'word_keys',
  ...REGISTERED_COLUMNS.addresses,
];

export function addressCopyRow(a: AddressRecord): CopyValue[] {
  const row = registeredValues(a);
  return [
    a.verblijfsobjectId,
    a.pandId,
    a.buurtCode,
    a.straat,
    a.huisnummer,
    a.huisletter,
    a.toevoeging,
    a.postcode,
    a.woonplaats,
    a.lon,
    a.lat,
    searchText(a),
    wordKeys(a),
    ...REGISTERED_COLUMNS.addresses.map((c) => (row[c] ?? null) as CopyValue),
  ];
}

export const SOIL_COPY_COLUMNS: readonly string[] = ['verblijfsobject_id', ...REGISTERED_COLUMNS.soil];

export function soilCopyRow(a: AddressRecord): CopyValue[] {
  const row = registeredValues(a);
  return [a.verblijfsobjectId, ...REGISTERED_COLUMNS.soil.map((c) => (row[c] ?? null) as CopyValue)];
}

/** The register's columns, as the dataset's register file has them (the optional ones included). */
export const REGISTER_COPY_COLUMNS = [...REGISTER_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS] as const;

export function registerCopyRow(r: RegisterRecord): CopyValue[] {
  return [
    r.pandId,
    r.onderzocht,
    r.onderzochtJaar,
    r.kwaliteitsklasse,
    r.hersteld,
    r.herstelJaar,
    r.droogstand,
    r.funderingtype,
    r.steekproef,
    r.herhaalKlasse,
    r.herhaalJaar,
  ];
}

export const SCORE_COPY_COLUMNS = [
  'verblijfsobject_id',
  'model_version',
  'probability',
  'probability_stock',
  'margin',
  'risk_class',
  'reason',
] as const;

export function scoreCopyRow(id: string, s: StoredScore): CopyValue[] {
  return [id, s.modelVersion, s.probability, s.probabilityStock, s.margin, s.riskClass, s.reason];
}

export const NUMMERAANDUIDING_COPY_COLUMNS = ['nummeraanduiding_id', 'verblijfsobject_id'] as const;

export function nummeraanduidingCopyRow(l: NummeraanduidingRecord): CopyValue[] {
  return [l.nummeraanduidingId, l.verblijfsobjectId];
}

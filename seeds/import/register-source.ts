/**
 * Addresses and registers as municipalities keep them (CSV with `,` or `;`, BOM, .xlsx; Dutch booleans,
 * dates, decimal commas, classes A–E or 1–5), turned into the dataset's own records. Every value is first
 * normalised ({@link ./dutch-values.ts}) and checked with the dataset schema at its own line or row, then
 * the normalised rows go through the dataset reader itself, so an imported file means exactly what the
 * same rows in `addresses.csv.gz` / `register.csv.gz` mean.
 */
import type { z } from 'zod';
import { DatasetError, parseAddresses, parseRegister } from '../../service/adapters/dataset/dataset-files.js';
import {
  ADDRESS_COLUMNS,
  REGISTER_COLUMNS,
  REGISTER_OPTIONAL_COLUMNS,
  addressRowSchema,
  registerRowSchema,
} from '../../service/adapters/dataset/dataset-schema.js';
import { formatCsv } from '../../service/adapters/dataset/csv.js';
import type { AddressRecord, RegisterRecord } from '../../service/domain/records.js';
import { decimalPoint, dutchBoolean, qualityClass, yearOf } from './dutch-values.js';
import { readTable, type Table } from './table-source.js';

/** Records with the location (line or row) each came from. */
export interface Located<T> {
  records: T[];
  locations: string[];
  table: Table;
}

const REGISTER_BOOLEANS = new Set(['onderzocht', 'hersteld', 'droogstand', 'steekproef']);
const REGISTER_YEARS = new Set(['onderzocht_jaar', 'hersteld_jaar', 'herhaal_jaar']);
const REGISTER_CLASSES = new Set(['kwaliteitsklasse', 'herhaal_klasse']);
const ADDRESS_NUMBERS = new Set([
  'lon',
  'lat',
  'maaiveld_nap_m',
  'veendikte_m',
  'pleistoceen_nap_m',
  'grondwater_nap_m',
  'bodemdaling_mm_jr',
]);

function normaliseRegister(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '') out[k] = '';
    else if (k === 'pand_id') out[k] = bagId(v.trim().replace(BAG_PREFIX.pand_id, ''));
    else if (REGISTER_BOOLEANS.has(k)) out[k] = dutchBoolean(v);
    else if (REGISTER_YEARS.has(k)) out[k] = yearOf(v);
    else if (REGISTER_CLASSES.has(k)) out[k] = qualityClass(v);
    else out[k] = v.trim();
  }
  return out;
}

/** BAG ids as PDOK and the BAG extract write them: `NL.IMBAG.Verblijfsobject.0479…` / `NL.IMBAG.Pand.0479…`. */
const BAG_PREFIX: Readonly<Record<string, RegExp>> = {
  verblijfsobject_id: /^NL\.IMBAG\.(?:Verblijfsobject|Ligplaats|Standplaats)\./i,
  pand_id: /^NL\.IMBAG\.Pand\./i,
};

/**
 * A BAG id as Excel leaves it when the column was a number: the leading zero of a gemeentecode below 1000
 * dropped (`479100000000101`). 16-digit ids start with the 4-digit gemeentecode, so 15 digits get the zero
 * back. (Ids of gemeenten from 1000 have 16 significant digits, beyond Excel's 15: keep them as text.)
 */
const bagId = (v: string) => (/^\d{15}$/.test(v) ? `0${v}` : v);

function normaliseAddress(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = ADDRESS_NUMBERS.has(k) ? decimalPoint(v) : BAG_PREFIX[k] ? bagId(v.trim().replace(BAG_PREFIX[k], '')) : v.trim();
  }
  return out;
}

function check(file: string, table: Table, rows: Record<string, string>[], schema: z.ZodType): void {
  rows.forEach((row, i) => {
    const result = schema.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new DatasetError(file, table.records[i].location, issue.path.map(String).join('.') || null, issue.message);
    }
  });
}

/** Reads a register (CSV `,`/`;`, BOM, gzip, or .xlsx). Throws {@link DatasetError} naming file, line/row, field. */
export async function readRegisterFile(file: string, raw: Buffer): Promise<Located<RegisterRecord>> {
  const table = await readTable(file, raw, REGISTER_COLUMNS, [...REGISTER_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS]);
  const rows = table.records.map((r) => normaliseRegister(r.values));
  check(file, table, rows, registerRowSchema);
  const columns = [...REGISTER_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS.filter((c) => table.header.includes(c))];
  const records = parseRegister(file, Buffer.from(formatCsv(columns, rows)));
  return { records, locations: table.records.map((r) => r.location), table };
}

/** Reads addresses (CSV `,`/`;`, BOM, gzip, or .xlsx). Throws {@link DatasetError} naming file, line/row, field. */
export async function readAddressFile(file: string, raw: Buffer): Promise<Located<AddressRecord>> {
  const table = await readTable(file, raw, ADDRESS_COLUMNS);
  const rows = table.records.map((r) => normaliseAddress(r.values));
  check(file, table, rows, addressRowSchema);
  const records = parseAddresses(file, Buffer.from(formatCsv(ADDRESS_COLUMNS, rows)));
  return { records, locations: table.records.map((r) => r.location), table };
}

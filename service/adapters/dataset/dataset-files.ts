import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import type { AddressRecord, BuurtRecord, Dataset, RegisterRecord } from '../../domain/records.js';
import { CsvSyntaxError, formatCsv, parseCsv } from './csv.js';
import { datasetHash } from './dataset-hash.js';
import { generatedBuurtenFile, renderBuurten } from './schematic-demo-buurten.js';
import { recordAttributesOf, registeredValues } from '../../features/inputs.js';
import {
  ADDRESS_COLUMNS,
  ADDRESS_OPTIONAL_COLUMNS,
  DATASET_FILES,
  REGISTER_COLUMNS,
  REGISTER_OPTIONAL_COLUMNS,
  TRUTH_COLUMNS,
  type TruthRow,
  addressRowSchema,
  buurtFeatureSchema,
  datasetInfoSchema,
  registerRowSchema,
  truthRowSchema,
} from './dataset-schema.js';
import { NUMMERAANDUIDINGEN_FILE, readNummeraanduidingen, renderNummeraanduidingen } from './nummeraanduidingen.js';

/** A dataset file that cannot be read, naming the file, the line or feature and the field. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly location: string | null,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${[file, location, field ? `field "${field}"` : null].filter(Boolean).join(', ')}: ${detail}`);
    this.name = 'DatasetError';
  }
}

function firstIssue(file: string, location: string, error: z.ZodError): DatasetError {
  const issue = error.issues[0];
  return new DatasetError(file, location, issue.path.map(String).join('.') || null, issue.message);
}

/** Parses CSV text (plain or gzip) and validates every record with `schema`. */
export function parseCsvRows<S extends z.ZodType>(file: string, raw: Buffer, columns: readonly string[], schema: S): z.output<S>[] {
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text, columns);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DatasetError(file, `line ${err.line}`, null, err.message.replace(/^line \d+: /, ''));
    throw err;
  }
  return parsed.records.map(({ line, values }) => {
    const result = schema.safeParse(values);
    if (!result.success) throw firstIssue(file, `line ${line}`, result.error);
    return result.data;
  });
}

/** A validated address row as a record (also used by the streaming reader). */
export function toAddress(r: z.output<typeof addressRowSchema>): AddressRecord {
  return {
    verblijfsobjectId: r.verblijfsobject_id,
    pandId: r.pand_id,
    buurtCode: r.buurt_code,
    straat: r.straat,
    huisnummer: r.huisnummer,
    huisletter: r.huisletter ? r.huisletter.toUpperCase() : null,
    toevoeging: r.toevoeging,
    postcode: r.postcode,
    woonplaats: r.woonplaats,
    lon: r.lon,
    lat: r.lat,
    ...recordAttributesOf(r),
  };
}

/** The address columns rows are written with: every required one, and each optional one some row has a value for. */
export function addressColumnsOf(rows: readonly Record<string, unknown>[]): string[] {
  return [...ADDRESS_COLUMNS, ...ADDRESS_OPTIONAL_COLUMNS.filter((c) => rows.some((r) => r[c] !== null && r[c] !== undefined))];
}

/** One address as a dataset row keyed by column. */
function addressRow(a: AddressRecord): Record<string, unknown> {
  return {
    verblijfsobject_id: a.verblijfsobjectId,
    pand_id: a.pandId,
    buurt_code: a.buurtCode,
    straat: a.straat,
    huisnummer: a.huisnummer,
    huisletter: a.huisletter,
    toevoeging: a.toevoeging,
    postcode: a.postcode,
    woonplaats: a.woonplaats,
    lon: a.lon,
    lat: a.lat,
    ...registeredValues(a),
  };
}

/** A validated register row as a record (also used by the streaming reader). */
export function toRegister(r: z.output<typeof registerRowSchema>): RegisterRecord {
  return {
    pandId: r.pand_id,
    onderzocht: r.onderzocht,
    onderzochtJaar: r.onderzocht_jaar,
    kwaliteitsklasse: r.kwaliteitsklasse,
    hersteld: r.hersteld,
    herstelJaar: r.hersteld_jaar,
    droogstand: r.droogstand,
    funderingtype: r.funderingtype,
    steekproef: r.steekproef,
    herhaalKlasse: r.herhaal_klasse,
    herhaalJaar: r.herhaal_jaar,
  };
}

/** Parses addresses CSV (plain or gzip). Throws {@link DatasetError} naming the line and field. */
export function parseAddresses(file: string, raw: Buffer): AddressRecord[] {
  return parseCsvRows(file, raw, ADDRESS_COLUMNS, addressRowSchema).map(toAddress);
}

/** Parses register CSV (plain or gzip). Throws {@link DatasetError} naming the line and field. */
export function parseRegister(file: string, raw: Buffer): RegisterRecord[] {
  return parseCsvRows(file, raw, REGISTER_COLUMNS, registerRowSchema).map(toRegister);
}

/** Parses this project's `buurten.geojson`. */
export function parseBuurten(file: string, raw: Buffer): BuurtRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new DatasetError(file, null, null, `not valid JSON (${(err as Error).message})`);
  }
  const features = (json as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new DatasetError(file, null, 'features', 'expected a GeoJSON FeatureCollection');
  return features.map((f, i) => {
    const result = buurtFeatureSchema.safeParse(f);
    if (!result.success) throw firstIssue(file, `feature ${i}`, result.error);
    const p = result.data.properties;
    return {
      code: p.code,
      naam: p.naam,
      wijkCode: p.wijk_code,
      gemeenteCode: p.gemeente_code,
      woonplaats: p.woonplaats,
      pc4: p.pc4,
      huishoudens: p.huishoudens,
      oppervlakteHa: p.oppervlakte_ha,
      schematic: p.schematic,
      geometry: result.data.geometry as BuurtRecord['geometry'],
    };
  });
}

async function readIn(dir: string, name: string): Promise<Buffer> {
  const path = join(dir, name);
  if (name === DATASET_FILES.buurten) {
    const generated = await generatedBuurtenFile(dir);
    if (generated) return generated;
  }
  if (!existsSync(path)) throw new DatasetError(path, null, null, 'file not found');
  return readFile(path);
}

/** Reads and validates a dataset folder. Throws {@link DatasetError} on the first problem found. */
export async function readDataset(dir: string): Promise<Dataset> {
  const infoPath = join(dir, DATASET_FILES.info);
  let infoJson: unknown;
  try {
    infoJson = JSON.parse((await readIn(dir, DATASET_FILES.info)).toString('utf8'));
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(infoPath, null, null, `not valid JSON (${(err as Error).message})`);
  }
  const info = datasetInfoSchema.safeParse(infoJson);
  if (!info.success) throw firstIssue(infoPath, 'top level', info.error);
  const buurten = parseBuurten(join(dir, DATASET_FILES.buurten), await readIn(dir, DATASET_FILES.buurten));
  const addresses = parseAddresses(join(dir, DATASET_FILES.addresses), await readIn(dir, DATASET_FILES.addresses));
  const register = parseRegister(join(dir, DATASET_FILES.register), await readIn(dir, DATASET_FILES.register));
  const codes = new Set(buurten.map((b) => b.code));
  const orphan = addresses.findIndex((a) => !codes.has(a.buurtCode));
  if (orphan >= 0) {
    throw new DatasetError(
      join(dir, DATASET_FILES.addresses),
      `line ${orphan + 2}`,
      'buurt_code',
      `unknown buurt ${addresses[orphan].buurtCode}`,
    );
  }
  const nummeraanduidingen = await readNummeraanduidingen(dir, new Set(addresses.map((a) => a.verblijfsobjectId)));
  return {
    info: info.data,
    buurten,
    addresses,
    register,
    ...(nummeraanduidingen.length > 0 ? { nummeraanduidingen } : {}),
    version: await datasetHash(dir),
  };
}

/** Reads the latent truth of a synthetic dataset, or `null` when the folder has none. */
export async function readTruth(dir: string): Promise<TruthRow[] | null> {
  const path = join(dir, DATASET_FILES.truth);
  if (!existsSync(path)) return null;
  return parseCsvRows(path, await readFile(path), TRUTH_COLUMNS, truthRowSchema);
}

const gz = (text: string) => gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
const bit = (b: boolean | null) => (b === null ? '' : b ? 'true' : 'false');

/** One address as a row of `addresses.csv` (keys are the registered columns; also used by the streaming country writer). */
export const addressCsvRow = addressRow;

/** The columns the writer gives `register.csv` (required and optional). */
export const REGISTER_FILE_COLUMNS = [...REGISTER_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS] as const;

/** One register record as a row of `register.csv` (keys are {@link REGISTER_FILE_COLUMNS}). */
export function registerCsvRow(r: RegisterRecord): Record<string, unknown> {
  return {
    pand_id: r.pandId,
    onderzocht: bit(r.onderzocht),
    onderzocht_jaar: r.onderzochtJaar,
    kwaliteitsklasse: r.kwaliteitsklasse,
    hersteld: bit(r.hersteld),
    hersteld_jaar: r.herstelJaar,
    droogstand: bit(r.droogstand),
    funderingtype: r.funderingtype,
    steekproef: bit(r.steekproef),
    herhaal_klasse: r.herhaalKlasse,
    herhaal_jaar: r.herhaalJaar,
  };
}

/** The files of a dataset folder, rendered to bytes (deterministic for the same input). */
export function renderDataset(dataset: Dataset, truth: readonly Record<string, unknown>[] | null): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set(DATASET_FILES.info, Buffer.from(`${JSON.stringify(dataset.info, null, 2)}\n`));
  files.set(DATASET_FILES.buurten, renderBuurten(dataset.buurten));
  const addressRows = dataset.addresses.map(addressRow);
  files.set(DATASET_FILES.addresses, gz(formatCsv(addressColumnsOf(addressRows), addressRows)));
  files.set(DATASET_FILES.register, gz(formatCsv(REGISTER_FILE_COLUMNS, dataset.register.map(registerCsvRow))));
  const links = renderNummeraanduidingen(dataset.nummeraanduidingen);
  if (links) files.set(NUMMERAANDUIDINGEN_FILE, links);
  if (truth) files.set(DATASET_FILES.truth, gz(formatCsv(TRUTH_COLUMNS, truth)));
  return files;
}

/**
 * Writes a dataset folder all-or-nothing: files go to a sibling temporary folder which then replaces
 * `dir`, so a failure leaves any previous dataset in `dir` untouched.
 */
export async function writeDataset(dir: string, files: Map<string, Buffer>): Promise<void> {
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, bytes] of files) await writeFile(join(tmp, name), bytes);
    if (existsSync(dir)) await rename(dir, old);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(old)) await rename(old, dir);
    throw err;
  }
}

/**
 * Buildings in a foreign layout (e.g. a FunderMaps export): a column map (JSON, one shipped in
 * `column-maps/fundermaps.json`) names, per foreign column, the input it fills and the unit it is in;
 * values are converted to the input's unit and a groundwater depth to a NAP level with the surface level.
 * Every mapped column is unit-checked over the whole file before anything is used. Foreign ids are joined to
 * BAG panden through an id-mapping file (CSV: the foreign id column and `pand_id`).
 */
import { z } from 'zod';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import { BAG_ID_PATTERN } from '../../service/domain/ids.js';
import type { AddressRecord } from '../../service/domain/records.js';
import {
  IMPORT_INPUTS,
  type ImportInput,
  INPUT_UNITS,
  LENGTH_FACTORS,
  type SoilInput,
  VELOCITY_FACTORS,
  plausible,
  unitEvidence,
} from './input-units.js';
import type { SourceRecord } from './soil-import.js';
import { readTable } from './table-source.js';

const columnMapSchema = z.object({
  name: z.string().min(1),
  source: z.string().min(1),
  id: z.object({ column: z.string().min(1), pattern: z.string().optional() }),
  columns: z
    .record(
      z.string(),
      z.object({
        input: z.enum(IMPORT_INPUTS),
        unit: z.string(),
        negate: z.boolean().optional(),
        note: z.string().optional(),
      }),
    )
    .refine((c) => Object.keys(c).length > 0, 'maps no column'),
});
export type ColumnMap = z.output<typeof columnMapSchema>;

/** The factor from `unit` to the input's own unit, or `null` when the unit does not fit the input. */
function factorOf(input: ImportInput, unit: string): number | null {
  const table = INPUT_UNITS[input].reference === 'velocity' ? VELOCITY_FACTORS : LENGTH_FACTORS;
  return table[unit] ?? null;
}

/** Parses and checks a column map. Throws {@link DatasetError} naming the file and the field. */
export function parseColumnMap(file: string, raw: Buffer): ColumnMap {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new DatasetError(file, null, null, `not valid JSON (${(err as Error).message})`);
  }
  const result = columnMapSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DatasetError(file, null, issue.path.map(String).join('.') || null, issue.message);
  }
  const inputs = new Set<string>();
  for (const [column, spec] of Object.entries(result.data.columns)) {
    if (factorOf(spec.input, spec.unit) === null) {
      const units = Object.keys(INPUT_UNITS[spec.input].reference === 'velocity' ? VELOCITY_FACTORS : LENGTH_FACTORS).join(', ');
      throw new DatasetError(file, null, `columns.${column}.unit`, `"${spec.unit}" is not a unit for ${spec.input} (one of ${units})`);
    }
    const target = spec.input === 'grondwater_diepte_m' ? 'grondwater_nap_m' : spec.input;
    if (inputs.has(target)) throw new DatasetError(file, null, `columns.${column}.input`, `${target} is mapped twice`);
    inputs.add(target);
  }
  return result.data;
}

/** One foreign building's inputs in the dataset's units (a depth kept as a depth until joined). */
export type MappedValues = Partial<Record<ImportInput, number | null>>;

/** The foreign buildings by their id, with per input the values refused as implausible. */
export interface MappedBuildings {
  byId: Map<string, MappedValues>;
  refused: Partial<Record<ImportInput, number>>;
}

/** Reads a foreign building table through a column map; unit-checks every mapped column first. */
export async function readMappedBuildings(file: string, raw: Buffer, map: ColumnMap, mapFile: string): Promise<MappedBuildings> {
  const columns = Object.entries(map.columns);
  const table = await readTable(file, raw, [map.id.column, ...columns.map(([c]) => c)]);
  const pattern = map.id.pattern ? new RegExp(map.id.pattern) : null;
  const byId = new Map<string, MappedValues>();
  const refused: MappedBuildings['refused'] = {};
  for (const { location, values } of table.records) {
    const id = values[map.id.column];
    if (!id || (pattern && !pattern.test(id)))
      throw new DatasetError(file, location, map.id.column, `expected an id matching ${map.id.pattern ?? 'a non-empty id'}, got "${id}"`);
    if (byId.has(id)) throw new DatasetError(file, location, map.id.column, `duplicate id ${id}`);
    const row: MappedValues = {};
    for (const [column, spec] of columns) {
      const text = values[column].replace(/^(-?\d+),(\d+)$/, '$1.$2');
      if (text === '') {
        row[spec.input] = null;
        continue;
      }
      const v = Number(text);
      if (!Number.isFinite(v)) throw new DatasetError(file, location, column, `expected a number, got "${values[column]}"`);
      const converted = (spec.negate ? -v : v) * factorOf(spec.input, spec.unit)!;
      if (!plausible(spec.input, converted)) {
        refused[spec.input] = (refused[spec.input] ?? 0) + 1;
        row[spec.input] = null;
        continue;
      }
      row[spec.input] = Math.round(converted * 1000) / 1000;
    }
    byId.set(id, row);
  }
  const rows = [...byId.values()];
  for (const [column, spec] of columns) {
    const having = rows.filter((r) => r[spec.input] !== null && r[spec.input] !== undefined);
    const evidence = unitEvidence(
      spec.input,
      having.map((r) => r[spec.input]!),
      having.map((r) => r.maaiveld_nap_m ?? null),
    );
    if (evidence) {
      throw new DatasetError(
        file,
        'all rows',
        column,
        `${evidence} (declared by ${mapFile} as ${spec.input}, ${INPUT_UNITS[spec.input].unit})`,
      );
    }
  }
  return { byId, refused };
}

/** Reads an id mapping (CSV or .xlsx with `idColumn` and `pand_id`): foreign id → pand id. */
export async function readIdMap(file: string, raw: Buffer, idColumn: string): Promise<Map<string, string>> {
  const table = await readTable(file, raw, [idColumn, 'pand_id']);
  const map = new Map<string, string>();
  for (const { location, values } of table.records) {
    const pand = values.pand_id.replace(/^NL\.IMBAG\.Pand\./i, '');
    if (!BAG_ID_PATTERN.test(pand))
      throw new DatasetError(file, location, 'pand_id', 'expected a 16-digit BAG pand id (or NL.IMBAG.Pand.…)');
    if (map.has(values[idColumn])) throw new DatasetError(file, location, idColumn, `duplicate id ${values[idColumn]}`);
    map.set(values[idColumn], pand);
  }
  return map;
}

const FIELD: Record<SoilInput, keyof AddressRecord> = {
  maaiveld_nap_m: 'maaiveldNapM',
  grondwater_nap_m: 'grondwaterNapM',
  veendikte_m: 'veendikteM',
  pleistoceen_nap_m: 'pleistoceenNapM',
  bodemdaling_mm_jr: 'bodemdalingMmJr',
};

/**
 * Fills the addresses of every mapped pand with the foreign building's values (they replace the addresses
 * file's); a depth becomes `grondwater_nap_m` = surface (the building's own, else the address's) − depth.
 */
export function applyBuildings(
  addresses: readonly AddressRecord[],
  buildings: MappedBuildings,
  ids: ReadonlyMap<string, string>,
  map: ColumnMap,
  file: string,
  progress: (m: string) => void,
): { addresses: AddressRecord[]; sources: SourceRecord[]; unmatched: number } {
  const byPand = new Map<string, MappedValues>();
  let unmatched = 0;
  for (const [id, values] of buildings.byId) {
    const pand = ids.get(id);
    if (pand === undefined) {
      unmatched += 1;
      continue;
    }
    byPand.set(pand, values);
  }
  const counts = new Map<SoilInput, SourceRecord>();
  const record = (input: SoilInput, declaredAs: ImportInput) => {
    if (!counts.has(input)) {
      counts.set(input, {
        input,
        kind: 'column-map',
        source: `${map.source} (${file})`,
        values: 0,
        refused: buildings.refused[declaredAs] ?? 0,
        ...(declaredAs !== input ? { declaredAs, noSurface: 0 } : {}),
      });
    }
    return counts.get(input)!;
  };
  const specs = Object.values(map.columns);
  const out = addresses.map((a) => {
    const values = a.pandId === null ? undefined : byPand.get(a.pandId);
    const copy = { ...a };
    for (const spec of specs) record(spec.input === 'grondwater_diepte_m' ? 'grondwater_nap_m' : spec.input, spec.input);
    if (!values) return copy;
    for (const spec of specs) {
      const v = values[spec.input];
      if (v === null || v === undefined) continue;
      if (spec.input === 'grondwater_diepte_m') {
        const surface = values.maaiveld_nap_m ?? copy.maaiveldNapM;
        const r = record('grondwater_nap_m', spec.input);
        if (surface === null || surface === undefined) {
          r.noSurface! += 1;
          continue;
        }
        copy.grondwaterNapM = Math.round((surface - v) * 1000) / 1000;
        copy.grondwaterBron = 'model';
        r.values += 1;
      } else {
        (copy as unknown as Record<string, unknown>)[FIELD[spec.input]] = v;
        record(spec.input, spec.input).values += 1;
      }
    }
    return copy;
  });
  const matchedPanden = new Set(addresses.flatMap((a) => (a.pandId !== null && byPand.has(a.pandId) ? [a.pandId] : []))).size;
  progress(
    `buildings ${file} (${map.name}): ${buildings.byId.size} rows, ${byPand.size} with a pand id, ${matchedPanden} of those panden in the addresses, ${unmatched} without a pand id`,
  );
  return { addresses: out, sources: [...counts.values()], unmatched };
}

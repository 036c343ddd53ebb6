/**
 * Builds a dataset from real files: buurten (required), addresses and register (optional). What is
 * missing is filled by the generator (addresses and register when no addresses are given), and the
 * dataset info says which parts are synthetic. Cross-file checks name file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import type { AddressRecord, Dataset, RegisterRecord } from '../../service/domain/records.js';
import type { Crs } from '../../service/geo/rd-new.js';
import { REFERENCE_YEAR } from '../foundation-truth.js';
import { generateDataset } from '../generate.js';
import { pointInGeometry } from '../geometry.js';
import { importBag } from './bag/import-bag.js';
import { importBuurten } from './cbs-buurten.js';
import { applyBuildings, parseColumnMap, readIdMap, readMappedBuildings } from './column-map.js';
import { buildReport, type ImportReport, trainingRanges } from './import-report.js';
import type { RasterSpec } from './raster-source.js';
import { readAddressFile, readRegisterFile } from './register-source.js';
import { applyRasters, checkAddressColumns, type SourceRecord } from './soil-import.js';

/** Options of an import. */
export interface ImportOptions {
  buurten: string;
  addresses?: string | null;
  /** BAG source instead of `addresses`: a `.gpkg`, an OGC API Features base URL or a folder of its pages (see `bag/import-bag.ts`). */
  bag?: string | null;
  register?: string | null;
  crs?: Crs;
  seed: number;
  /** Audit-sample size when the register is generated (see `generateDataset`). */
  audit?: number;
  /** Buildings in a foreign layout (`--buildings`, `--column-map`, `--id-map`), applied before the rasters. */
  buildings?: { file: string; columnMap: string; idMap: string } | null;
  /** Rasters that replace soil and water inputs of the addresses (`--raster NAME=FILE|URL`). */
  rasters?: readonly RasterSpec[];
  /** Model folder (or `models/current`) whose training ranges the report compares with; none when absent. */
  model?: string | null;
  progress?: (message: string) => void;
}

async function readInput(path: string): Promise<Buffer> {
  if (!existsSync(path)) throw new DatasetError(path, null, null, 'file not found');
  return readFile(path);
}

function checkAddresses(file: string, addresses: readonly AddressRecord[], locations: readonly string[], codes: ReadonlySet<string>): void {
  const seen = new Set<string>();
  addresses.forEach((a, i) => {
    const line = locations[i];
    if (!codes.has(a.buurtCode)) throw new DatasetError(file, line, 'buurt_code', `unknown buurt ${a.buurtCode} (not in the buurten file)`);
    if (seen.has(a.verblijfsobjectId)) throw new DatasetError(file, line, 'verblijfsobject_id', `duplicate id ${a.verblijfsobjectId}`);
    seen.add(a.verblijfsobjectId);
  });
}

function checkRegister(
  file: string,
  register: readonly RegisterRecord[],
  locations: readonly string[],
  pandIds: ReadonlySet<string> | null,
): void {
  const seen = new Set<string>();
  register.forEach((r, i) => {
    const line = locations[i];
    if (seen.has(r.pandId)) throw new DatasetError(file, line, 'pand_id', `duplicate pand ${r.pandId}`);
    seen.add(r.pandId);
    if (pandIds && !pandIds.has(r.pandId))
      throw new DatasetError(file, line, 'pand_id', `unknown pand ${r.pandId} (not in the addresses file)`);
    if (r.onderzocht && r.onderzochtJaar === null)
      throw new DatasetError(file, line, 'onderzocht_jaar', 'required when onderzocht is true');
    if (r.hersteld && r.herstelJaar === null) throw new DatasetError(file, line, 'hersteld_jaar', 'required when hersteld is true');
    if (r.steekproef && !r.onderzocht)
      throw new DatasetError(file, line, 'steekproef', 'an audit-sample pand must be surveyed (onderzocht true)');
    if ((r.herhaalKlasse === null) !== (r.herhaalJaar === null)) {
      throw new DatasetError(
        file,
        line,
        r.herhaalKlasse === null ? 'herhaal_klasse' : 'herhaal_jaar',
        'herhaal_klasse and herhaal_jaar go together',
      );
    }
    if (r.herhaalKlasse !== null && r.kwaliteitsklasse === null)
      throw new DatasetError(file, line, 'herhaal_klasse', 'a re-survey needs a first survey with a kwaliteitsklasse');
  });
}

/** Result of an import: the dataset and, when parts were generated, the latent truth rows. */
export interface Imported {
  dataset: Dataset;
  truth: Record<string, unknown>[] | null;
  /** Per input: provenance, missing, defaulted, refused, outside the training range (`import-report.json`). */
  report: ImportReport;
}

/** The panden the addresses belong to (addresses without a building have none). */
const pandIdsOf = (addresses: readonly AddressRecord[]) => new Set(addresses.flatMap((a) => (a.pandId === null ? [] : [a.pandId])));

/** Imports real files into a dataset, filling what is missing with the generator. Throws {@link DatasetError}. */

export async function importDataset(options: ImportOptions): Promise<Imported> {
  const progress = options.progress ?? (() => undefined);
  const buurten = await importBuurten(options.buurten, { crs: options.crs, progress });
  progress(`buurten: ${buurten.length} from ${options.buurten}`);
  const codes = new Set(buurten.map((b) => b.code));
  const registerFile = options.register ? await readRegisterFile(options.register, await readInput(options.register)) : null;
  const register = registerFile?.records ?? null;

  if (!options.addresses && !options.bag) {
    const generated = generateDataset({ seed: options.seed, buurten, audit: options.audit, progress });
    if (register) checkRegister(options.register!, register, registerFile!.locations, pandIdsOf(generated.dataset.addresses));
    const dataset = register ? { ...generated.dataset, register } : generated.dataset;
    const ranges = options.model ? await trainingRanges(options.model, progress) : null;
    return { dataset, truth: register ? null : generated.truth, report: buildReport(dataset.addresses, [], ranges, true) };
  }

  const bag = options.bag ? await importBag(options.bag, buurten, progress) : null;
  const addressFile = options.bag ?? options.addresses!;
  let records: AddressRecord[];
  if (bag) {
    records = bag.addresses;
    checkAddresses(
      addressFile,
      records,
      records.map((a) => `verblijfsobject ${a.verblijfsobjectId}`),
      codes,
    );
  } else {
    const parsed = await readAddressFile(addressFile, await readInput(addressFile));
    checkAddresses(addressFile, parsed.records, parsed.locations, codes);
    checkAddressColumns(addressFile, parsed.records);
    records = parsed.records;
  }
  progress(`addresses: ${records.length} from ${addressFile}`);
  const sources: SourceRecord[] = [];
  if (options.buildings) {
    const { file, columnMap, idMap } = options.buildings;
    const map = parseColumnMap(columnMap, await readInput(columnMap));
    const buildings = await readMappedBuildings(file, await readInput(file), map, columnMap);
    const ids = await readIdMap(idMap, await readInput(idMap), map.id.column);
    const applied = applyBuildings(records, buildings, ids, map, file, progress);
    records = applied.addresses;
    sources.push(...applied.sources);
  }
  const rastered = await applyRasters(records, options.rasters ?? [], progress);
  const addresses = rastered.addresses;
  sources.push(...rastered.sources);
  const geometry = new Map(buurten.map((b) => [b.code, b.geometry]));
  const outside = addresses.filter((a) => !pointInGeometry(a.lon, a.lat, geometry.get(a.buurtCode)!)).length;
  // BAG points near a boundary can fall just outside a generalised buurt polygon: warn, do not fail
  if (outside > 0) progress(`warning: ${outside} addresses lie outside the polygon of their buurt_code`);
  if (register) {
    checkRegister(options.register!, register, registerFile!.locations, pandIdsOf(addresses));
    progress(`register rows: ${register.length} from ${options.register}`);
  }
  const ranges = options.model ? await trainingRanges(options.model, progress) : null;
  const rasterNote =
    sources.length > 0
      ? ` Soil and water sources: ${sources.map((r) => `${r.declaredAs ?? r.input} from ${r.source}`).join('; ')} (see import-report.json).`
      : '';
  let description = register
    ? `Imported from ${options.buurten}, ${addressFile} and ${options.register}. Real data: no part is synthetic.`
    : `Imported from ${options.buurten} and ${addressFile}; no register was given, so no building has a survey label.`;
  description += rasterNote;
  return {
    dataset: {
      info: { formatVersion: 1, name: 'imported', synthetic: false, description, seed: null, referenceYear: REFERENCE_YEAR },
      buurten,
      addresses,
      register: register ?? [],
      ...(bag && bag.nummeraanduidingen.length > 0 ? { nummeraanduidingen: bag.nummeraanduidingen } : {}),
    },
    truth: null,
    report: buildReport(addresses, sources, ranges, false),
  };
}

/**
 * Builds a dataset from real files: buurten (required), addresses and register (optional). What is
 * missing is filled by the generator (addresses and register when no addresses are given), and the
 * dataset info says which parts are synthetic. Cross-file checks name file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { DatasetError, parseAddresses, parseRegister } from '../../service/adapters/dataset/dataset-files.js';
import type { AddressRecord, Dataset, RegisterRecord } from '../../service/domain/records.js';
import type { Crs } from '../../service/geo/rd-new.js';
import { REFERENCE_YEAR } from '../foundation-truth.js';
import { generateDataset } from '../generate.js';
import { pointInGeometry } from '../geometry.js';
import { importBag } from './bag/import-bag.js';
import { importBuurten } from './cbs-buurten.js';

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
  progress?: (message: string) => void;
}

async function readInput(path: string): Promise<Buffer> {
  if (!existsSync(path)) throw new DatasetError(path, null, null, 'file not found');
  return readFile(path);
}

function checkAddresses(file: string, addresses: readonly AddressRecord[], codes: ReadonlySet<string>): void {
  const seen = new Set<string>();
  addresses.forEach((a, i) => {
    const line = `line ${i + 2}`;
    if (!codes.has(a.buurtCode)) throw new DatasetError(file, line, 'buurt_code', `unknown buurt ${a.buurtCode} (not in the buurten file)`);
    if (seen.has(a.verblijfsobjectId)) throw new DatasetError(file, line, 'verblijfsobject_id', `duplicate id ${a.verblijfsobjectId}`);
    seen.add(a.verblijfsobjectId);
  });
}

function checkRegister(file: string, register: readonly RegisterRecord[], pandIds: ReadonlySet<string> | null): void {
  const seen = new Set<string>();
  register.forEach((r, i) => {
    const line = `line ${i + 2}`;
    if (seen.has(r.pandId)) throw new DatasetError(file, line, 'pand_id', `duplicate pand ${r.pandId}`);
    seen.add(r.pandId);
    if (pandIds && !pandIds.has(r.pandId)) throw new DatasetError(file, line, 'pand_id', `unknown pand ${r.pandId} (not in the addresses file)`);
    if (r.onderzocht && r.onderzochtJaar === null) throw new DatasetError(file, line, 'onderzocht_jaar', 'required when onderzocht is true');
    if (r.hersteld && r.herstelJaar === null) throw new DatasetError(file, line, 'hersteld_jaar', 'required when hersteld is true');
    if (r.steekproef && !r.onderzocht) throw new DatasetError(file, line, 'steekproef', 'an audit-sample pand must be surveyed (onderzocht true)');
    if ((r.herhaalKlasse === null) !== (r.herhaalJaar === null)) {
      throw new DatasetError(file, line, r.herhaalKlasse === null ? 'herhaal_klasse' : 'herhaal_jaar', 'herhaal_klasse and herhaal_jaar go together');
    }
    if (r.herhaalKlasse !== null && r.kwaliteitsklasse === null) throw new DatasetError(file, line, 'herhaal_klasse', 'a re-survey needs a first survey with a kwaliteitsklasse');
  });
}

/** Result of an import: the dataset and, when parts were generated, the latent truth rows. */
export interface Imported {
  dataset: Dataset;
  truth: Record<string, unknown>[] | null;
}

/** The panden the addresses belong to (addresses without a building have none). */
const pandIdsOf = (addresses: readonly AddressRecord[]) => new Set(addresses.flatMap((a) => (a.pandId === null ? [] : [a.pandId])));

/** Imports real files into a dataset, filling what is missing with the generator. Throws {@link DatasetError}. */

export async function importDataset(options: ImportOptions): Promise<Imported> {
  const progress = options.progress ?? (() => undefined);
  const buurten = await importBuurten(options.buurten, { crs: options.crs, progress });
  progress(`buurten: ${buurten.length} from ${options.buurten}`);
  const codes = new Set(buurten.map((b) => b.code));
  const register = options.register ? parseRegister(options.register, await readInput(options.register)) : null;

  if (!options.addresses && !options.bag) {
    const generated = generateDataset({ seed: options.seed, buurten, audit: options.audit, progress });
    if (register) checkRegister(options.register!, register, pandIdsOf(generated.dataset.addresses));
    const dataset = register ? { ...generated.dataset, register } : generated.dataset;
    return { dataset, truth: register ? null : generated.truth };
  }

  const bag = options.bag ? await importBag(options.bag, buurten, progress) : null;
  const addressFile = options.bag ?? options.addresses!;
  const addresses = bag ? bag.addresses : parseAddresses(addressFile, await readInput(addressFile));
  checkAddresses(addressFile, addresses, codes);
  progress(`addresses: ${addresses.length} from ${addressFile}`);
  const geometry = new Map(buurten.map((b) => [b.code, b.geometry]));
  const outside = addresses.filter((a) => !pointInGeometry(a.lon, a.lat, geometry.get(a.buurtCode)!)).length;
  // BAG points near a boundary can fall just outside a generalised buurt polygon: warn, do not fail
  if (outside > 0) progress(`warning: ${outside} addresses lie outside the polygon of their buurt_code`);
  if (register) {
    checkRegister(options.register!, register, pandIdsOf(addresses));
    progress(`register rows: ${register.length} from ${options.register}`);
  }
  const description = register
    ? `Imported from ${options.buurten}, ${addressFile} and ${options.register}. Real data: no part is synthetic.`
    : `Imported from ${options.buurten} and ${addressFile}; no register was given, so no building has a survey label.`;
  return {
    dataset: {
      info: { formatVersion: 1, name: 'imported', synthetic: false, description, seed: null, referenceYear: REFERENCE_YEAR },
      buurten, addresses, register: register ?? [],
      ...(bag && bag.nummeraanduidingen.length > 0 ? { nummeraanduidingen: bag.nummeraanduidingen } : {}),
    },
    truth: null,
  };
}

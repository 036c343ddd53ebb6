/**
 * `generate-country`: a synthetic country of many gemeenten, for loading and measuring at national scale.
 *
 * Scheme (documented in seeds/README.md): the demo's whole generation process (`generateDataset`: buurten →
 * panden and dwellings → soil → latent truth → observations → register with audit sample) runs once per
 * gemeente with its own seed, on the 50 schematic Zaanstad buurten. Gemeente 0 is the demo itself
 * (GM0479, in place). Every further gemeente g is the same process with seed `seed + g·7919`, moved to a
 * cell of a national grid (cells of the Zaanstad bounding box's size, laid over the Netherlands' bounding
 * box row by row, skipping the cell on Zaanstad), and recoded: gemeente GM(5000+g), its buurt and wijk
 * codes and the first four digits of every BAG id carry that number, its PC4 areas come from a sequence
 * that skips Zaanstad's, and its eight woonplaatsen get made-up names. The last gemeente takes only as many
 * buurten (in the demo's order) as are needed to reach the requested address count, so the total is the
 * requested count rounded up to a whole buurt.
 *
 * Memory stays bounded: one gemeente (≈ 69 000 addresses) is held at a time, and the files are written
 * as streams (gzip) into a temporary folder that replaces `--out` only when complete.
 */
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip, type Gzip } from 'node:zlib';
import { addressColumnsOf, addressCsvRow, REGISTER_FILE_COLUMNS, registerCsvRow } from '../service/adapters/dataset/dataset-files.js';
import { formatCsv } from '../service/adapters/dataset/csv.js';
import { ADDRESS_COLUMNS, DATASET_FILES, TRUTH_COLUMNS } from '../service/adapters/dataset/dataset-schema.js';
import type { AddressRecord, BuurtRecord } from '../service/domain/records.js';
import { REFERENCE_YEAR } from './foundation-truth.js';
import { DEFAULT_SEED, generateDataset } from './generate.js';
import { GenerationError } from './generation-error.js';
import { schematicBuurten } from './schematic-buurten.js';
import { ZAANSTAD_BUURTEN } from './zaanstad-facts.js';

/** Options of one country. */
export interface CountryOptions {
  /** Addresses wanted (the result is this, rounded up to a whole buurt). */
  addresses: number;
  out: string;
  seed: number;
  /** Only the first k of the 50 buurten in every gemeente (tests: many small gemeenten); default all. */
  buurtenPerGemeente?: number;
  progress?: (message: string) => void;
}

/** What was written. */
export interface CountryReport {
  gemeenten: number;
  buurten: number;
  addresses: number;
  register: number;
  ms: number;
}

/** The demo's gemeente number (gemeente 0 keeps it). */
const DEMO_GEMEENTE = '0479';
/** Gemeente g > 0 is numbered 5000 + g: outside the range of real CBS gemeente codes. */
const FIRST_SYNTHETIC = 5000;
/** The Netherlands' bounding box (WGS84), over which the gemeente cells are laid. */
const NL = { west: 3.36, east: 7.23, south: 50.75, north: 53.55 };

const PLACE_PREFIX = [
  'Ooster',
  'Wester',
  'Noorder',
  'Zuider',
  'Nieuw',
  'Oud',
  'Groot',
  'Klein',
  'Hoog',
  'Laag',
  'Sint',
  'Den',
  'Ter',
  'Ten',
  'Op',
  'Over',
  'Neder',
  'Boven',
  'Midden',
  'Achter',
];
const PLACE_STEM = [
  'Aal',
  'Beek',
  'Berk',
  'Brak',
  'Dors',
  'Eem',
  'Els',
  'Gan',
  'Hel',
  'Hors',
  'Kam',
  'Lin',
  'Mol',
  'Nes',
  'Pol',
  'Rijs',
  'Sas',
  'Tol',
  'Ulf',
  'Ven',
  'Wes',
  'Zil',
  'Gol',
  'Hem',
  'Lek',
];
const PLACE_SUFFIX = [
  'berg',
  'bosch',
  'brug',
  'dam',
  'dijk',
  'dorp',
  'drecht',
  'eind',
  'gein',
  'haven',
  'hoeve',
  'horst',
  'hout',
  'huizen',
  'kerk',
  'land',
  'meer',
  'mond',
  'poort',
  'rade',
  'sloot',
  'stein',
  'veen',
  'veld',
  'vliet',
  'voorde',
  'waard',
  'wijk',
  'woude',
  'zand',
];

/** A made-up woonplaats name, unique for k < 15 000. */
export function placeName(k: number): string {
  const p = PLACE_PREFIX[k % PLACE_PREFIX.length];
  const s = PLACE_STEM[Math.floor(k / PLACE_PREFIX.length) % PLACE_STEM.length];
  const x = PLACE_SUFFIX[Math.floor(k / (PLACE_PREFIX.length * PLACE_STEM.length)) % PLACE_SUFFIX.length];
  return `${p} ${s}${x}`;
}
const MAX_PLACE_NAMES = PLACE_PREFIX.length * PLACE_STEM.length * PLACE_SUFFIX.length;

interface Bbox {
  west: number;
  east: number;
  south: number;
  north: number;
}

function bboxOf(buurten: readonly BuurtRecord[]): Bbox {
  const b = { west: Infinity, east: -Infinity, south: Infinity, north: -Infinity };
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b.west = Math.min(b.west, c[0]);
      b.east = Math.max(b.east, c[0]);
      b.south = Math.min(b.south, c[1] as number);
      b.north = Math.max(b.north, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const x of buurten) visit(x.geometry.coordinates);
  return b;
}

/** The translation (degrees) of gemeente g ≥ 1: the g-th grid cell that does not overlap the demo. */
function gridOffsets(demo: Bbox, count: number): [number, number][] {
  const w = (demo.east - demo.west) * 1.05;
  const h = (demo.north - demo.south) * 1.05;
  const cols = Math.max(1, Math.floor((NL.east - NL.west) / w));
  const out: [number, number][] = [];
  for (let i = 0; out.length < count; i++) {
    const west = NL.west + (i % cols) * w;
    const north = NL.north - Math.floor(i / cols) * h; // rows continue south of the box when the country is huge
    const cell = { west, east: west + w, south: north - h, north };
    const overlaps = cell.west < demo.east && cell.east > demo.west && cell.south < demo.north && cell.north > demo.south;
    if (!overlaps) out.push([west - demo.west, north - demo.north]);
  }
  return out;
}

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;

function moveCoords(c: unknown, dx: number, dy: number): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return [r7(c[0] + dx), r7((c[1] as number) + dy), ...c.slice(2)];
  return (c as unknown[]).map((x) => moveCoords(x, dx, dy));
}

/** How one gemeente is recoded from the demo. */
interface Recode {
  number: string;
  dx: number;
  dy: number;
  pc4: Map<string, string>;
  place: Map<string, string>;
}

const recodeId = (id: string, number: string) => `${number}${id.slice(4)}`;
const recodeArea = (code: string, prefix: 'BU' | 'WK' | 'GM', number: string) => `${prefix}${number}${code.slice(2 + 4)}`;

function recodeBuurt(b: BuurtRecord, r: Recode): BuurtRecord {
  return {
    ...b,
    code: recodeArea(b.code, 'BU', r.number),
    wijkCode: recodeArea(b.wijkCode, 'WK', r.number),
    gemeenteCode: `GM${r.number}`,
    woonplaats: r.place.get(b.woonplaats) ?? b.woonplaats,
    pc4: r.pc4.get(b.pc4) ?? b.pc4,
    geometry: { ...b.geometry, coordinates: moveCoords(b.geometry.coordinates, r.dx, r.dy) } as BuurtRecord['geometry'],
  };
}

function recodeAddress(a: AddressRecord, r: Recode): AddressRecord {
  const pc4 = a.postcode.slice(0, 4);
  return {
    ...a,
    verblijfsobjectId: recodeId(a.verblijfsobjectId, r.number),
    pandId: a.pandId === null ? null : recodeId(a.pandId, r.number),
    // Blocks are numbered per gemeente like the BAG ids ("0479B000001"), so each gemeente's stay its own.
    bouwblokId: a.bouwblokId == null ? a.bouwblokId : recodeId(a.bouwblokId, r.number),
    buurtCode: recodeArea(a.buurtCode, 'BU', r.number),
    postcode: `${r.pc4.get(pc4) ?? pc4}${a.postcode.slice(4)}`,
    woonplaats: r.place.get(a.woonplaats) ?? a.woonplaats,
    lon: r7(a.lon + r.dx),
    lat: r7(a.lat + r.dy),
  };
}

/** Writes text to a gzip stream, waiting when its buffer is full (bounded memory). */
async function put(z: Gzip | WriteStream, text: string): Promise<void> {
  if (!z.write(text)) await once(z, 'drain');
}

async function finish(z: Gzip, file: WriteStream): Promise<void> {
  z.end();
  await once(file, 'finish');
}

function gzFile(path: string): { z: Gzip; file: WriteStream } {
  const z = createGzip({ level: 6 });
  const file = createWriteStream(path);
  z.pipe(file);
  return { z, file };
}

const csvBody = (columns: readonly string[], rows: readonly object[]) => formatCsv(columns, rows).replace(/^[^\n]*\n/, '');

/** Generates the country into `out` (all-or-nothing). */
export async function generateCountry(options: CountryOptions): Promise<CountryReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  if (!Number.isInteger(options.addresses) || options.addresses < 1)
    throw new GenerationError('--addresses', 'addresses', 'must be a whole number from 1');
  const allBuurten = schematicBuurten(ZAANSTAD_BUURTEN);
  const demoBuurten = options.buurtenPerGemeente ? allBuurten.slice(0, options.buurtenPerGemeente) : allBuurten;
  const demoPc4 = [...new Set(demoBuurten.map((b) => b.pc4))].sort();
  const demoPlaces = [...new Set(demoBuurten.map((b) => b.woonplaats))];
  const demoHouseholds = demoBuurten.reduce((s, b) => s + (b.huishoudens ?? 0), 0);
  const estimate = Math.ceil(options.addresses / Math.max(1, demoHouseholds));
  const freePc4 = Array.from({ length: 9000 }, (_, i) => String(1000 + i)).filter((p) => !demoPc4.includes(p));
  const maxGemeenten =
    Math.min(Math.floor(freePc4.length / demoPc4.length), Math.floor(MAX_PLACE_NAMES / demoPlaces.length), 9999 - FIRST_SYNTHETIC) + 1;
  if (estimate + 1 > maxGemeenten) {
    throw new GenerationError(
      '--addresses',
      'addresses',
      `${options.addresses} needs about ${estimate} gemeenten; this scheme has codes and PC4 areas for ${maxGemeenten}`,
    );
  }
  const offsets = gridOffsets(bboxOf(demoBuurten), estimate + 1);

  const out = options.out;
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    const addr = gzFile(join(tmp, DATASET_FILES.addresses));
    const reg = gzFile(join(tmp, DATASET_FILES.register));
    const truth = gzFile(join(tmp, DATASET_FILES.truth));
    const geo = createWriteStream(join(tmp, DATASET_FILES.buurten));
    // The address header is written with the first gemeente: the demo's columns, optional ones included.
    let addressColumns: string[] | null = null;
    await put(reg.z, `${REGISTER_FILE_COLUMNS.join(',')}\n`);
    await put(truth.z, `${TRUTH_COLUMNS.join(',')}\n`);
    await put(geo, '{"type":"FeatureCollection","features":[');
    const report = { gemeenten: 0, buurten: 0, addresses: 0, register: 0 };
    for (let g = 0; report.addresses < options.addresses; g++) {
      // The last gemeente takes only the buurten needed to reach the count (by the published households).
      const wanted = options.addresses - report.addresses;
      let buurten = demoBuurten;
      if (wanted < demoHouseholds) {
        let sum = 0;
        const n = demoBuurten.findIndex((b) => {
          sum += b.huishoudens ?? 0;
          return sum >= wanted;
        });
        buurten = demoBuurten.slice(0, n < 0 ? demoBuurten.length : n + 1);
      }
      const seed = g === 0 ? options.seed : options.seed + g * 7919;
      const generated = generateDataset({ seed, buurten: g === 0 && buurten === allBuurten ? undefined : buurten });
      const recode: Recode | null =
        g === 0
          ? null
          : {
              number: String(FIRST_SYNTHETIC + g),
              dx: offsets[g - 1][0],
              dy: offsets[g - 1][1],
              pc4: new Map(demoPc4.map((p, i) => [p, freePc4[(g - 1) * demoPc4.length + i]])),
              place: new Map(demoPlaces.map((p, i) => [p, placeName((g - 1) * demoPlaces.length + i)])),
            };
      const ds = generated.dataset;
      const bs = recode ? ds.buurten.map((b) => recodeBuurt(b, recode)) : ds.buurten;
      const as = recode ? ds.addresses.map((a) => recodeAddress(a, recode)) : ds.addresses;
      const rs = recode ? ds.register.map((r) => ({ ...r, pandId: recodeId(r.pandId, recode.number) })) : ds.register;
      const ts = recode ? generated.truth.map((t) => ({ ...t, pand_id: recodeId(String(t.pand_id), recode.number) })) : generated.truth;
      const features = bs.map((b) =>
        JSON.stringify({
          type: 'Feature',
          properties: {
            code: b.code,
            naam: b.naam,
            wijk_code: b.wijkCode,
            gemeente_code: b.gemeenteCode,
            woonplaats: b.woonplaats,
            pc4: b.pc4,
            huishoudens: b.huishoudens,
            oppervlakte_ha: b.oppervlakteHa,
            schematic: true,
          },
          geometry: b.geometry,
        }),
      );
      await put(geo, `${g === 0 ? '' : ','}${features.join(',')}`);
      // formatCsv per slice keeps strings small; the gzip stream applies back-pressure
      if (addressColumns === null) {
        addressColumns = addressColumnsOf(as.map(addressCsvRow));
        await put(addr.z, `${addressColumns.join(',')}\n`);
      }
      for (let i = 0; i < as.length; i += 5_000) await put(addr.z, csvBody(addressColumns, as.slice(i, i + 5_000).map(addressCsvRow)));
      await put(reg.z, csvBody(REGISTER_FILE_COLUMNS, rs.map(registerCsvRow)));
      await put(truth.z, csvBody(TRUTH_COLUMNS, ts));
      report.gemeenten += 1;
      report.buurten += bs.length;
      report.addresses += as.length;
      report.register += rs.length;
      progress(
        `gemeente ${g + 1} (GM${recode?.number ?? DEMO_GEMEENTE}): ${report.addresses}/${options.addresses} addresses, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
      );
    }
    if (addressColumns === null) await put(addr.z, `${ADDRESS_COLUMNS.join(',')}\n`);
    await put(geo, ']}\n');
    geo.end();
    await once(geo, 'finish');
    await finish(addr.z, addr.file);
    await finish(reg.z, reg.file);
    await finish(truth.z, truth.file);
    const description = [
      `Synthetic country of ${report.gemeenten} gemeenten and ${report.addresses} addresses, generated by seeds/country.ts (see seeds/README.md).`,
      "Gemeente GM0479 is the demo (schematic Zaanstad buurten, real codes and names); every other gemeente repeats the demo's process",
      'with its own seed on the same schematic buurten moved to a national grid, with made-up codes (GM5001…), PC4 areas and place names.',
      'Every address, building, soil value, foundation type, register row and polygon is synthetic; none describes a real building or place.',
    ].join(' ');
    const info = {
      formatVersion: 1,
      name: 'synthetic-country',
      synthetic: true,
      description,
      seed: options.seed,
      referenceYear: REFERENCE_YEAR,
    };
    await writeFile(join(tmp, DATASET_FILES.info), `${JSON.stringify(info, null, 2)}\n`);
    const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
    if (existsSync(out)) await rename(out, old);
    await rename(tmp, out);
    await rm(old, { recursive: true, force: true });
    return { ...report, ms: Date.now() - started };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Usage of the subcommand. */
export const COUNTRY_USAGE = `usage: npm run seeds -- generate-country --addresses N --out DIR [--seed S]
  Writes a synthetic country of about N addresses (rounded up to a whole buurt) as a dataset folder.
  --addresses N  addresses wanted (1 to 34 000 000)
  --out DIR      dataset folder to write (replaced only when complete)
  --seed S       generator seed (default ${DEFAULT_SEED})
  --help         this text`;

/** A usage problem of the subcommand (exit 2). */
export class CountryUsageError extends Error {}

/** Parses the subcommand's arguments (strict: unknown flags are refused). Null means --help. */
export function parseCountryArgs(argv: readonly string[]): CountryOptions | null {
  const options = { addresses: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } } as const;
  let v: ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: typeof options }>>['values'];
  try {
    v = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    throw new CountryUsageError((err as Error).message);
  }
  if (v.help) return null;
  if (!v.out) throw new CountryUsageError('--out DIR is required');
  if (!v.addresses || !/^\d{1,9}$/.test(v.addresses) || Number(v.addresses) < 1)
    throw new CountryUsageError(`--addresses must be a whole number from 1, got "${v.addresses ?? ''}"`);
  const seedText = v.seed ?? String(DEFAULT_SEED);
  if (!/^\d{1,9}$/.test(seedText)) throw new CountryUsageError(`--seed must be a whole number from 0 to 999999999, got "${seedText}"`);
  return { addresses: Number(v.addresses), out: v.out, seed: Number(seedText) };
}

/** Runs the subcommand; returns the exit code. */
export async function runCountry(argv: readonly string[]): Promise<number> {
  const log = (m: string) => process.stderr.write(`seeds: ${m}\n`);
  try {
    const options = parseCountryArgs(argv);
    if (!options) {
      process.stdout.write(`${COUNTRY_USAGE}\n`);
      return 0;
    }
    const r = await generateCountry({ ...options, progress: log });
    log(
      `wrote ${options.out}: ${r.gemeenten} gemeenten, ${r.buurten} buurten, ${r.addresses} addresses, ${r.register} register rows in ${(r.ms / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CountryUsageError) {
      process.stderr.write(`seeds: ${err.message} (see npm run seeds -- generate-country --help)\n`);
      return 2;
    }
    if (err instanceof GenerationError) {
      process.stderr.write(`seeds: error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`seeds: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

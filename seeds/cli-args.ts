/**
 * Parses the seeds CLI arguments: `generate --out DIR [--buurten FILE|URL] [--crs CRS] [--seed N] [--audit N]` and
 * `import --buurten FILE|URL [--addresses FILE | --bag FILE|URL] [--register FILE] [--crs CRS] [--seed N] [--audit N] --out DIR`,
 * with the project's one parser (`service/cli/support/parse-args.ts`: `--help`, `--flag=value`, unknown flags refused).
 */
import { defineCli, type ParsedCli, parseCli, UsageError } from '../service/cli/support/parse-args.js';
import { type Crs, parseCrs } from '../service/geo/rd-new.js';
import { DEFAULT_AUDIT_SIZE } from './audit-sample.js';
import { DEFAULT_SEED } from './generate.js';
import { parseRasterSpec, type RasterSpec } from './import/raster-source.js';

export { UsageError };

/** Parsed CLI arguments. */
export interface CliArgs {
  command: 'generate' | 'import';
  out: string;
  seed: number;
  buurten: string | null;
  addresses: string | null;
  /** BAG source (`--bag`): GeoPackage, OGC API base URL or folder of pages. */
  bag: string | null;
  register: string | null;
  crs: Crs | undefined;
  /** Panden in the random audit sample (`--audit N`). */
  audit: number;
  /** `--raster NAME=FILE|URL` (import only; repeatable, one per input). */
  rasters: RasterSpec[];
  /** `--model DIR|models/current`: the model whose training ranges the import report uses (import only). */
  model: string | null;
  /** `--buildings FILE --column-map JSON --id-map FILE`: buildings in a foreign layout (import only). */
  buildings: { file: string; columnMap: string; idMap: string } | null;
}

/** The model whose training ranges the import report uses when `--model` is not given. */
export const DEFAULT_MODEL = 'models/current';

/** The seeds command line. */
export const SEEDS_CLI = defineCli({
  name: 'seeds',
  usage: 'npm run seeds --',
  summary: 'Writes a dataset folder: the synthetic demo (generate), or one built from real files (import). Progress goes to stderr.',
  options: {
    out: { type: 'string', value: 'DIR', description: 'dataset folder to write, all or nothing', required: true },
    crs: {
      type: 'string',
      value: 'EPSG:28992',
      description: "force the buurten input's CRS, EPSG:4326 or EPSG:28992 (default: from the file, else WGS84)",
    },
    seed: {
      type: 'string',
      value: 'N',
      description: 'random seed; same seed and input give identical files',
      default: String(DEFAULT_SEED),
    },
    audit: { type: 'string', value: 'N', description: 'panden in the random audit sample (0 = none)', default: String(DEFAULT_AUDIT_SIZE) },
  },
  commands: {
    generate: {
      summary: 'the synthetic demo dataset (schematic buurten unless --buurten gives real ones)',
      options: { buurten: { type: 'string', value: 'FILE|URL', description: 'CBS buurten GeoJSON file or PDOK OGC API items URL' } },
    },
    import: {
      summary: 'a dataset from real buurten, and optionally real addresses and a register',
      options: {
        buurten: { type: 'string', value: 'FILE|URL', description: 'CBS buurten GeoJSON file or PDOK OGC API items URL', required: true },
        addresses: { type: 'string', value: 'FILE', description: 'addresses CSV (else generated inside the buurten)' },
        register: { type: 'string', value: 'FILE', description: 'foundation register: CSV (`,` or `;`, with or without BOM) or .xlsx' },
        raster: {
          type: 'string',
          value: 'NAME=FILE|URL',
          multiple: true,
          description:
            'sample a GeoTIFF (RD New or WGS84; a URL is read by range requests) at every address for one input, e.g. grondwater_diepte_m=glg.tif; repeatable',
        },
        model: {
          type: 'string',
          value: 'DIR',
          description: 'model whose training ranges the import report uses ("none" = no range check)',
          default: 'models/current',
        },
        buildings: {
          type: 'string',
          value: 'FILE',
          description: 'buildings in a foreign layout (with --column-map and --id-map), e.g. a FunderMaps export',
        },
        'column-map': { type: 'string', value: 'JSON', description: 'column map of --buildings (see seeds/import/column-maps/)' },
        'id-map': { type: 'string', value: 'FILE', description: 'CSV mapping the foreign building ids to pand ids' },
        bag: {
          type: 'string',
          value: 'FILE|URL',
          description:
            'BAG addresses instead of --addresses: a BAG GeoPackage (.gpkg), a PDOK BAG OGC API base URL or a folder of its saved pages',
        },
      },
    },
  },
  examples: [
    'npm run seeds -- generate --out seeds/demo --seed 1',
    'npm run seeds -- generate --buurten ../shared/data/zaanstad/cbs-buurten-2017.wgs84.geojson --out /tmp/zaanstad',
    'npm run seeds -- import --buurten buurten.geojson --addresses adressen.csv --register register.csv --out DIR',
    'npm run seeds -- import --buurten buurten.geojson --addresses adressen.csv --raster grondwater_diepte_m=glg.tif --out DIR',
    'npm run seeds -- import --buurten buurten.geojson --bag bag-light.gpkg --out DIR',
  ],
  notes: [
    'Simulated future surveys for the feedback loop: npm run seeds -- surveys --help.',
    'A synthetic country at national scale, streamed to disk: npm run seeds -- generate-country --help.',
    'Bad input exits 2 with one line naming the file, line or feature, and field.',
  ],
});

/** Parses `argv` (without node and script). Throws {@link UsageError}, or `HelpRequested` for `--help`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  return seedsArgsOf(parseCli(SEEDS_CLI, argv));
}

/** Checks the values of a parsed seeds command line. Throws {@link UsageError}. */
export function seedsArgsOf(args: ParsedCli): CliArgs {
  const seedText = args.string('seed') ?? String(DEFAULT_SEED);
  if (!/^\d{1,9}$/.test(seedText)) throw new UsageError(`--seed must be a whole number from 0 to 999999999, got "${seedText}"`);
  const auditText = args.string('audit') ?? String(DEFAULT_AUDIT_SIZE);
  if (!/^\d{1,7}$/.test(auditText)) throw new UsageError(`--audit must be a whole number of panden from 0, got "${auditText}"`);
  if (args.command === 'import' && args.string('bag') !== undefined && args.string('addresses') !== undefined)
    throw new UsageError('give --bag or --addresses, not both');
  const crsText = args.string('crs');
  const crs = crsText === undefined ? undefined : (parseCrs(crsText) ?? undefined);
  if (crsText !== undefined && !crs) throw new UsageError(`--crs must be EPSG:4326 or EPSG:28992, got "${crsText}"`);
  const command = args.command === 'import' ? 'import' : 'generate';
  const rasters: RasterSpec[] = [];
  for (const value of command === 'import' ? args.list('raster') : []) {
    const spec = parseRasterSpec(value);
    if (typeof spec === 'string') throw new UsageError(spec);
    const target = (r: RasterSpec) => (r.input === 'grondwater_diepte_m' ? 'grondwater_nap_m' : r.input);
    if (rasters.some((r) => target(r) === target(spec))) throw new UsageError(`--raster gives ${target(spec)} twice`);
    rasters.push(spec);
  }
  const result: CliArgs = {
    command,
    out: args.string('out') ?? '',
    seed: Number(seedText),
    crs,
    audit: Number(auditText),
    buurten: args.string('buurten') ?? null,
    addresses: command === 'import' ? (args.string('addresses') ?? null) : null,
    bag: command === 'import' ? (args.string('bag') ?? null) : null,
    register: command === 'import' ? (args.string('register') ?? null) : null,
    rasters,
    model: command === 'import' ? (args.string('model') ?? DEFAULT_MODEL) : null,
    buildings: null,
  };
  if (command === 'import') {
    if (result.bag !== null && result.addresses !== null) throw new UsageError('give --bag or --addresses, not both');
    const foreign = ['buildings', 'column-map', 'id-map'].map((f) => args.string(f));
    if (foreign.some((v) => v !== undefined)) {
      if (foreign.some((v) => v === undefined)) throw new UsageError('--buildings, --column-map and --id-map go together');
      if (!result.addresses && !result.bag)
        throw new UsageError('--buildings needs import with --addresses or --bag (they fill real addresses)');
      result.buildings = { file: foreign[0]!, columnMap: foreign[1]!, idMap: foreign[2]! };
    }
    if (rasters.length > 0 && !result.addresses && !result.bag)
      throw new UsageError('--raster needs --addresses or --bag (rasters fill real addresses, not generated ones)');
  }
  return result;
}

/**
 * Parses the seeds CLI arguments: `generate --out DIR [--buurten FILE|URL] [--crs CRS] [--seed N] [--audit N]` and
 * `import --buurten FILE|URL [--addresses FILE | --bag FILE|URL] [--register FILE] [--crs CRS] [--seed N] [--audit N] --out DIR`,
 * with the project's one parser (`service/cli/support/parse-args.ts`: `--help`, `--flag=value`, unknown flags refused).
 */
import { defineCli, type ParsedCli, parseCli, UsageError } from '../service/cli/support/parse-args.js';
import { type Crs, parseCrs } from '../service/geo/rd-new.js';
import { DEFAULT_AUDIT_SIZE } from './audit-sample.js';
import { DEFAULT_SEED } from './generate.js';

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
}

/** The seeds command line. */
export const SEEDS_CLI = defineCli({
  name: 'seeds',
  usage: 'npm run seeds --',
  summary: 'Writes a dataset folder: the synthetic demo (generate), or one built from real files (import). Progress goes to stderr.',
  options: {
    out: { type: 'string', value: 'DIR', description: 'dataset folder to write, all or nothing', required: true },
    crs: { type: 'string', value: 'EPSG:28992', description: "force the buurten input's CRS, EPSG:4326 or EPSG:28992 (default: from the file, else WGS84)" },
    seed: { type: 'string', value: 'N', description: 'random seed; same seed and input give identical files', default: String(DEFAULT_SEED) },
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
        bag: { type: 'string', value: 'FILE|URL', description: 'BAG addresses instead of --addresses: a BAG GeoPackage (.gpkg), a PDOK BAG OGC API base URL or a folder of its saved pages' },
        register: { type: 'string', value: 'FILE', description: 'foundation register CSV' },
      },
    },
  },
  examples: [
    'npm run seeds -- generate --out seeds/demo --seed 1',
    'npm run seeds -- generate --buurten ../shared/data/zaanstad/cbs-buurten-2017.wgs84.geojson --out /tmp/zaanstad',
    'npm run seeds -- import --buurten buurten.geojson --addresses adressen.csv --register register.csv --out DIR',
    'npm run seeds -- import --buurten buurten.geojson --bag bag-light.gpkg --out DIR',
  ],
  notes: ['Bad input exits 2 with one line naming the file, line or feature, and field.'],
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
  if (args.command === 'import' && args.string('bag') !== undefined && args.string('addresses') !== undefined) throw new UsageError('give --bag or --addresses, not both');
  const crsText = args.string('crs');
  const crs = crsText === undefined ? undefined : (parseCrs(crsText) ?? undefined);
  if (crsText !== undefined && !crs) throw new UsageError(`--crs must be EPSG:4326 or EPSG:28992, got "${crsText}"`);
  return {
    command: args.command === 'import' ? 'import' : 'generate',
    out: args.string('out') ?? '',
    seed: Number(seedText),
    crs,
    audit: Number(auditText),
    buurten: args.string('buurten') ?? null,
    addresses: args.command === 'import' ? (args.string('addresses') ?? null) : null,
    bag: args.command === 'import' ? (args.string('bag') ?? null) : null,
    register: args.command === 'import' ? (args.string('register') ?? null) : null,
  };
}

/**
 * Parses the seeds CLI arguments: `generate --out DIR [--buurten FILE|URL] [--crs CRS] [--seed N]` and
 * `import --buurten FILE|URL [--addresses FILE] [--register FILE] [--crs CRS] [--seed N] --out DIR`.
 */
import { type Crs, parseCrs } from '../service/geo/rd-new.js';
import { DEFAULT_AUDIT_SIZE } from './audit-sample.js';
import { DEFAULT_SEED } from './generate.js';
import { parseRasterSpec, type RasterSpec } from './import/raster-source.js';

/** A usage error (exit code 2, printed with the usage text). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed CLI arguments. */
export interface CliArgs {
  command: 'generate' | 'import';
  out: string;
  seed: number;
  buurten: string | null;
  addresses: string | null;
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

/** The usage text. */
export const USAGE = `usage:
  npm run seeds -- generate --out DIR [--buurten FILE|URL] [--crs EPSG:28992] [--seed N] [--audit N]
  npm run seeds -- import --buurten FILE|URL [--addresses FILE] [--register FILE] [--crs EPSG:28992] [--seed N] [--audit N] [--raster NAME=FILE|URL ...] [--model DIR]
      [--buildings FILE --column-map JSON --id-map FILE] --out DIR
default seed: ${DEFAULT_SEED}; default audit sample: ${DEFAULT_AUDIT_SIZE} panden (0 = none)`;

const FLAGS = new Set(['--out', '--seed', '--buurten', '--addresses', '--register', '--crs', '--audit', '--raster', '--model', '--buildings', '--column-map', '--id-map']);
/** The model whose training ranges the import report uses when `--model` is not given. */
export const DEFAULT_MODEL = 'models/current';

/** Parses `argv` (without node and script). Throws {@link UsageError}. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'generate' && command !== 'import') throw new UsageError(`unknown command "${command ?? ''}"`);
  const values = new Map<string, string>();
  const rasters: RasterSpec[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    if (!FLAGS.has(flag)) throw new UsageError(`unknown option "${flag}"`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option ${flag} needs a value`);
    if (flag === '--raster') {
      const spec = parseRasterSpec(value);
      if (typeof spec === 'string') throw new UsageError(spec);
      const target = (r: RasterSpec) => (r.input === 'grondwater_diepte_m' ? 'grondwater_nap_m' : r.input);
      if (rasters.some((r) => target(r) === target(spec))) throw new UsageError(`--raster gives ${target(spec)} twice`);
      rasters.push(spec);
      continue;
    }
    if (values.has(flag)) throw new UsageError(`option ${flag} given twice`);
    values.set(flag, value);
  }
  const out = values.get('--out');
  if (!out) throw new UsageError('--out DIR is required');
  const seedText = values.get('--seed') ?? String(DEFAULT_SEED);
  if (!/^\d{1,9}$/.test(seedText)) throw new UsageError(`--seed must be a whole number from 0 to 999999999, got "${seedText}"`);
  const auditText = values.get('--audit') ?? String(DEFAULT_AUDIT_SIZE);
  if (!/^\d{1,7}$/.test(auditText)) throw new UsageError(`--audit must be a whole number of panden from 0, got "${auditText}"`);
  const crsText = values.get('--crs');
  const crs = crsText === undefined ? undefined : parseCrs(crsText) ?? undefined;
  if (crsText !== undefined && !crs) throw new UsageError(`--crs must be EPSG:4326 or EPSG:28992, got "${crsText}"`);
  const args: CliArgs = {
    command, out, seed: Number(seedText), crs, audit: Number(auditText),
    buurten: values.get('--buurten') ?? null, addresses: values.get('--addresses') ?? null, register: values.get('--register') ?? null,
    rasters, model: values.get('--model') ?? (command === 'import' ? DEFAULT_MODEL : null), buildings: null,
  };
  const foreign = ['--buildings', '--column-map', '--id-map'].map((f) => values.get(f));
  if (foreign.some((v) => v !== undefined)) {
    if (foreign.some((v) => v === undefined)) throw new UsageError('--buildings, --column-map and --id-map go together');
    if (command !== 'import' || !args.addresses) throw new UsageError('--buildings needs import with --addresses (they fill real addresses)');
    args.buildings = { file: foreign[0]!, columnMap: foreign[1]!, idMap: foreign[2]! };
  }
  if (command === 'import' && !args.buurten) throw new UsageError('import needs --buurten FILE|URL');
  if (command === 'generate' && (args.addresses || args.register)) throw new UsageError('generate takes no --addresses/--register; use import');
  if (command === 'generate' && (rasters.length > 0 || values.has('--model'))) throw new UsageError('generate takes no --raster/--model; use import');
  if (rasters.length > 0 && !args.addresses) throw new UsageError('--raster needs --addresses (rasters fill real addresses, not generated ones)');
  return args;
}

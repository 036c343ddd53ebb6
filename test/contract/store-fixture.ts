import { createHash, randomBytes } from 'node:crypto';
import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import { MemoryStore } from '../../service/adapters/memory/memory-store.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import { type LoadReport, loadDataset } from '../../service/adapters/postgis/loader.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { compareAddresses } from '../../service/domain/address-ranking.js';
import { precomputeScores } from '../../service/domain/precompute-scores.js';
import { withNeighbourhoodEvidence } from '../../service/features/evidence.js';
import type { Dataset } from '../../service/domain/records.js';
import { INPUT_SPECS, type RegisteredName, recordKey } from '../../service/features/inputs.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import type { AddressEntry, Store } from '../../service/ports/store.js';

/** Counts below this are suppressed in the contract stores. */
export const SUPPRESS_BELOW = 10;
/** The buurt cut down to a handful of addresses, so small-count suppression shows. */
export const TINY_BUURT = 'BU04795140';
const TINY_SIZE = 6;

/** A houseboat berth (BAG ligplaats, object type 02) added to the contract slice: an address without a building. */
export const BERTH_ID = '0479020000000001';

/**
 * A value for each optional input of the registry (archive and soil columns the demo does not have), set on
 * the addresses of one pand of the slice so both stores must carry them. Built from the registry: a new
 * optional input is covered without an edit here.
 */
export const OPTIONAL_INPUT_VALUES: Readonly<Record<string, number | string>> = Object.fromEntries(
  INPUT_SPECS.filter((s) => s.dataset === 'optional').map((s) => [
    recordKey(s.name as RegisteredName),
    s.type === 'category'
      ? s.categories[0]
      : s.type === 'string'
        ? 'bouwblok-0479-0007'
        : Number((s.min + (s.max - s.min) * 0.4).toFixed(2)),
  ]),
);

/** Surveyed panden of the contract slice marked as an audit sample, one of them also re-surveyed. */
export const AUDIT_PANDEN = 3;

/**
 * A slice of the demo dataset: the Zaandam-centre buurten plus one buurt cut to {@link TINY_SIZE}
 * addresses, and one houseboat berth without a pand (the demo has none).
 */
export async function contractDataset(): Promise<Dataset> {
  const demo = await readDataset('seeds/demo');
  const keep = (code: string) => code.startsWith('BU047921') || code.startsWith('BU047922') || code === TINY_BUURT;
  const tiny = demo.addresses.filter((a) => a.buurtCode === TINY_BUURT).slice(0, TINY_SIZE);
  const addresses = [...demo.addresses.filter((a) => keep(a.buurtCode) && a.buurtCode !== TINY_BUURT), ...tiny];
  const quay = addresses[0];
  addresses.push({
    ...quay,
    verblijfsobjectId: BERTH_ID,
    pandId: null,
    huisnummer: quay.huisnummer + 1000,
    huisletter: null,
    toevoeging: null,
    lon: quay.lon + 0.0004,
    bouwjaar: null,
    woningtype: null,
    bouwlagen: null,
    woningenInPand: null,
    funderingtype: null,
  });
  const archived = addresses.find((a) => a.pandId !== null && a.bouwjaar !== null)!.pandId;
  for (const a of addresses) if (a.pandId === archived) Object.assign(a, OPTIONAL_INPUT_VALUES);
  const panden = new Set(addresses.map((a) => a.pandId));
  // audit-sample and re-survey columns set explicitly, so both stores must carry them whatever the demo holds
  const register = demo.register
    .filter((r) => panden.has(r.pandId))
    .map((r) => ({ ...r, steekproef: false, herhaalKlasse: null, herhaalJaar: null }));
  register
    .filter((r) => r.kwaliteitsklasse !== null)
    .slice(0, AUDIT_PANDEN)
    .forEach((r, i) => {
      Object.assign(r, { steekproef: true }, i === 0 ? { herhaalKlasse: 'C', herhaalJaar: 2024 } : {});
    });
  return {
    info: demo.info,
    buurten: demo.buurten.filter((b) => keep(b.code)),
    addresses,
    register,
    // not a folder's hash (the slice is built in memory), but a version the stores must carry through
    version: createHash('sha256').update(`contract slice of ${demo.version}`).digest('hex'),
  };
}

/** The dataset, the committed model and the reference entries (domain-scored, natural order). */
export interface ContractWorld {
  dataset: Dataset;
  scorer: RiskScorer;
  manifest: unknown;
  /** Every address with register row and score, in natural address order. */
  reference: AddressEntry[];
  close(): Promise<void>;
}

/** Loads a dataset (default: the contract slice) and the model and scores the reference entries. */
export async function openWorld(given?: Dataset): Promise<ContractWorld> {
  // As the memory store is loaded (bootstrap): addresses carry their neighbourhood evidence at the reference year.
  const dataset = withNeighbourhoodEvidence(given ?? (await contractDataset()));
  const model = await loadOnnxModel(await resolveModelDir('models'));
  const scorer = new RiskScorer(model, 1_000);
  const registerByPand = new Map(dataset.register.map((r) => [r.pandId, r]));
  const scores = await precomputeScores(scorer, dataset.addresses, registerByPand);
  const buurtNames = new Map(dataset.buurten.map((b) => [b.code, b.naam]));
  const reference = dataset.addresses
    .map((address, i) => ({
      address,
      register: address.pandId === null ? null : (registerByPand.get(address.pandId) ?? null),
      score: scores[i],
      buurtNaam: buurtNames.get(address.buurtCode) ?? null,
    }))
    .sort((a, b) => compareAddresses(a.address, b.address));
  return { dataset, scorer, manifest: model.manifest, reference, close: () => model.close() };
}

/** The in-memory store over the contract world. */
export function openMemoryStore(world: ContractWorld): Store {
  const byId = new Map(world.reference.map((e) => [e.address.verblijfsobjectId, e.score]));
  return new MemoryStore(
    world.dataset,
    world.dataset.addresses.map((a) => byId.get(a.verblijfsobjectId)!),
    { suppressBelow: SUPPRESS_BELOW, stockCovariance: world.scorer.stockCovariance },
  );
}

/** A throw-away schema holding the contract world, migrated and loaded; drop() removes it. */
export async function loadSchema(
  world: ContractWorld,
  url: string,
): Promise<{ schema: string; drop(): Promise<void>; report: LoadReport }> {
  const schema = `contract_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ connectionString: url, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  const drop = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool({ connectionString: url, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema });
  let report: LoadReport;
  try {
    await migrate(pool);
    report = await loadDataset(pool, world.dataset, world.scorer, world.manifest, { batchSize: 2_000 });
  } catch (err) {
    await drop();
    throw err;
  } finally {
    await pool.end();
  }
  return { schema, drop, report };
}

/** A PostGIS store over the contract world, in a throw-away schema; close() drops the schema. */
export async function openPostgisStore(world: ContractWorld, url: string): Promise<Store> {
  const { schema, drop } = await loadSchema(world, url);
  const pool = createPool({ connectionString: url, max: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema });
  const store = new PostgisStore(pool, { suppressBelow: SUPPRESS_BELOW });
  return Object.assign(store, {
    async close() {
      await pool.end();
      await drop();
    },
  });
}

/** The stores the contract suite runs against: memory always, PostGIS when `DATABASE_URL` is set. */
export function storeKinds(databaseUrl: string | undefined): ('memory' | 'postgis')[] {
  if (!databaseUrl) {
    console.warn('SKIPPED: PostGIS store contract tests (DATABASE_URL is not set); only the memory store is checked.');
    return ['memory'];
  }
  return ['memory', 'postgis'];
}

/** The XYZ tile holding a WGS84 point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [x, y];
}

/**
 * Registers beforeAll/afterAll hooks that open the contract world and load it into a throw-away schema;
 * read `world` and `schema` from the returned handle inside tests.
 */
export function useLoadedWorld(url: string): { readonly world: ContractWorld; readonly schema: string } {
  let world: ContractWorld;
  let loaded: { schema: string; drop(): Promise<void> };
  beforeAll(async () => {
    world = await openWorld();
    loaded = await loadSchema(world, url);
  });
  afterAll(async () => {
    await loaded?.drop();
    await world?.close();
  });
  return {
    get world() {
      return world;
    },
    get schema() {
      return loaded.schema;
    },
  };
}

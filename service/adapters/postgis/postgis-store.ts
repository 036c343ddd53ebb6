import type pg from 'pg';
import type { AddressQuery } from '../../domain/address-query.js';
import { buurtPublic } from '../../domain/buurt-feature.js';
import { computeBuurtStats } from '../../domain/buurt-stats.js';
import type { BuurtRecord, DatasetInfo } from '../../domain/records.js';
import {
  type AddressEntry,
  type BuurtEntry,
  type QueryOptions,
  QueryCancelledError,
  type ServedDatasetInfo,
  type Store,
  type StoredPlan,
  StoreUnavailableError,
  type TileLayer,
} from '../../ports/store.js';
import { distanceM } from '../../geo/distance.js';
import { ADDRESS_MIN_ZOOM, AREA_MAX_ZOOM } from '../../domain/tile-zooms.js';
import { areaAggregates, areaTileProperties } from '../../domain/area-aggregates.js';
import { tileProperties } from '../memory/tile-index.js';
import { searchEntries } from './postgis-search.js';
import { StreetIndex } from './street-index.js';
import { type BuurtStatsRow, statsOf } from './buurt-stats-refresh.js';
import { ENTRY_SELECT, type AddressEntryRow, entryOf } from './entry-rows.js';
import { guarded } from './pool.js';
import type { ReadPools, ReplicaLag } from './read-pools.js';
import { DatasetVersion } from './dataset-version.js';
import { TileCache } from '../cache/tile-cache.js';
import { DEFAULT_TILE_CACHE_BYTES } from '../../config/config.js';
import {
  ADDRESS_CLASS_TILE_SQL,
  ADDRESS_TILE_SQL,
  BUURT_IN_TILE_WHERE,
  BUURT_TILE_SQL,
  TILE_BUFFER,
  TILE_EXTENT,
  areaTileSql,
} from './tile-sql.js';

/** Options of the PostGIS store. */
export interface PostgisStoreOptions {
  /** Counts below this are suppressed in the buurt tiles (public output). */
  suppressBelow: number;
  /** Bound of the encoded-tile cache in bytes (default {@link DEFAULT_TILE_CACHE_BYTES}); 0 caches nothing. */
  tileCacheBytes?: number;
  /** How long the dataset info, tiles and street names cached for a load are trusted before its stamp is read again (default 1 s). */
  versionCheckMs?: number;
  /** Read replicas (`DATABASE_READ_URL`): lookups, search and tiles go to them in turn; the pool given stays the primary. */
  readPools?: ReadPools;
}

/** Buurten with their stored statistics; callers append WHERE / ORDER BY. */
export const BUURT_SELECT = `
SELECT b.code, b.naam, b.wijk_code, b.gemeente_code, b.woonplaats, b.pc4, b.huishoudens, b.oppervlakte_ha, b.schematic,
       b.geojson, st.dwellings, st.scored, st.sum_probability, st.stock_sum, st.stock_variance, st.count_de, st.pre1945, st.surveyed, st.restored,
       st.by_period, st.by_class
  FROM buurten b LEFT JOIN buurt_stats st ON st.buurt_code = b.code`;

type BuurtRow = {
  code: string;
  naam: string;
  wijk_code: string;
  gemeente_code: string;
  woonplaats: string;
  pc4: string;
  huishoudens: number | null;
  oppervlakte_ha: number | null;
  schematic: boolean;
  geojson: BuurtRecord['geometry'];
} & ({ dwellings: null } | BuurtStatsRow);

function buurtEntryOf(r: BuurtRow): BuurtEntry {
  const buurt: BuurtRecord = {
    code: r.code,
    naam: r.naam,
    wijkCode: r.wijk_code,
    gemeenteCode: r.gemeente_code,
    woonplaats: r.woonplaats,
    pc4: r.pc4,
    huishoudens: r.huishoudens,
    oppervlakteHa: r.oppervlakte_ha,
    schematic: r.schematic,
    geometry: r.geojson,
  };
  return { buurt, stats: r.dwellings === null ? computeBuurtStats([]) : statsOf(r as BuurtStatsRow) };
}

/** A statement with a name: prepared once per connection, then only bound and executed. */
interface Named {
  name: string;
  text: string;
}

const INFO_SQL: Named = { name: 'fr_dataset_info', text: 'SELECT info, loaded_at::text AS stamp FROM dataset_info' };
const BY_POSTCODE_SQL: Named = {
  name: 'fr_by_postcode',
  text: `${ENTRY_SELECT} WHERE a.postcode = $1 AND a.huisnummer = $2 AND ($3::text IS NULL OR a.huisletter = $3) AND ($4::text IS NULL OR a.toevoeging = $4) ORDER BY a.ord`,
};
const BY_ID_SQL: Named = { name: 'fr_by_id', text: `${ENTRY_SELECT} WHERE a.verblijfsobject_id = $1` };
const BY_NUMMERAANDUIDING_SQL: Named = {
  name: 'fr_by_nummeraanduiding',
  text: `${ENTRY_SELECT} WHERE a.verblijfsobject_id = (SELECT verblijfsobject_id FROM nummeraanduidingen WHERE nummeraanduiding_id = $1)`,
};
const ADDRESS_TILE: Named = { name: 'fr_address_tile', text: ADDRESS_TILE_SQL };
const ADDRESS_CLASS_TILE: Named = { name: 'fr_address_class_tile', text: ADDRESS_CLASS_TILE_SQL };
const BUURTEN_IN_TILE: Named = { name: 'fr_buurten_in_tile', text: `${BUURT_SELECT} WHERE ${BUURT_IN_TILE_WHERE} ORDER BY b.ord` };
const BUURT_TILE: Named = { name: 'fr_buurt_tile', text: BUURT_TILE_SQL };
const GEMEENTE_TILE: Named = { name: 'fr_gemeente_tile', text: areaTileSql('gemeente') };
const WIJK_TILE: Named = { name: 'fr_wijk_tile', text: areaTileSql('wijk') };
const ALL_ENTRIES_SQL: Named = { name: 'fr_all_entries', text: `${ENTRY_SELECT} ORDER BY a.ord` };
const BUURT_ENTRIES_SQL: Named = { name: 'fr_buurt_entries', text: `${ENTRY_SELECT} WHERE a.buurt_code = ANY($1::text[]) ORDER BY a.ord` };
const SAVE_PLAN_SQL: Named = {
  name: 'fr_save_plan',
  text: 'INSERT INTO plans (id, created_at, model_version, dataset_version, objective, answer) VALUES ($1, $2, $3, $4, $5, $6)',
};
const GET_PLAN_SQL: Named = {
  name: 'fr_get_plan',
  text: 'SELECT id, created_at, model_version, dataset_version, objective, answer FROM plans WHERE id = $1',
};
const STREET_PAIRS_SQL: Named = {
  name: 'fr_street_pairs',
  text: `SELECT n.straat, n.woonplaats, n.word_keys,
                (SELECT a.ord FROM addresses a WHERE a.straat = n.straat AND a.woonplaats = n.woonplaats ORDER BY a.ord LIMIT 1) AS first_ord
           FROM street_names n`,
};

/** Extra reach of the metric pre-filter for nearest lookups (RD distance vs. the domain's distance). */
const NEAREST_SLACK = 1.02;
const NEAREST_MAX_ROWS = 1000;

/**
 * The production store: PostgreSQL 15 + PostGIS 3. SQL selects candidates and aggregates; the domain
 * functions rank and summarise them, so every answer equals the memory store's on the same data.
 * Connection-level failures surface as {@link StoreUnavailableError}.
 */
export class PostgisStore implements Store {
  /** Encoded tiles (up to the viewer's zooms) keyed by load stamp, layer and z/x/y: tiles only change when a load commits. */
  private readonly tileCache: TileCache;
  private readonly version: DatasetVersion;
  private streets: { stamp: string; index: Promise<StreetIndex> } | null = null;
  private areaProps: { stamp: string; props: Promise<{ gemeente: string; wijk: string }> } | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgisStoreOptions,
  ) {
    // Named statements run with their generic plan: every pool sets plan_cache_mode at connection
    // start-up (pool.ts).
    this.tileCache = new TileCache(options.tileCacheBytes ?? DEFAULT_TILE_CACHE_BYTES);
    this.version = new DatasetVersion(
      async () => {
        const [row] = await this.rows<{ info: DatasetInfo & { version?: string | null }; stamp: string }>(INFO_SQL);
        return row ? { stamp: row.stamp, info: { ...row.info, version: row.info.version ?? null } } : null;
      },
      options.versionCheckMs ?? 1_000,
      () => {
        this.tileCache.clear();
        this.streets = null;
        this.areaProps = null;
      },
    );
  }

  /**
   * Runs one statement (named statements are prepared once per connection); with a signal, aborting
   * it cancels the statement on the server.
   */
  private async rows<T extends pg.QueryResultRow>(statement: string | Named, values: unknown[] = [], signal?: AbortSignal): Promise<T[]> {
    const replica = this.options.readPools?.pick() ?? null;
    if (!replica) return this.rowsOn<T>(this.pool, statement, values, signal);
    try {
      return await this.rowsOn<T>(replica, statement, values, signal);
    } catch (err) {
      // A replica that is down (or restarting) does not take reads with it: the primary answers.
      if (err instanceof StoreUnavailableError && !signal?.aborted) return this.rowsOn<T>(this.pool, statement, values, signal);
      throw err;
    }
  }

  private async rowsOn<T extends pg.QueryResultRow>(
    pool: pg.Pool,
    statement: string | Named,
    values: unknown[] = [],
    signal?: AbortSignal,
  ): Promise<T[]> {
    const query = typeof statement === 'string' ? { text: statement, values } : { ...statement, values };
    if (!signal) return guarded(async () => (await pool.query<T>(query)).rows);
    if (signal.aborted) throw new QueryCancelledError();
    const client = await guarded(() => pool.connect());
    const pid = (client as pg.PoolClient & { processID: number }).processID;
    let cancelling: Promise<unknown> | null = null;
    const cancel = () => {
      cancelling = pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await guarded(async () => (await client.query<T>(query)).rows);
    } catch (err) {
      if (signal.aborted) throw new QueryCancelledError();
      throw err;
    } finally {
      signal.removeEventListener('abort', cancel);
      // A cancel may still be on its way; the connection it targets must never serve another request.
      if (cancelling) {
        await cancelling;
        client.release(true);
      } else {
        client.release();
      }
    }
  }

  private async entries(statement: Named, values: unknown[], signal?: AbortSignal): Promise<AddressEntry[]> {
    return (await this.rows<AddressEntryRow>(statement, values, signal)).map(entryOf);
  }

  /** Cached; read again at most once per `versionCheckMs`, and a new load is noticed by its stamp. */
  async info(): Promise<ServedDatasetInfo> {
    return (await this.version.current()).info;
  }

  async ping(opts: QueryOptions = {}): Promise<void> {
    const rows = await this.rows<{ loaded: boolean }>('SELECT EXISTS (SELECT 1 FROM dataset_info) AS loaded', [], opts.signal);
    if (!rows[0]?.loaded) throw new StoreUnavailableError('no dataset has been loaded');
  }

  async findByPostcode(
    q: { postcode: string; huisnummer: number; huisletter: string | null; toevoeging: string | null },
    opts: QueryOptions = {},
  ): Promise<AddressEntry[]> {
    return this.entries(BY_POSTCODE_SQL, [q.postcode, q.huisnummer, q.huisletter, q.toevoeging], opts.signal);
  }

  async getAddress(id: string, opts: QueryOptions = {}): Promise<AddressEntry | null> {
    return (await this.entries(BY_ID_SQL, [id], opts.signal))[0] ?? null;
  }

  async getAddressByNummeraanduiding(id: string, opts: QueryOptions = {}): Promise<AddressEntry | null> {
    return (await this.entries(BY_NUMMERAANDUIDING_SQL, [id], opts.signal))[0] ?? null;
  }

  /** The street index of the current load: its (street, place) pairs read once per load and indexed in the process. */
  private async streetIndex(): Promise<StreetIndex> {
    const { stamp } = await this.version.current();
    if (this.streets?.stamp !== stamp) {
      const index = this.rows<{ straat: string; woonplaats: string; word_keys: string[]; first_ord: number }>(STREET_PAIRS_SQL).then(
        (rows) =>
          new StreetIndex(
            rows.map((r) => ({
              straat: r.straat,
              woonplaats: r.woonplaats,
              wordKeys: r.word_keys,
              firstOrd: r.first_ord,
            })),
          ),
      );
      this.streets = { stamp, index };
      index.catch(() => {
        if (this.streets?.index === index) this.streets = null;
      });
    }
    return this.streets.index;
  }

  /**
   * Picks the same candidates as the memory store (word lists counted on the cached street pairs),
   * selects their entries in SQL and ranks them with the domain's match scores, so answers equal the
   * memory store's; typo-tolerant matches follow the exact ones. One round trip for most queries.
   */
  async search(q: AddressQuery, limit: number, opts: QueryOptions = {}): Promise<AddressEntry[]> {
    return searchEntries(
      { rows: (st, values, signal) => this.rows<AddressEntryRow>(st, values, signal), streetIndex: () => this.streetIndex() },
      q,
      limit,
      opts.signal,
    );
  }

  /** Candidates within the radius come from the GiST index (RD metres); the domain distance decides. */
  async nearest(lon: number, lat: number, maxDistanceM: number, opts: QueryOptions = {}): Promise<AddressEntry | null> {
    const rows = await this.rows<{ verblijfsobject_id: string; lon: number; lat: number; ord: number }>(
      `WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 28992) AS g)
       SELECT a.verblijfsobject_id, a.lon, a.lat, a.ord FROM addresses a, p
        WHERE ST_DWithin(a.geom_rd, p.g, $3) ORDER BY a.geom_rd <-> p.g LIMIT $4`,
      [lon, lat, maxDistanceM * NEAREST_SLACK + 1, NEAREST_MAX_ROWS],
      opts.signal,
    );
    let best: { id: string; d: number; ord: number } | null = null;
    for (const r of rows) {
      const d = distanceM(lon, lat, r.lon, r.lat);
      if (d > maxDistanceM) continue;
      if (best === null || d < best.d || (d === best.d && r.ord < best.ord)) best = { id: r.verblijfsobject_id, d, ord: r.ord };
    }
    return best === null ? null : this.getAddress(best.id, opts);
  }

  async listBuurten(opts: QueryOptions = {}): Promise<BuurtEntry[]> {
    return (await this.rows<BuurtRow>(`${BUURT_SELECT} ORDER BY b.ord`, [], opts.signal)).map(buurtEntryOf);
  }

  async getBuurt(code: string, opts: QueryOptions = {}): Promise<BuurtEntry | null> {
    const rows = await this.rows<BuurtRow>(`${BUURT_SELECT} WHERE b.code = $1`, [code], opts.signal);
    return rows.length === 0 ? null : buurtEntryOf(rows[0]);
  }

  /** Tiles of the current load come from the cache; a load that commits makes them stale (new stamp). */
  async tile(layer: TileLayer, z: number, x: number, y: number, opts: QueryOptions = {}): Promise<Buffer> {
    if ((layer === 'gemeenten' || layer === 'wijken') && z > AREA_MAX_ZOOM[layer]) return Buffer.alloc(0);
    if ((layer === 'addresses' || layer === 'address-classes') && z < ADDRESS_MIN_ZOOM) return Buffer.alloc(0);
    const key = `${(await this.version.current()).stamp}/${layer}/${z}/${x}/${y}`;
    const cached = this.tileCache.get(z, key);
    if (cached) return cached;
    const bytes =
      layer === 'buurten'
        ? await this.buurtTile(z, x, y, opts.signal)
        : layer === 'gemeenten' || layer === 'wijken'
          ? await this.areaTile(layer, z, x, y, opts.signal)
          : await this.addressTile(layer, z, x, y, opts.signal);
    this.tileCache.set(z, key, bytes);
    return bytes;
  }

  /** Address points with class and probability (`addresses`), or with the class only (`address-classes`, for planners). */
  private async addressTile(
    layer: 'addresses' | 'address-classes',
    z: number,
    x: number,
    y: number,
    signal?: AbortSignal,
  ): Promise<Buffer> {
    return tileBytes(
      await this.rows<{ tile: Buffer | null }>(
        layer === 'addresses' ? ADDRESS_TILE : ADDRESS_CLASS_TILE,
        [z, x, y, TILE_BUFFER / TILE_EXTENT],
        signal,
      ),
    );
  }

  /** The public properties of every gemeente and wijk of the current load (JSON keyed by code), made once per load. */
  private async areaProperties(): Promise<{ gemeente: string; wijk: string }> {
    const { stamp } = await this.version.current();
    if (this.areaProps?.stamp !== stamp) {
      const props = this.listBuurten().then((entries) => {
        const json = (level: 'gemeente' | 'wijk') =>
          JSON.stringify(
            Object.fromEntries(
              areaAggregates(entries, level, this.options.suppressBelow).map((a) => [a.code, tileProperties(areaTileProperties(a))]),
            ),
          );
        return { gemeente: json('gemeente'), wijk: json('wijk') };
      });
      this.areaProps = { stamp, props };
      props.catch(() => {
        if (this.areaProps?.props === props) this.areaProps = null;
      });
    }
    return this.areaProps.props;
  }

  private async areaTile(layer: 'gemeenten' | 'wijken', z: number, x: number, y: number, signal?: AbortSignal): Promise<Buffer> {
    const props = await this.areaProperties();
    return tileBytes(
      await this.rows<{ tile: Buffer | null }>(
        layer === 'gemeenten' ? GEMEENTE_TILE : WIJK_TILE,
        [z, x, y, TILE_BUFFER / TILE_EXTENT, layer === 'gemeenten' ? props.gemeente : props.wijk],
        signal,
      ),
    );
  }

  private async buurtTile(z: number, x: number, y: number, signal?: AbortSignal): Promise<Buffer> {
    const entries = await this.rows<BuurtRow>(BUURTEN_IN_TILE, [z, x, y, TILE_BUFFER / TILE_EXTENT], signal);
    if (entries.length === 0) return Buffer.alloc(0);
    const props = Object.fromEntries(
      entries
        .map(buurtEntryOf)
        .map(({ buurt, stats }) => [buurt.code, tileProperties({ ...buurtPublic(buurt, stats, this.options.suppressBelow).properties })]),
    );
    return tileBytes(await this.rows<{ tile: Buffer | null }>(BUURT_TILE, [z, x, y, JSON.stringify(props)], signal));
  }

  /** Lag of each read replica behind the primary (empty without `DATABASE_READ_URL`). */
  async replicaLag(): Promise<ReplicaLag[]> {
    return this.options.readPools ? this.options.readPools.lag(this.pool) : [];
  }

  async listEntries(buurtCodes: readonly string[] | null, opts: QueryOptions = {}): Promise<AddressEntry[]> {
    return buurtCodes === null
      ? this.entries(ALL_ENTRIES_SQL, [], opts.signal)
      : this.entries(BUURT_ENTRIES_SQL, [buurtCodes], opts.signal);
  }

  /** Plans are written to, and read back from, the primary: a replica may not have a plan saved a moment ago. */
  async savePlan(plan: StoredPlan, opts: QueryOptions = {}): Promise<void> {
    await this.rowsOn(
      this.pool,
      SAVE_PLAN_SQL,
      [plan.id, plan.createdAt, plan.modelVersion, plan.datasetVersion, plan.objective, JSON.stringify(plan.answer)],
      opts.signal,
    );
  }

  async getPlan(id: string, opts: QueryOptions = {}): Promise<StoredPlan | null> {
    const [r] = await this.rowsOn<{
      id: string;
      created_at: string;
      model_version: string;
      dataset_version: string | null;
      objective: string;
      answer: unknown;
    }>(this.pool, GET_PLAN_SQL, [id], opts.signal);
    return r
      ? {
          id: r.id,
          createdAt: r.created_at,
          modelVersion: r.model_version,
          datasetVersion: r.dataset_version,
          objective: r.objective,
          answer: r.answer,
        }
      : null;
  }

  async close(): Promise<void> {
    await this.options.readPools?.end();
    await this.pool.end();
  }
}

function tileBytes(rows: { tile: Buffer | null }[]): Buffer {
  const tile = rows[0]?.tile;
  return tile && tile.length > 0 ? Buffer.from(tile) : Buffer.alloc(0);
}

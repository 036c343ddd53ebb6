import type { Feature } from 'geojson';
import { type AddressQuery, normaliseText } from '../../domain/address-query.js';
import {
  MAX_NUMBER_SCORE,
  TopK,
  compareAddresses,
  hasTolerantWords,
  numberScore,
  rankAddresses,
  tolerantWordScore,
  wordScore,
} from '../../domain/address-ranking.js';
import { buurtPublic } from '../../domain/buurt-feature.js';
import { computeBuurtStats } from '../../domain/buurt-stats.js';
import type { Dataset } from '../../domain/records.js';
import type { AddressEntry, BuurtEntry, ServedDatasetInfo, Store, StoredPlan, StoredScore, TileLayer } from '../../ports/store.js';
import { PointGrid } from './point-grid.js';
import { ADDRESS_MIN_ZOOM, AREA_MAX_ZOOM, MAX_TILE_ZOOM } from '../../domain/tile-zooms.js';
import { type AreaLevel, areaAggregates, areaGeometry, areaTileProperties } from '../../domain/area-aggregates.js';
import { TileIndex, tileProperties } from './tile-index.js';
import { PointTiles } from './point-tiles.js';
import { TileCache } from '../cache/tile-cache.js';
import { DEFAULT_TILE_CACHE_BYTES } from '../../config/config.js';

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** Options of the in-memory store. */
/** An address tile's probability: on the scale its class is on (stock, else survey), to 3 decimals. */
function tileProbability(score: Pick<StoredScore, 'probability' | 'probabilityStock'>): number | null {
  const p = score.probabilityStock ?? score.probability;
  return p === null ? null : Math.round(p * 1000) / 1000;
}

export interface MemoryStoreOptions {
  /** Counts below this are suppressed in the buurt tiles (public output). */
  suppressBelow: number;
  /** The model's stock-calibration covariance (buurt-sum intervals), or null/absent without a stock scale. */
  stockCovariance?: readonly [number, number, number] | null;
  /** Bound of the encoded-tile cache in bytes (default {@link DEFAULT_TILE_CACHE_BYTES}); 0 caches nothing. */
  tileCacheBytes?: number;
}

/**
 * The embedded store: a whole dataset plus its precomputed scores in memory, with indexes for lookup,
 * search, nearest address and vector tiles.
 */
export class MemoryStore implements Store {
  private readonly entries: AddressEntry[];
  private readonly byId = new Map<string, AddressEntry>();
  private readonly byNummeraanduiding = new Map<string, string>();
  private readonly byPostcode = new Map<string, AddressEntry[]>();
  private readonly byPc4 = new Map<string, AddressEntry[]>();
  private readonly byNumber = new Map<number, AddressEntry[]>();
  /** Distinct street + place pairs, each with its addresses in natural order, by two-letter word key. */
  private readonly streetsByKey = new Map<string, AddressEntry[][]>();
  /** Every distinct street + place pair, for the typo-tolerant pass. */
  private readonly streets: AddressEntry[][];
  private readonly buurten: BuurtEntry[];
  private readonly grid: PointGrid<AddressEntry['address'] & { entry: AddressEntry }>;
  private readonly tiles: Record<
    'buurten' | 'addresses' | 'gemeenten' | 'wijken',
    { tile(z: number, x: number, y: number, omit?: readonly string[]): Buffer }
  >;
  /** Encoded tiles by layer/z/x/y up to the viewer's zooms, least recently used evicted first: memory stays bounded however many distinct tiles are asked for. */
  private readonly tileCache: TileCache;

  private served: ServedDatasetInfo | null = null;

  /** The dataset served (a model switch rescores it without reading the folder again). */
  get servedDataset(): Dataset {
    return this.dataset;
  }

  constructor(
    private readonly dataset: Dataset,
    scores: readonly StoredScore[],
    options: MemoryStoreOptions,
  ) {
    if (scores.length !== dataset.addresses.length) throw new RangeError('one score per address is required');
    const registerByPand = new Map(dataset.register.map((r) => [r.pandId, r]));
    const buurtNames = new Map(dataset.buurten.map((b) => [b.code, b.naam]));
    this.entries = dataset.addresses.map((address, i) => ({
      address,
      register: address.pandId === null ? null : (registerByPand.get(address.pandId) ?? null),
      score: scores[i],
      buurtNaam: buurtNames.get(address.buurtCode) ?? null,
    }));
    this.entries.sort((a, b) => compareAddresses(a.address, b.address));
    for (const e of this.entries) {
      this.byId.set(e.address.verblijfsobjectId, e);
      push(this.byPostcode, e.address.postcode, e);
      push(this.byPc4, e.address.postcode.slice(0, 4), e);
      push(this.byNumber, e.address.huisnummer, e);
    }
    for (const l of dataset.nummeraanduidingen ?? []) this.byNummeraanduiding.set(l.nummeraanduidingId, l.verblijfsobjectId);
    const byStreet = new Map<string, AddressEntry[]>();
    for (const e of this.entries) push(byStreet, `${e.address.straat}\u0000${e.address.woonplaats}`, e);
    this.streets = [...byStreet.values()];
    for (const street of this.streets) {
      const { straat, woonplaats } = street[0].address;
      // One entry per two-letter key, even when several words share it (Zaanweg, Zaandam).
      const keys = new Set(
        [...normaliseText(straat).split(/[\s-]+/), ...normaliseText(woonplaats).split(/[\s-]+/)]
          .filter((w) => w.length > 0)
          .map((w) => w.slice(0, 2)),
      );
      for (const key of keys) push(this.streetsByKey, key, street);
    }
    const byBuurt = new Map<string, AddressEntry[]>();
    for (const e of this.entries) push(byBuurt, e.address.buurtCode, e);
    this.buurten = dataset.buurten.map((buurt) => ({
      buurt,
      stats: computeBuurtStats(byBuurt.get(buurt.code) ?? [], options.stockCovariance ?? null),
    }));
    this.grid = new PointGrid(this.entries.map((e) => ({ ...e.address, entry: e })));
    this.tiles = this.buildTiles(options.suppressBelow);
    this.tileCache = new TileCache(options.tileCacheBytes ?? DEFAULT_TILE_CACHE_BYTES);
  }

  private buildTiles(suppressBelow: number): MemoryStore['tiles'] {
    const buurtFeatures: Feature[] = this.buurten.map(({ buurt, stats }) => ({
      type: 'Feature',
      geometry: buurt.geometry,
      properties: tileProperties({ ...buurtPublic(buurt, stats, suppressBelow).properties }),
    }));
    const addressPoints = this.entries.map((e) => ({
      lon: e.address.lon,
      lat: e.address.lat,
      properties: tileProperties({ id: e.address.verblijfsobjectId, riskClass: e.score.riskClass, probability: tileProbability(e.score) }),
    }));
    // National overview: each area as the collection of its buurten's polygons, with its public aggregates.
    const areaFeatures = (level: AreaLevel): Feature[] =>
      areaAggregates(this.buurten, level, suppressBelow).map((a) => ({
        type: 'Feature',
        properties: tileProperties(areaTileProperties(a)),
        geometry: areaGeometry(
          this.buurten.filter((b) => (level === 'wijk' ? b.buurt.wijkCode : b.buurt.gemeenteCode) === a.code),
        ) as Feature['geometry'],
      }));
    return {
      gemeenten: new TileIndex('gemeenten', areaFeatures('gemeente'), 0, AREA_MAX_ZOOM.gemeenten),
      wijken: new TileIndex('wijken', areaFeatures('wijk'), 0, AREA_MAX_ZOOM.wijken),
      buurten: new TileIndex('buurten', buurtFeatures, 0, MAX_TILE_ZOOM),
      addresses: new PointTiles('addresses', addressPoints, ADDRESS_MIN_ZOOM),
    };
  }

  /** The same (frozen) object on every call: the data never changes, and answers cached per load key on it. */
  async info(): Promise<ServedDatasetInfo> {
    this.served ??= Object.freeze({ ...this.dataset.info, version: this.dataset.version ?? null });
    return this.served;
  }

  async ping(): Promise<void> {}

  async findByPostcode(q: {
    postcode: string;
    huisnummer: number;
    huisletter: string | null;
    toevoeging: string | null;
  }): Promise<AddressEntry[]> {
    return (this.byPostcode.get(q.postcode) ?? []).filter(
      (e) =>
        e.address.huisnummer === q.huisnummer &&
        (q.huisletter === null || e.address.huisletter === q.huisletter) &&
        (q.toevoeging === null || e.address.toevoeging === q.toevoeging),
    );
  }

  async getAddress(id: string): Promise<AddressEntry | null> {
    return this.byId.get(id) ?? null;
  }

  async getAddressByNummeraanduiding(id: string): Promise<AddressEntry | null> {
    const vbo = this.byNummeraanduiding.get(id);
    return vbo === undefined ? null : (this.byId.get(vbo) ?? null);
  }

  /**
   * Word queries rank whole streets first (every address of a street shares its word score), then the
   * addresses of matching streets; other queries rank the smallest index list. Both keep only the best
   * `limit`, so a query matching half the city costs little more than one matching a street. When fewer
   * than `limit` match exactly, streets that match only with a typo ("Zuiddyk", "zuidijk") fill up.
   */
  async search(q: AddressQuery, limit: number): Promise<AddressEntry[]> {
    if (q.words.length === 0) return this.searchByNumbers(q, limit);
    const exact = this.searchByWords(q, limit, wordScore, (w) => this.streetsByKey.get(w.slice(0, 2)) ?? []);
    if (exact.length >= limit || !hasTolerantWords(q)) return exact;
    const found = new Set(exact);
    const tolerant = this.searchByWords(q, limit, tolerantWordScore, () => this.streets).filter((e) => !found.has(e));
    return [...exact, ...tolerant.slice(0, limit - exact.length)];
  }

  private searchByNumbers(q: AddressQuery, limit: number): AddressEntry[] {
    const list = q.postcode
      ? this.byPostcode.get(q.postcode)
      : q.pc4
        ? this.byPc4.get(q.pc4)
        : q.huisnummer !== null
          ? this.byNumber.get(q.huisnummer)
          : undefined;
    if (!list) return [];
    // A postcode (area) alone scores every address alike: the lists are in natural order already.
    return q.huisnummer === null ? list.slice(0, limit) : rankAddresses(q, list, limit);
  }

  /**
   * Ranks the streets of the smallest candidate list by `score` (exact: the streets under each word's
   * two-letter key; typo-tolerant: every street).
   */
  private searchByWords(
    q: AddressQuery,
    limit: number,
    score: typeof wordScore,
    candidates: (word: string) => AddressEntry[][],
  ): AddressEntry[] {
    const lists = q.words.map(candidates);
    const streets = lists.reduce((a, b) => (b.length < a.length ? b : a));
    const top = new TopK<AddressEntry>(limit);
    const numberless = !q.postcode && !q.pc4 && q.huisnummer === null;
    for (const street of streets) {
      const words = score(q, street[0].address);
      if (words === null || !top.wants(words + MAX_NUMBER_SCORE)) continue;
      if (numberless) {
        for (const e of street.slice(0, limit)) top.add(e, words);
        continue;
      }
      for (const e of street) {
        const n = numberScore(q, e.address);
        if (n !== null && top.wants(words + n)) top.add(e, words + n);
      }
    }
    return top.entries();
  }

  async nearest(lon: number, lat: number, maxDistanceM: number): Promise<AddressEntry | null> {
    return this.grid.nearest(lon, lat, maxDistanceM)?.entry ?? null;
  }

  async listBuurten(): Promise<BuurtEntry[]> {
    return this.buurten;
  }

  async getBuurt(code: string): Promise<BuurtEntry | null> {
    return this.buurten.find((b) => b.buurt.code === code) ?? null;
  }

  async tile(layer: TileLayer, z: number, x: number, y: number): Promise<Buffer> {
    const key = `${layer}/${z}/${x}/${y}`;
    const cached = this.tileCache.get(z, key);
    if (cached) return cached;
    if ((layer === 'gemeenten' || layer === 'wijken') && z > AREA_MAX_ZOOM[layer]) return Buffer.alloc(0);
    // Planners' tiles carry the class only.
    const bytes = layer === 'address-classes' ? this.tiles.addresses.tile(z, x, y, ['probability']) : this.tiles[layer].tile(z, x, y);
    this.tileCache.set(z, key, bytes);
    return bytes;
  }

  async listEntries(buurtCodes: readonly string[] | null): Promise<AddressEntry[]> {
    if (buurtCodes === null) return this.entries;
    const wanted = new Set(buurtCodes);
    return this.entries.filter((e) => wanted.has(e.address.buurtCode));
  }

  /** Plans live in an in-process list: they are gone when the process stops (PostGIS keeps them). */
  private readonly plans = new Map<string, StoredPlan>();

  async savePlan(plan: StoredPlan): Promise<void> {
    this.plans.set(plan.id, structuredClone(plan));
  }

  async getPlan(id: string): Promise<StoredPlan | null> {
    const plan = this.plans.get(id);
    return plan ? structuredClone(plan) : null;
  }

  async close(): Promise<void> {}
}

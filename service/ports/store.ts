import type { AddressQuery } from '../domain/address-query.js';
import type { BuurtStats } from '../domain/buurt-stats.js';
import type { AddressRecord, BuurtRecord, DatasetInfo, RegisterRecord, RiskClass } from '../domain/records.js';

/** A precomputed score for one address, stored with the model version that produced it. */
export interface StoredScore {
  probability: number | null;
  margin: number | null;
  riskClass: RiskClass | null;
  /** Why there is no probability (`ALREADY_RESTORED`, `INSUFFICIENT_DATA`), or null when scored. */
  reason: string | null;
  modelVersion: string;
}

/** An address with its register row and its precomputed score. */
export interface AddressEntry {
  address: AddressRecord;
  register: RegisterRecord | null;
  score: StoredScore;
}

/** A buurt with its (unsuppressed) statistics. */
export interface BuurtEntry {
  buurt: BuurtRecord;
  stats: BuurtStats;
}

/** A vector tile layer served by the store. */
export type TileLayer = 'buurten' | 'addresses';

/** Thrown by stores when the backing database cannot be reached. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Where addresses, buurten and precomputed scores live. One contract test suite runs against every
 * implementation (memory, PostGIS); answers must be identical.
 */
export interface Store {
  /** Dataset description (name, synthetic flag). */
  info(): Promise<DatasetInfo>;
  /** Resolves when the store can answer queries; throws {@link StoreUnavailableError} otherwise. */
  ping(): Promise<void>;
  /** Addresses matching postcode + huisnummer (and huisletter/toevoeging when given). */
  findByPostcode(q: { postcode: string; huisnummer: number; huisletter: string | null; toevoeging: string | null }): Promise<AddressEntry[]>;
  getAddress(verblijfsobjectId: string): Promise<AddressEntry | null>;
  /** Free-text address search, ranked best first. */
  search(q: AddressQuery, limit: number): Promise<AddressEntry[]>;
  /** The nearest address within `maxDistanceM` metres of a WGS84 point. */
  nearest(lon: number, lat: number, maxDistanceM: number): Promise<AddressEntry | null>;
  listBuurten(): Promise<BuurtEntry[]>;
  getBuurt(code: string): Promise<BuurtEntry | null>;
  /** A Mapbox vector tile (uncompressed protobuf), empty buffer when nothing is in it. */
  tile(layer: TileLayer, z: number, x: number, y: number): Promise<Buffer>;
  close(): Promise<void>;
}

import type { AddressQuery } from '../domain/address-query.js';
import type { BuurtStats } from '../domain/buurt-stats.js';
import type { AddressRecord, BuurtRecord, DatasetInfo, RegisterRecord, RiskClass } from '../domain/records.js';

/**
 * What a store serves: the dataset description plus its version, the sha256 of the folder it was
 * loaded from (comparable with a model's `datasetHash`), or null when unknown (data not read from files,
 * or loaded into PostGIS before versions were recorded).
 */
export type ServedDatasetInfo = DatasetInfo & { version: string | null };

/** A precomputed score for one address, stored with the model version that produced it. */
export interface StoredScore {
  /** Survey scale: the chance a survey finds D/E (the ONNX model's calibrated output). */
  probability: number | null;
  /** Stock scale: the chance the foundation is D/E; null when unscored or the model has no stock scale. */
  probabilityStock: number | null;
  margin: number | null;
  riskClass: RiskClass | null;
  /** Why there is no probability (`NO_BUILDING`, `ALREADY_RESTORED`, `INSUFFICIENT_DATA`), or null when scored. */
  reason: string | null;
  modelVersion: string;
}

/** An address with its register row, its precomputed score and the name of its buurt. */
export interface AddressEntry {
  address: AddressRecord;
  register: RegisterRecord | null;
  score: StoredScore;
  /** Name of the address's buurt (null when the buurt is unknown), so an answer needs no second lookup. */
  buurtNaam: string | null;
}

/**
 * A survey plan as kept: its id, when it was made, the model and dataset versions it was made with (so
 * its track record can later be counted against surveys that arrive) and the whole answer as JSON.
 */
export interface StoredPlan {
  id: string;
  createdAt: string;
  modelVersion: string;
  datasetVersion: string | null;
  objective: string;
  /** The plan answer (see `service/domain/plans.ts`), stored as given. */
  answer: unknown;
}

/** A buurt with its (unsuppressed) statistics. */
export interface BuurtEntry {
  buurt: BuurtRecord;
  stats: BuurtStats;
}

/** A vector tile layer served by the store; `address-classes` is the address layer without probabilities (planners). */
export type TileLayer = 'buurten' | 'addresses' | 'address-classes' | 'gemeenten' | 'wijken';

/**
 * Per-call options. `signal`: when it aborts (the HTTP client went away), a store that runs queries
 * cancels them and rejects with {@link QueryCancelledError}; the memory store answers at once anyway.
 */
export interface QueryOptions {
  signal?: AbortSignal;
}

/** The caller aborted the call; the running statement was cancelled. */
export class QueryCancelledError extends Error {
  constructor() {
    super('the query was cancelled by its caller');
    this.name = 'QueryCancelledError';
  }
}

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
  /**
   * Dataset description (name, synthetic flag) and version (see {@link ServedDatasetInfo}): the same
   * object while the served data is unchanged, a new one once a load has committed (answers are cached on it).
   */
  info(opts?: QueryOptions): Promise<ServedDatasetInfo>;
  /** Resolves when the store can answer queries; throws {@link StoreUnavailableError} otherwise. */
  ping(opts?: QueryOptions): Promise<void>;
  /** Lag of each read replica behind the primary (PostGIS with `DATABASE_READ_URL` only). */
  replicaLag?(): Promise<{ replica: string; reachable: boolean; lagBytes: number | null; lagSeconds: number | null }[]>;
  /** Addresses matching postcode + huisnummer (and huisletter/toevoeging when given). */
  findByPostcode(
    q: { postcode: string; huisnummer: number; huisletter: string | null; toevoeging: string | null },
    opts?: QueryOptions,
  ): Promise<AddressEntry[]>;
  getAddress(verblijfsobjectId: string, opts?: QueryOptions): Promise<AddressEntry | null>;
  /** The address a BAG nummeraanduiding (16 digits) belongs to, when the dataset has that link (BAG import). */
  getAddressByNummeraanduiding(nummeraanduidingId: string, opts?: QueryOptions): Promise<AddressEntry | null>;
  /** Free-text address search, ranked best first. */
  search(q: AddressQuery, limit: number, opts?: QueryOptions): Promise<AddressEntry[]>;
  /** The nearest address within `maxDistanceM` metres of a WGS84 point. */
  nearest(lon: number, lat: number, maxDistanceM: number, opts?: QueryOptions): Promise<AddressEntry | null>;
  listBuurten(opts?: QueryOptions): Promise<BuurtEntry[]>;
  getBuurt(code: string, opts?: QueryOptions): Promise<BuurtEntry | null>;
  /** A Mapbox vector tile (uncompressed protobuf), empty buffer when nothing is in it. */
  tile(layer: TileLayer, z: number, x: number, y: number, opts?: QueryOptions): Promise<Buffer>;
  /**
   * Every address with its register row and score, in natural address order; only those in `buurtCodes`
   * when given. For whole-area work (buurt factors, survey plans), never for one request's lookup.
   */
  listEntries(buurtCodes: readonly string[] | null, opts?: QueryOptions): Promise<AddressEntry[]>;
  /** Keeps a survey plan (memory: an in-process list; PostGIS: the `plans` table). */
  savePlan(plan: StoredPlan, opts?: QueryOptions): Promise<void>;
  /** A kept survey plan by id, or null. */
  getPlan(id: string, opts?: QueryOptions): Promise<StoredPlan | null>;
  close(): Promise<void>;
}

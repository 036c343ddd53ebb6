import type { Funderingtype } from '../features/feature-spec.js';
import type { NeighbourhoodEvidence } from '../features/evidence.js';
import type { RecordAttributes } from '../features/inputs.js';

/** Sector quality classes: A good/restored … E acute. */
export const RISK_CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/**
 * One address (BAG verblijfsobject) with the attributes of its building, soil and water. The attributes
 * (`bouwjaar`, `maaiveldNapM`, …, the archive's `funderingtype`) are declared in the input registry
 * (`service/features/inputs.ts`); optional dataset columns may be absent (unknown).
 */
export interface AddressRecord extends RecordAttributes {
  /** 16-digit BAG verblijfsobject id. */
  verblijfsobjectId: string;
  /**
   * 16-digit BAG pand id (the building; the foundation belongs to it), or null when the address has no
   * building: a berth (ligplaats, e.g. a houseboat) or pitch (standplaats), or a verblijfsobject whose
   * pand is missing from the extract. Such an address gets the reason `NO_BUILDING`, never a number.
   */
  pandId: string | null;
  buurtCode: string;
  straat: string;
  huisnummer: number;
  huisletter: string | null;
  toevoeging: string | null;
  /** Postcode without space, e.g. `1506AB`. */
  postcode: string;
  woonplaats: string;
  /** WGS84 longitude. */
  lon: number;
  /** WGS84 latitude. */
  lat: number;
  /**
   * The register around the pand at the dataset's reference year (leave-one-out), from which the model's
   * neighbourhood features are computed. Derived when a store is loaded (`withNeighbourhoodEvidence` of features/evidence.ts
   * for the memory store, the `evidence` table in PostGIS); absent in a dataset folder and for addresses
   * without a building.
   */
  buren?: NeighbourhoodEvidence;
}

/** One row of the municipal foundation register (observed, per pand). Private data. */
export interface RegisterRecord {
  pandId: string;
  onderzocht: boolean;
  onderzochtJaar: number | null;
  kwaliteitsklasse: RiskClass | null;
  hersteld: boolean;
  herstelJaar: number | null;
  droogstand: boolean | null;
  funderingtype: Funderingtype | null;
  /**
   * True when the pand was surveyed as part of a random audit sample (*steekproef*): drawn at random from
   * the building stock, not chosen on suspicion. Such surveys estimate the stock's problem rate without the
   * selection bias of the rest of the register.
   */
  steekproef: boolean;
  /**
   * Quality class of a second, independent survey of the same pand (*herhaalonderzoek*), or null when it
   * was surveyed once. Disagreement between the two surveys estimates the survey error from the register.
   */
  herhaalKlasse: RiskClass | null;
  /** Year of the re-survey, or null when there is none. */
  herhaalJaar: number | null;
}

/** A CBS buurt with its geometry (WGS84 GeoJSON Polygon or MultiPolygon). */
export interface BuurtRecord {
  code: string;
  naam: string;
  wijkCode: string;
  gemeenteCode: string;
  woonplaats: string;
  pc4: string;
  huishoudens: number | null;
  oppervlakteHa: number | null;
  /** True when the boundary is schematic (generated), not the real CBS boundary. */
  schematic: boolean;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Describes a dataset folder. */
export interface DatasetInfo {
  formatVersion: 1;
  name: string;
  /** True when buildings and labels are generated (the demo dataset); say so wherever it is shown. */
  synthetic: boolean;
  description: string;
  /** Seed used by the generator, when generated. */
  seed: number | null;
  /** Reference year of the data (ages are computed against it). */
  referenceYear: number;
}

/** A whole dataset in memory. */
export interface Dataset {
  info: DatasetInfo;
  /**
   * sha256 of the dataset folder it was read from (the same hash a model manifest records as
   * `datasetHash`), or absent for a dataset built in memory and not read from files.
   */
  version?: string;
  buurten: BuurtRecord[];
  addresses: AddressRecord[];
  register: RegisterRecord[];
  /** BAG nummeraanduiding → addressable object links (BAG import; absent when the dataset has none). */
  nummeraanduidingen?: NummeraanduidingRecord[];
}

/** A BAG nummeraanduiding (hoofd- or nevenadres) and the address (verblijfsobject, ligplaats, standplaats) it belongs to. */
export interface NummeraanduidingRecord {
  nummeraanduidingId: string;
  verblijfsobjectId: string;
}

/** Definition of the training label: a surveyed building in quality class D or E has a foundation problem. */
export const PROBLEM_CLASSES: readonly RiskClass[] = ['D', 'E'];

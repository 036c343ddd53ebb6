/**
 * Evidence features (issue 15): what the building archive says about a building's piles, and what the
 * register says about its neighbours. Pure: no I/O, no Express, no pg.
 *
 * Neighbourhood evidence is **leave-one-out** (a building's own survey, its re-survey and its restoration
 * never enter its own features) and **time-aware** (only surveys, re-surveys and restorations dated
 * strictly before the scored year enter). A labelled training row is scored at its survey year, a
 * building in service at the reference year, so no label leaks into its own features.
 */
import type { AddressRecord, Dataset, RegisterRecord } from '../domain/records.js';
import { PROBLEM_CLASSES } from '../domain/records.js';

/** Radius (m) of the "nearby" neighbourhood: a street and the backs of the next one. */
export const EVIDENCE_RADIUS_M = 150;

/** Where a building is and which block it belongs to. */
export interface EvidenceBuilding {
  pandId: string;
  /** Building block (`bouwblok_id`), or null when unknown. */
  bouwblokId: string | null;
  lon: number;
  lat: number;
}

/** Counts from the register around one building, before the scored year, the building itself left out. */
export interface NeighbourhoodEvidence {
  /** Other panden of the same block with a survey dated before the scored year. */
  blokOnderzocht: number;
  /** Of those, found D/E (the latest verdict before the scored year: a re-survey replaces the first). */
  blokProbleem: number;
  /** Other panden of the block restored before the scored year. */
  blokHersteld: number;
  /** Other panden within {@link EVIDENCE_RADIUS_M} with a survey dated before the scored year. */
  straalOnderzocht: number;
  /** Of those, found D/E. */
  straalProbleem: number;
  /** Other panden within the radius restored before the scored year. */
  straalHersteld: number;
}

/** The inputs of the evidence features (archive values as in the dataset's optional columns). */
export interface EvidenceInput {
  maaiveld_nap_m: number | null;
  pleistoceen_nap_m: number | null;
  grondwater_nap_m: number | null;
  grondwater_droog_nap_m: number | null;
  /** Pile-head level from the building archive (m NAP). */
  paalkop_nap_m: number | null;
  /** Pile length from the building archive (m). */
  paallengte_m: number | null;
  /** Neighbourhood counts, or null when the register is not available. */
  buren: NeighbourhoodEvidence | null;
}

/** The group an evidence feature belongs to (for ablation and the model card). */
export type EvidenceGroup = 'archief' | 'buurt';

/** One evidence feature, shaped like `FeatureDefinition` of feature-spec.ts (numeric only). */
export interface EvidenceFeatureDefinition {
  readonly name: string;
  readonly labelNl: string;
  readonly labelEn: string;
  readonly unit: string;
  readonly kind: 'numeric';
  readonly group: EvidenceGroup;
  /** The inputs this feature is computed from. */
  readonly inputs: readonly (keyof EvidenceInput)[];
  readonly compute: (x: EvidenceInput) => number | null;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
const share = (k: number, n: number): number | null => (n > 0 ? k / n : null);
// `== null`: a model input without register context may leave `buren` out altogether.
const count = (x: EvidenceInput, key: keyof NeighbourhoodEvidence): number | null => (x.buren == null ? null : x.buren[key]);

/** The evidence features, in a fixed order (append to FEATURES to use them in a model). */
export const EVIDENCE_FEATURES: readonly EvidenceFeatureDefinition[] = [
  {
    name: 'paalkop_boven_grondwater_m',
    labelNl: 'Paalkop boven grondwater (archief)',
    labelEn: 'Pile head above groundwater (archive)',
    unit: 'm',
    kind: 'numeric',
    group: 'archief',
    inputs: ['paalkop_nap_m', 'grondwater_nap_m'],
    compute: (x) => diff(x.paalkop_nap_m, x.grondwater_nap_m),
  },
  {
    name: 'paalkop_boven_droog_grondwater_m',
    labelNl: 'Paalkop boven grondwater in droge zomer (archief)',
    labelEn: 'Pile head above dry-summer groundwater (archive)',
    unit: 'm',
    kind: 'numeric',
    group: 'archief',
    inputs: ['paalkop_nap_m', 'grondwater_droog_nap_m'],
    compute: (x) => diff(x.paalkop_nap_m, x.grondwater_droog_nap_m),
  },
  {
    name: 'paallengte_archief_m',
    labelNl: 'Paallengte (archief)',
    labelEn: 'Pile length (archive)',
    unit: 'm',
    kind: 'numeric',
    group: 'archief',
    inputs: ['paallengte_m'],
    compute: (x) => x.paallengte_m,
  },
  {
    name: 'paallengte_tekort_m',
    labelNl: 'Paallengte (archief) min geschatte lengte tot zand',
    labelEn: 'Archive pile length minus estimated length to sand',
    unit: 'm',
    kind: 'numeric',
    group: 'archief',
    inputs: ['paallengte_m', 'maaiveld_nap_m', 'pleistoceen_nap_m'],
    compute: (x) => diff(x.paallengte_m, diff(x.maaiveld_nap_m, x.pleistoceen_nap_m)),
  },
  {
    name: 'blok_onderzocht_n',
    labelNl: 'Onderzochte panden in het bouwblok',
    labelEn: 'Surveyed panden in the block',
    unit: 'panden',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => count(x, 'blokOnderzocht'),
  },
  {
    name: 'blok_probleem_aandeel',
    labelNl: 'Aandeel D/E onder onderzochte blokgenoten',
    labelEn: 'Share D/E among surveyed block neighbours',
    unit: '',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => (x.buren == null ? null : share(x.buren.blokProbleem, x.buren.blokOnderzocht)),
  },
  {
    name: 'blok_hersteld_n',
    labelNl: 'Herstelde panden in het bouwblok',
    labelEn: 'Restored panden in the block',
    unit: 'panden',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => count(x, 'blokHersteld'),
  },
  {
    name: 'straal_onderzocht_n',
    labelNl: `Onderzochte panden binnen ${EVIDENCE_RADIUS_M} m`,
    labelEn: `Surveyed panden within ${EVIDENCE_RADIUS_M} m`,
    unit: 'panden',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => count(x, 'straalOnderzocht'),
  },
  {
    name: 'straal_probleem_aandeel',
    labelNl: `Aandeel D/E onder onderzochte panden binnen ${EVIDENCE_RADIUS_M} m`,
    labelEn: `Share D/E among surveyed panden within ${EVIDENCE_RADIUS_M} m`,
    unit: '',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => (x.buren == null ? null : share(x.buren.straalProbleem, x.buren.straalOnderzocht)),
  },
  {
    name: 'straal_hersteld_n',
    labelNl: `Herstelde panden binnen ${EVIDENCE_RADIUS_M} m`,
    labelEn: `Restored panden within ${EVIDENCE_RADIUS_M} m`,
    unit: 'panden',
    kind: 'numeric',
    group: 'buurt',
    inputs: ['buren'],
    compute: (x) => count(x, 'straalHersteld'),
  },
];

/** A survey event of one pand as the neighbourhood sees it. */
interface Event {
  year: number;
  problem: boolean;
}
interface Known {
  surveys: Event[];
  restored: number | null;
}

/** Metres per degree of latitude in the index's local projection. */
export const EVIDENCE_M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LAT = EVIDENCE_M_PER_DEG_LAT;

/** What the register knows of one pand: its surveys (first and re-survey) and its restoration year. */
function eventsOf(r: RegisterRecord): Known {
  const surveys: Event[] = [];
  const bad = (k: string | null) => k !== null && PROBLEM_CLASSES.includes(k as never);
  if (r.onderzocht && r.onderzochtJaar !== null && r.kwaliteitsklasse !== null)
    surveys.push({ year: r.onderzochtJaar, problem: bad(r.kwaliteitsklasse) });
  if (r.herhaalJaar !== null && r.herhaalKlasse !== null) surveys.push({ year: r.herhaalJaar, problem: bad(r.herhaalKlasse) });
  surveys.sort((a, b) => a.year - b.year);
  return { surveys, restored: r.hersteld ? r.herstelJaar : null };
}

/** The latest verdict before `year`: null when no survey is dated before it. */
function verdictBefore(k: Known, year: number): boolean | null {
  let v: boolean | null = null;
  for (const s of k.surveys) if (s.year < year) v = s.problem;
  return v;
}

/** The mean latitude of buildings in their order (52 for none): the default centre of the index's projection. */
export function meanLatitude(buildings: readonly { lat: number }[]): number {
  return buildings.length > 0 ? buildings.reduce((s, b) => s + b.lat, 0) / buildings.length : 52;
}

/**
 * Neighbourhood evidence for any building at any scored year, from the register, the building blocks and
 * the positions. Only panden the register knows take part as neighbours; the building asked about is always
 * left out of its own counts.
 */
export class NeighbourhoodIndex {
  private readonly known = new Map<string, Known>();
  private readonly buildings = new Map<string, EvidenceBuilding>();
  private readonly blockMembers = new Map<string, string[]>();
  private readonly grid = new Map<string, { pandId: string; x: number; y: number }[]>();
  private readonly cell: number;
  private readonly lat0: number;

  /**
   * @param lat0 latitude of the local metric projection; by default the mean latitude of `buildings`. A part
   *   of a larger set (the loader's spatial tiles) passes the whole set's mean, so that distances, and with
   *   them the counts, come out exactly as in one index over the whole set.
   */
  constructor(
    buildings: readonly EvidenceBuilding[],
    register: readonly RegisterRecord[],
    readonly radiusM = EVIDENCE_RADIUS_M,
    lat0?: number,
  ) {
    this.cell = radiusM;
    this.lat0 = lat0 ?? meanLatitude(buildings);
    for (const b of buildings) this.buildings.set(b.pandId, b);
    for (const r of register) {
      const b = this.buildings.get(r.pandId);
      if (!b) continue;
      this.known.set(r.pandId, eventsOf(r));
      if (b.bouwblokId !== null) {
        const list = this.blockMembers.get(b.bouwblokId);
        if (list) list.push(r.pandId);
        else this.blockMembers.set(b.bouwblokId, [r.pandId]);
      }
      const [x, y] = this.metres(b);
      const key = `${Math.floor(x / this.cell)}:${Math.floor(y / this.cell)}`;
      const list = this.grid.get(key);
      const entry = { pandId: r.pandId, x, y };
      if (list) list.push(entry);
      else this.grid.set(key, [entry]);
    }
  }

  private metres(b: { lon: number; lat: number }): [number, number] {
    return [b.lon * M_PER_DEG_LAT * Math.cos((this.lat0 * Math.PI) / 180), b.lat * M_PER_DEG_LAT];
  }

  /** Evidence for `pandId` from what the register recorded before `year` (the pand itself left out). */
  evidenceFor(pandId: string, year: number): NeighbourhoodEvidence {
    const out: NeighbourhoodEvidence = {
      blokOnderzocht: 0,
      blokProbleem: 0,
      blokHersteld: 0,
      straalOnderzocht: 0,
      straalProbleem: 0,
      straalHersteld: 0,
    };
    const b = this.buildings.get(pandId);
    if (!b) return out;
    const tally = (other: string, which: 'blok' | 'straal') => {
      if (other === pandId) return; // leave-one-out: never the building's own survey, re-survey or restoration
      const k = this.known.get(other) as Known;
      const verdict = verdictBefore(k, year);
      if (verdict !== null) {
        out[`${which}Onderzocht`] += 1;
        if (verdict) out[`${which}Probleem`] += 1;
      }
      if (k.restored !== null && k.restored < year) out[`${which}Hersteld`] += 1;
    };
    if (b.bouwblokId !== null) for (const other of this.blockMembers.get(b.bouwblokId) ?? []) tally(other, 'blok');
    const [x, y] = this.metres(b);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let i = cx - 1; i <= cx + 1; i += 1) {
      for (let j = cy - 1; j <= cy + 1; j += 1) {
        for (const e of this.grid.get(`${i}:${j}`) ?? []) {
          if (Math.hypot(e.x - x, e.y - y) <= this.radiusM) tally(e.pandId, 'straal');
        }
      }
    }
    return out;
  }
}

/** The evidence feature vector of one input, in {@link EVIDENCE_FEATURES} order (NaN = missing). */
export function evidenceVector(x: EvidenceInput): number[] {
  return EVIDENCE_FEATURES.map((f) => {
    const v = f.compute(x);
    return v === null || !Number.isFinite(v) ? Number.NaN : v;
  });
}

/**
 * The neighbourhood index of a dataset's addresses (one building per pand, its block from the optional
 * `bouwblok_id` column) and its register. For the service: build once per dataset version.
 */
export function neighbourhoodIndexOfAddresses(
  addresses: readonly AddressRecord[],
  register: readonly RegisterRecord[],
): NeighbourhoodIndex {
  const seen = new Map<string, EvidenceBuilding>();
  for (const a of addresses) {
    if (a.pandId === null || seen.has(a.pandId)) continue;
    seen.set(a.pandId, { pandId: a.pandId, bouwblokId: a.bouwblokId ?? null, lon: a.lon, lat: a.lat });
  }
  return new NeighbourhoodIndex([...seen.values()], register);
}

/**
 * The evidence input of an address scored in `year` (the service: the dataset's reference year; a
 * labelled training row: its survey year). Archive values come from the optional columns; unknown → null.
 */
export function evidenceInputFromAddress(a: AddressRecord, index: NeighbourhoodIndex | null, year: number): EvidenceInput {
  return {
    maaiveld_nap_m: a.maaiveldNapM,
    pleistoceen_nap_m: a.pleistoceenNapM,
    grondwater_nap_m: a.grondwaterNapM,
    grondwater_droog_nap_m: a.grondwaterDroogNapM ?? null,
    paalkop_nap_m: a.paalkopNapM ?? null,
    paallengte_m: a.paallengteM ?? null,
    buren: index && a.pandId !== null ? index.evidenceFor(a.pandId, year) : null,
  };
}

/**
 * The dataset with each address's neighbourhood evidence at the dataset's reference year attached (`buren`),
 * as the service scores and explains it: one index for the whole dataset, the pand itself left out of its own
 * counts. Addresses without a building get none. The records are copies; the dataset is not changed.
 */
export function withNeighbourhoodEvidence(dataset: Dataset): Dataset {
  const index = neighbourhoodIndexOfAddresses(dataset.addresses, dataset.register);
  const year = dataset.info.referenceYear;
  const byPand = new Map<string, NeighbourhoodEvidence>();
  const addresses = dataset.addresses.map((a) => {
    if (a.pandId === null) return a;
    let buren = byPand.get(a.pandId);
    if (!buren) {
      buren = index.evidenceFor(a.pandId, year);
      byPand.set(a.pandId, buren);
    }
    return { ...a, buren };
  });
  return { ...dataset, addresses };
}

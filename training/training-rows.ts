import type { AddressRecord, Dataset, RegisterRecord } from '../service/domain/records.js';
import { PROBLEM_CLASSES } from '../service/domain/records.js';
import { FEATURES, featureVector } from '../service/features/feature-spec.js';
import { featureInputFromAddress } from '../service/features/from-address.js';
import { type NeighbourhoodIndex, neighbourhoodIndexOfAddresses } from '../service/features/evidence.js';

/** The neighbourhood index of a dataset, built once per dataset object (labelled and stock rows share it). */
const INDEXES = new WeakMap<Dataset, NeighbourhoodIndex>();
function indexOf(dataset: Dataset): NeighbourhoodIndex {
  let index = INDEXES.get(dataset);
  if (!index) {
    index = neighbourhoodIndexOfAddresses(dataset.addresses, dataset.register);
    INDEXES.set(dataset, index);
  }
  return index;
}

/**
 * One row per pand (building). The foundation belongs to the pand, and all addresses of a pand share its
 * building, soil and water attributes, so one row per address would count a block of flats many times
 * and leak between train and test. The representative address is the one with the smallest BAG id.
 */
export interface PandRows {
  pandIds: string[];
  buurtCodes: string[];
  /** Feature matrix built by the service's feature module, row-major, NaN = missing. */
  x: Float32Array;
  /** 1 = problem (class D or E), 0 = no problem; all 0 for unlabelled stock rows. */
  y: Uint8Array;
  /** 1 = the survey was of the random audit sample (`steekproef`), 0 = surveyed on suspicion (or stock). */
  audit: Uint8Array;
  rows: number;
  width: number;
}

/** Why surveyed panden were left out of the labelled rows (reported in the model card). */
export interface LabelExclusions {
  surveyedWithoutClass: number;
  surveyedAfterRestoration: number;
}

/** One address per pand (the lowest verblijfsobject id); addresses without a building have no pand row. */
function representatives(addresses: readonly AddressRecord[]): Map<string, AddressRecord & { pandId: string }> {
  const byPand = new Map<string, AddressRecord & { pandId: string }>();
  for (const a of addresses) {
    if (a.pandId === null) continue;
    const current = byPand.get(a.pandId);
    if (!current || a.verblijfsobjectId < current.verblijfsobjectId) byPand.set(a.pandId, a as AddressRecord & { pandId: string });
  }
  return new Map([...byPand.entries()].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
}

/**
 * The rows of `picked`, each with its neighbourhood evidence as the register stood before `year` (the pand's
 * own survey, re-survey and restoration always left out; see ../service/features/evidence.ts).
 */
function toRows(
  picked: { address: AddressRecord & { pandId: string }; label: number; audit?: boolean; year: number }[],
  index: NeighbourhoodIndex,
): PandRows {
  const width = FEATURES.length;
  const x = new Float32Array(picked.length * width);
  const y = new Uint8Array(picked.length);
  picked.forEach(({ address, label, year }, i) => {
    x.set(featureVector({ ...featureInputFromAddress(address), buren: index.evidenceFor(address.pandId, year) }), i * width);
    y[i] = label;
  });
  const audit = Uint8Array.from(picked, (p) => (p.audit ? 1 : 0));
  return {
    pandIds: picked.map((p) => p.address.pandId),
    buurtCodes: picked.map((p) => p.address.buurtCode),
    x,
    y,
    audit,
    rows: picked.length,
    width,
  };
}

/** Whether a register row is of the random audit sample. */
export const isAudit = (r: RegisterRecord): boolean => r.steekproef;

/**
 * Whether a register row is a usable label: surveyed with a quality class, and — for restored buildings —
 * surveyed no later than the restoration (a survey after restoration describes the new foundation, not
 * the risk of the original one the features describe; with a year missing we cannot tell, so we skip it).
 */
export function labelStatus(r: RegisterRecord): 'label' | 'no-class' | 'after-restoration' | 'not-surveyed' {
  if (!r.onderzocht) return 'not-surveyed';
  if (r.kwaliteitsklasse === null) return 'no-class';
  if (r.hersteld && (r.herstelJaar === null || r.onderzochtJaar === null || r.onderzochtJaar > r.herstelJaar)) return 'after-restoration';
  return 'label';
}

/**
 * The labelled training rows: surveyed panden with a usable quality class; D/E = problem. Each row's
 * neighbourhood evidence is taken at its survey year (time-aware: only what the register held before the
 * survey; the reference year when the survey year is unknown), as the evidence ablation does.
 */
export function labelledRows(dataset: Dataset): PandRows & { exclusions: LabelExclusions } {
  const register = new Map(dataset.register.map((r) => [r.pandId, r]));
  const picked: { address: AddressRecord & { pandId: string }; label: number; audit: boolean; year: number }[] = [];
  const exclusions: LabelExclusions = { surveyedWithoutClass: 0, surveyedAfterRestoration: 0 };
  for (const [pandId, address] of representatives(dataset.addresses)) {
    const r = register.get(pandId);
    if (!r) continue;
    const status = labelStatus(r);
    if (status === 'no-class') exclusions.surveyedWithoutClass += 1;
    if (status === 'after-restoration') exclusions.surveyedAfterRestoration += 1;
    if (status !== 'label') continue;
    const year = r.onderzochtJaar ?? dataset.info.referenceYear;
    picked.push({ address, label: PROBLEM_CLASSES.includes(r.kwaliteitsklasse as never) ? 1 : 0, audit: isAudit(r), year });
  }
  return { ...toRows(picked, indexOf(dataset)), exclusions };
}

/**
 * Every pand of the dataset (the whole building stock), one row each, labels from `truth` when given; the
 * neighbourhood evidence at the dataset's reference year, as the service scores it.
 */
export function stockRows(dataset: Dataset, truth?: ReadonlyMap<string, boolean>): PandRows {
  const picked = [...representatives(dataset.addresses).values()]
    .filter((a) => !truth || truth.has(a.pandId))
    .map((address) => ({ address, label: truth?.get(address.pandId) ? 1 : 0, year: dataset.info.referenceYear }));
  return toRows(picked, indexOf(dataset));
}

/** The rows at `indices` as a new {@link PandRows}. */
export function selectRows(rows: PandRows, indices: readonly number[]): PandRows {
  const x = new Float32Array(indices.length * rows.width);
  indices.forEach((i, k) => x.set(rows.x.subarray(i * rows.width, (i + 1) * rows.width), k * rows.width));
  return {
    pandIds: indices.map((i) => rows.pandIds[i]),
    buurtCodes: indices.map((i) => rows.buurtCodes[i]),
    x,
    y: Uint8Array.from(indices, (i) => rows.y[i]),
    audit: Uint8Array.from(indices, (i) => rows.audit[i]),
    rows: indices.length,
    width: rows.width,
  };
}

/**
 * Feature-group ablation for the evidence features of issue 15: repeated buurt-grouped cross-validation
 * with the project's splits and learner, one model per feature group on identical folds, so the gain of a
 * group is measured paired (same buurten, same rows) and comes with its spread over buurt assignments.
 */
import type { AddressRecord, Dataset, RegisterRecord } from '../../service/domain/records.js';
import { predictMargins } from '../../service/domain/trees/predict-trees.js';
import { EVIDENCE_FEATURES, NeighbourhoodIndex, evidenceVector, type EvidenceInput } from '../../service/features/evidence.js';
import { BASE_FEATURES } from '../../service/features/feature-spec.js';
import { AUDIT_WEIGHT } from '../certainty/cross-fit.js';
import { trainGbdt, type LabelledMatrix } from '../gbdt.js';
import type { Hyperparameters } from '../hyperparameters.js';
import type { Progress } from '../progress.js';
import { groupFolds, groupPartition } from '../splits.js';
import { labelledRows, selectRows, stockRows, type PandRows } from '../training-rows.js';
import type { EvidenceColumns } from './evidence-columns.js';
import { rocAuc } from './metrics.js';

/** The features of the models before issue 15 (the served model now uses every column of {@link FULL_NAMES}). */
const BASE_NAMES: readonly string[] = BASE_FEATURES.map((f) => f.name);

/** The new environment inputs of issue 15 (dataset columns, not evidence): in every group from `base` on. */
export const ENVIRONMENT_NAMES = ['ophoging_m', 'grondwater_droog_nap_m'] as const;

/** Column names of the full matrix: today's features, the environment inputs, then the evidence features. */
export const FULL_NAMES: readonly string[] = [...BASE_NAMES, ...ENVIRONMENT_NAMES, ...EVIDENCE_FEATURES.map((f) => f.name)];

/** Rows with all columns, and the year each row was scored at. */
export interface EvidenceRows extends PandRows {
  scoredYear: number[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const nan = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v);

function representatives(addresses: readonly AddressRecord[]): Map<string, AddressRecord> {
  const out = new Map<string, AddressRecord>();
  for (const a of addresses) {
    if (a.pandId === null) continue;
    const c = out.get(a.pandId);
    if (!c || a.verblijfsobjectId < c.verblijfsobjectId) out.set(a.pandId, a);
  }
  return out;
}

/** The neighbourhood index of a dataset (all panden with their block and position, the whole register). */
export function neighbourhoodIndexOf(dataset: Dataset, columns: ReadonlyMap<string, EvidenceColumns>): NeighbourhoodIndex {
  const buildings = [...representatives(dataset.addresses).values()].map((a) => ({
    pandId: a.pandId as string,
    bouwblokId: columns.get(a.pandId as string)?.bouwblokId ?? null,
    lon: a.lon,
    lat: a.lat,
  }));
  return new NeighbourhoodIndex(buildings, dataset.register);
}

/** The evidence input of one pand scored at `year`. */
export function evidenceInputOf(
  a: AddressRecord,
  c: EvidenceColumns | undefined,
  index: NeighbourhoodIndex | null,
  year: number,
): EvidenceInput {
  return {
    maaiveld_nap_m: a.maaiveldNapM,
    pleistoceen_nap_m: a.pleistoceenNapM,
    grondwater_nap_m: a.grondwaterNapM,
    grondwater_droog_nap_m: c?.grondwaterDroogNapM ?? null,
    paalkop_nap_m: c?.paalkopNapM ?? null,
    paallengte_m: c?.paallengteM ?? null,
    buren: index ? index.evidenceFor(a.pandId as string, year) : null,
  };
}

function widen(
  base: PandRows,
  years: number[],
  dataset: Dataset,
  columns: ReadonlyMap<string, EvidenceColumns>,
  index: NeighbourhoodIndex,
): EvidenceRows {
  const reps = representatives(dataset.addresses);
  const width = FULL_NAMES.length;
  const x = new Float32Array(base.rows * width);
  for (let i = 0; i < base.rows; i += 1) {
    const a = reps.get(base.pandIds[i]) as AddressRecord;
    const c = columns.get(base.pandIds[i]);
    const row = [
      // The base columns only: `labelledRows`/`stockRows` now carry the served features, evidence included.
      ...base.x.subarray(i * base.width, i * base.width + BASE_NAMES.length),
      nan(c?.ophogingM),
      nan(c?.grondwaterDroogNapM),
      ...evidenceVector(evidenceInputOf(a, c, index, years[i])),
    ];
    x.set(row, i * width);
  }
  return { ...base, x, width, scoredYear: years };
}

/**
 * The labelled rows (as `labelledRows`) with every column, each scored at its own survey year: only what the
 * register held before that survey enters its neighbourhood features.
 */
export function labelledEvidenceRows(
  dataset: Dataset,
  columns: ReadonlyMap<string, EvidenceColumns>,
  index = neighbourhoodIndexOf(dataset, columns),
): EvidenceRows {
  const base = labelledRows(dataset);
  const reg = new Map<string, RegisterRecord>(dataset.register.map((r) => [r.pandId, r]));
  return widen(
    base,
    base.pandIds.map((p) => reg.get(p)?.onderzochtJaar ?? dataset.info.referenceYear),
    dataset,
    columns,
    index,
  );
}

/** Every pand, scored at the dataset's reference year (what the service would serve). */
export function stockEvidenceRows(
  dataset: Dataset,
  columns: ReadonlyMap<string, EvidenceColumns>,
  index = neighbourhoodIndexOf(dataset, columns),
): EvidenceRows {
  const base = stockRows(dataset);
  return widen(
    base,
    base.pandIds.map(() => dataset.info.referenceYear),
    dataset,
    columns,
    index,
  );
}

/** A feature group: a name and the columns (names of {@link FULL_NAMES}) it uses. */
export interface FeatureGroup {
  name: string;
  columns: readonly string[];
}

/** The groups of the issue: base / + archive / + neighbourhood / all (and today's features for reference). */
export function standardGroups(): FeatureGroup[] {
  const archive = EVIDENCE_FEATURES.filter((f) => f.group === 'archief').map((f) => f.name);
  const buurt = EVIDENCE_FEATURES.filter((f) => f.group === 'buurt').map((f) => f.name);
  const base = [...BASE_NAMES, ...ENVIRONMENT_NAMES];
  return [
    { name: 'before issue 15 (features of earlier models)', columns: BASE_NAMES },
    { name: 'base (+ raised ground, dry-summer groundwater)', columns: base },
    { name: 'base + archive', columns: [...base, ...archive] },
    { name: 'base + neighbourhood', columns: [...base, ...buurt] },
    { name: 'all (the served features)', columns: [...base, ...archive, ...buurt] },
  ];
}

function project(rows: PandRows, names: readonly string[], columns: readonly string[]): PandRows {
  const idx = columns.map((c) => {
    const k = names.indexOf(c);
    if (k < 0) throw new Error(`unknown column ${c}`);
    return k;
  });
  const x = new Float32Array(rows.rows * idx.length);
  for (let i = 0; i < rows.rows; i += 1) for (let j = 0; j < idx.length; j += 1) x[i * idx.length + j] = rows.x[i * rows.width + idx[j]];
  return { ...rows, x, width: idx.length };
}

function weighted(part: PandRows, auditWeight: number): LabelledMatrix {
  if (auditWeight === 1) return part;
  return { ...part, weight: Float64Array.from(part.audit, (a) => (a === 1 ? auditWeight : 1)) };
}

/** Result per group: fold AUCs over all repeats and the mean fold AUC per repeat. */
export interface AblationResult {
  group: string;
  foldAuc: number[];
  repeatAuc: number[];
}

/**
 * `repeats` × `folds` buurt-grouped CV. Trees are fit as the trainer fits them: on the labelled rows of
 * the training buurten (audit rows with {@link AUDIT_WEIGHT}), early stopping on a buurt-grouped 15 %;
 * AUC on the test buurten' rows surveyed on suspicion (as the model card's CV).
 */
export function evidenceAblation(
  rows: PandRows,
  names: readonly string[],
  groups: readonly FeatureGroup[],
  folds: number,
  repeats: number,
  params: Hyperparameters,
  log: Progress,
  auditWeight = AUDIT_WEIGHT,
): AblationResult[] {
  const projected = groups.map((g) => project(rows, names, g.columns));
  const results = groups.map((g) => ({ group: g.name, foldAuc: [] as number[], repeatAuc: [] as number[] }));
  for (let r = 0; r < repeats; r += 1) {
    const seed = params.seed + 1000 * r;
    const fold = groupFolds(rows.buurtCodes, folds, seed);
    const perRepeat = groups.map(() => [] as number[]);
    for (let f = 0; f < folds; f += 1) {
      const trainIdx = range(rows.rows).filter((i) => fold[i] !== f && (auditWeight > 0 || rows.audit[i] === 0));
      const testIdx = range(rows.rows).filter((i) => fold[i] === f && rows.audit[i] === 0);
      const parts = groupPartition(
        trainIdx.map((i) => rows.buurtCodes[i]),
        { fit: 0.85, valid: 0.15 },
        seed + f + 1,
      );
      groups.forEach((g, k) => {
        const m = projected[k];
        const pick = (pos: number[]) =>
          weighted(
            selectRows(
              m,
              pos.map((p) => trainIdx[p]),
            ),
            auditWeight,
          );
        const model = trainGbdt(pick(parts.fit), { ...params, seed: seed + f }, g.columns, pick(parts.valid));
        const test = selectRows(m, testIdx);
        const auc = rocAuc(predictMargins(model.ensemble, test.x, test.rows), test.y);
        results[k].foldAuc.push(auc);
        perRepeat[k].push(auc);
      });
      log(
        `repeat ${r + 1}/${repeats}, fold ${f + 1}/${folds}: ${results.map((x) => x.foldAuc[x.foldAuc.length - 1].toFixed(3)).join(' ')}`,
      );
    }
    perRepeat.forEach((a, k) => results[k].repeatAuc.push(a.reduce((s, v) => s + v, 0) / a.length));
  }
  return results;
}

/**
 * Per column: the share of stock rows whose value lies outside the range seen in the labelled rows (what a
 * tree can only extrapolate flat), and the share missing in each.
 */
export function outOfRangeShares(
  labelled: PandRows,
  stock: PandRows,
  names: readonly string[],
): { name: string; outOfRange: number; missingLabelled: number; missingStock: number; min: number; max: number }[] {
  return names.map((name, j) => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let missL = 0;
    for (let i = 0; i < labelled.rows; i += 1) {
      const v = labelled.x[i * labelled.width + j];
      if (Number.isNaN(v)) {
        missL += 1;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let out = 0;
    let missS = 0;
    let seen = 0;
    for (let i = 0; i < stock.rows; i += 1) {
      const v = stock.x[i * stock.width + j];
      if (Number.isNaN(v)) {
        missS += 1;
        continue;
      }
      seen += 1;
      if (v < min || v > max) out += 1;
    }
    return {
      name,
      outOfRange: out / Math.max(1, seen),
      missingLabelled: missL / Math.max(1, labelled.rows),
      missingStock: missS / Math.max(1, stock.rows),
      min,
      max,
    };
  });
}

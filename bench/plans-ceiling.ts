/**
 * How high can a find-problems plan's lift over "oldest first" go on a world? An upper-bound experiment for
 * `bench:plans --ceiling` (bench only: it reads the hidden truth as labels, which the service never can).
 *
 * On the plan's candidates (panden not surveyed or restored) it counts the true problems among the top
 * `surveys` of rankings by margins of models that were trained with the truth of the whole stock,
 * cross-fitted 5-fold by buurt (every pand's margin comes from trees that never saw its buurt's truth):
 * - `truth labels, service inputs`: the service's own features (the feature module, neighbourhood evidence
 *   at the reference year) — no ranking from the inputs the service has should do much better, since the
 *   labels are every pand's true state instead of ~4 % noisy surveys chosen on suspicion;
 * - `truth labels, + hidden pile columns`: the same plus the hidden columns of `truth.csv.gz` the failure
 *   mechanisms are drawn from (true foundation type, wood species, pile-head level above groundwater and
 *   above dry-summer groundwater, pile length, and its shortfall to the sand) — what is left out then is
 *   the latent frailty and the random draws;
 * - `latent probability`: for generated worlds, the generator's own chance of a problem per pand
 *   (`kans`, every latent variable but the draws), the best ranking in expectation.
 */
import type { Dataset } from '../service/domain/records.js';
import { FUNDERINGTYPES } from '../service/features/inputs.js';
import { FEATURE_NAMES } from '../service/features/feature-spec.js';
import { predictMargins } from '../service/domain/trees/predict-trees.js';
import { trainGbdt, type LabelledMatrix } from '../training/gbdt.js';
import type { Hyperparameters } from '../training/hyperparameters.js';
import { groupFolds, groupPartition } from '../training/splits.js';
import { stockRows, type PandRows } from '../training/training-rows.js';

/** The hidden truth of one pand, as far as the ceiling uses it. */
export interface CeilingTruth {
  probleem: boolean;
  funderingtype: string;
  houtsoort: 'grenen' | 'vuren' | null;
  paalkopNapM: number | null;
  paallengteM: number | null;
  /** The generator's latent probability of a problem (generated worlds only). */
  kans?: number;
}

/** One ranking's count of true problems among the first `surveys` candidates. */
export interface CeilingLine {
  ranking: string;
  found: number;
}

export const CEILING_FOLDS = 5;
const HIDDEN_COLUMNS = [
  'waar_funderingtype',
  'waar_houtsoort_grenen',
  'waar_paalkop_boven_grondwater_m',
  'waar_paalkop_boven_droog_grondwater_m',
  'waar_paallengte_m',
  'waar_paallengte_tekort_m',
] as const;

const col = (name: string) => FEATURE_NAMES.indexOf(name);

/** The stock rows with the hidden pile columns appended (NaN where the truth has none). */
function withHidden(rows: PandRows, truth: ReadonlyMap<string, CeilingTruth>): PandRows {
  const width = rows.width + HIDDEN_COLUMNS.length;
  const x = new Float32Array(rows.rows * width);
  const [gw, droog, maaiveld, pleistoceen] = ['grondwater_nap_m', 'grondwater_droog_nap_m', 'maaiveld_nap_m', 'pleistoceen_nap_m'].map(col);
  const d = (a: number | null, b: number) => (a === null || Number.isNaN(b) ? Number.NaN : a - b);
  for (let i = 0; i < rows.rows; i += 1) {
    const src = rows.x.subarray(i * rows.width, (i + 1) * rows.width);
    x.set(src, i * width);
    const t = truth.get(rows.pandIds[i]);
    const o = i * width + rows.width;
    if (!t) {
      x.fill(Number.NaN, o, o + HIDDEN_COLUMNS.length);
      continue;
    }
    x[o] = FUNDERINGTYPES.indexOf(t.funderingtype as never);
    x[o + 1] = t.houtsoort === null ? Number.NaN : t.houtsoort === 'grenen' ? 1 : 0;
    x[o + 2] = d(t.paalkopNapM, src[gw]);
    x[o + 3] = d(t.paalkopNapM, src[droog]);
    x[o + 4] = t.paallengteM ?? Number.NaN;
    x[o + 5] = d(t.paallengteM, src[maaiveld] - src[pleistoceen]);
  }
  return { ...rows, x, width };
}

function select(rows: PandRows, idx: readonly number[]): LabelledMatrix {
  const x = new Float32Array(idx.length * rows.width);
  idx.forEach((i, k) => x.set(rows.x.subarray(i * rows.width, (i + 1) * rows.width), k * rows.width));
  return { x, y: Uint8Array.from(idx, (i) => rows.y[i]), rows: idx.length, width: rows.width };
}

/** Margins for every row from trees fit on the other folds (by buurt), early-stopped on 15 % of their buurten. */
function crossFitted(rows: PandRows, names: readonly string[], params: Hyperparameters): Float64Array {
  const folds = groupFolds(rows.buurtCodes, CEILING_FOLDS, params.seed + 7);
  const out = new Float64Array(rows.rows);
  for (let f = 0; f < CEILING_FOLDS; f += 1) {
    const train = [...rows.buurtCodes.keys()].filter((i) => folds[i] !== f);
    const test = [...rows.buurtCodes.keys()].filter((i) => folds[i] === f);
    const parts = groupPartition(
      train.map((i) => rows.buurtCodes[i]),
      { fit: 0.85, valid: 0.15 },
      params.seed + f,
    );
    const model = trainGbdt(
      select(
        rows,
        parts.fit.map((p) => train[p]),
      ),
      params,
      names,
      select(
        rows,
        parts.valid.map((p) => train[p]),
      ),
    );
    const t = select(rows, test);
    const m = predictMargins(model.ensemble, t.x, t.rows);
    test.forEach((i, k) => {
      out[i] = m[k];
    });
  }
  return out;
}

/**
 * The ceiling lines of one world: `candidates` are the plan's candidate panden (in any order), `surveys`
 * the plan's size. Each ranking is cut to the first `surveys` candidates; ties by pand id.
 */
export function rankingCeiling(
  dataset: Dataset,
  truth: ReadonlyMap<string, CeilingTruth>,
  candidates: readonly string[],
  surveys: number,
  params: Hyperparameters,
): CeilingLine[] {
  const labels = new Map([...truth].map(([p, t]) => [p, t.probleem]));
  const rows = stockRows(dataset, labels);
  const isCandidate = new Set(candidates);
  const top = (score: (i: number) => number) =>
    [...rows.pandIds.keys()]
      .filter((i) => isCandidate.has(rows.pandIds[i]))
      .sort((i, j) => score(j) - score(i) || (rows.pandIds[i] < rows.pandIds[j] ? -1 : 1))
      .slice(0, surveys)
      .reduce((n, i) => n + rows.y[i], 0);
  const service = crossFitted(rows, FEATURE_NAMES, params);
  const hidden = withHidden(rows, truth);
  const full = crossFitted(hidden, [...FEATURE_NAMES, ...HIDDEN_COLUMNS], params);
  const lines: CeilingLine[] = [
    { ranking: 'truth labels, service inputs', found: top((i) => service[i]) },
    { ranking: 'truth labels, + hidden pile columns', found: top((i) => full[i]) },
  ];
  if ([...truth.values()].every((t) => t.kans !== undefined))
    lines.push({ ranking: 'latent probability (generator)', found: top((i) => truth.get(rows.pandIds[i])?.kans ?? 0) });
  return lines;
}
